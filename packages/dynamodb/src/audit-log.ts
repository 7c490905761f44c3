import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry, AuditLog, AuditQuery } from "@scrm/core";
import { decodeCursor, encodeCursor, type Key } from "./cursor";
import { keys } from "./table";

const { timeline } = keys.indexes;
const workspacePartition = (workspaceId: string) => `AUDIT#${workspaceId}`;
const entityPartition = (workspaceId: string, type: string, id?: string) =>
  `AUDIT#${workspaceId}#${type}${id === undefined ? "" : `#${id}`}`;

/**
 * The audit log: one item per change, newest first per workspace (`AUDIT#<ws>`), and through the
 * timeline index per entity (`AUDIT#<ws>#<type>#<id>`). Written at people's pace, so one partition
 * per workspace is not hot.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const sk = `${entry.at}#${entry.id}`;
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: workspacePartition(entry.workspaceId),
          sk,
          [timeline.partition]: entityPartition(entry.workspaceId, entry.entity.type, entry.entity.id),
          [timeline.sort]: sk,
          doc: JSON.stringify(entry),
        },
      }),
    );
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
    const byEntity = query.entityType !== undefined && query.entityId !== undefined;
    const partitionName = byEntity ? timeline.partition : "pk";
    const sortName = byEntity ? timeline.sort : "sk";
    const partition = byEntity
      ? entityPartition(query.workspaceId, query.entityType as string, query.entityId)
      : workspacePartition(query.workspaceId);
    const filter = !byEntity && query.entityType ? { expression: "begins_with(#g, :type)" } : undefined;
    const items: Array<Record<string, unknown>> = [];
    let startKey: Key | undefined = query.cursor ? decodeCursor(query.cursor) : undefined;
    while (items.length <= query.limit) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          ...(byEntity ? { IndexName: timeline.name } : {}),
          KeyConditionExpression: query.since ? "#p = :p AND #s >= :since" : "#p = :p",
          ExpressionAttributeNames: {
            "#p": partitionName,
            ...(query.since ? { "#s": sortName } : {}),
            ...(filter ? { "#g": timeline.partition } : {}),
          },
          ExpressionAttributeValues: {
            ":p": partition,
            ...(query.since ? { ":since": query.since } : {}),
            ...(filter ? { ":type": entityPartition(query.workspaceId, query.entityType as string, "") } : {}),
          },
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ScanIndexForward: false,
          Limit: Math.max(query.limit + 1, 25),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      if (!page.LastEvaluatedKey) break;
      startKey = page.LastEvaluatedKey as Key;
    }
    const returned = items.slice(0, query.limit);
    const last = returned.at(-1);
    const nextCursor =
      items.length > query.limit && last
        ? encodeCursor({
            pk: String(last.pk),
            sk: String(last.sk),
            ...(byEntity
              ? { [timeline.partition]: String(last[timeline.partition]), [timeline.sort]: String(last[timeline.sort]) }
              : {}),
          })
        : undefined;
    return {
      items: returned.map((item) => JSON.parse(String(item.doc)) as AuditEntry),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }
}
