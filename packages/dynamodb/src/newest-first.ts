import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor, type Key } from "./cursor";

type PageQuery = Omit<QueryCommandInput, "ScanIndexForward" | "Limit" | "ExclusiveStartKey">;

/**
 * One page of a query, newest first, with the cursor our list routes hand out. It reads one item more
 * than asked: that tells whether there is a next page without ever returning an empty one (a filter
 * may thin pages out, so it keeps reading until it has enough or the partition ends).
 */
export async function newestFirstPage(
  documents: DynamoDBDocumentClient,
  query: PageQuery,
  page: { limit: number; cursor?: string; index?: { partition: string; sort: string } },
): Promise<{ items: Array<Record<string, unknown>>; nextCursor?: string }> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Key | undefined = page.cursor ? decodeCursor(page.cursor) : undefined;
  while (items.length <= page.limit) {
    const answer = await documents.send(
      new QueryCommand({
        ...query,
        ScanIndexForward: false,
        Limit: Math.max(page.limit + 1, 25),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(answer.Items ?? []));
    if (!answer.LastEvaluatedKey) break;
    startKey = answer.LastEvaluatedKey as Key;
  }
  const returned = items.slice(0, page.limit);
  const last = returned.at(-1);
  const { index } = page;
  const nextCursor =
    items.length > page.limit && last
      ? encodeCursor({
          pk: String(last.pk),
          sk: String(last.sk),
          ...(index
            ? { [index.partition]: String(last[index.partition]), [index.sort]: String(last[index.sort]) }
            : {}),
        })
      : undefined;
  return { items: returned, ...(nextCursor ? { nextCursor } : {}) };
}
