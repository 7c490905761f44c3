import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type CaseRef, type CrmRecordIndex, type CrmTarget, Interaction, type ThreadReader } from "@scrm/core";
import type { Key } from "./cursor";
import { keys } from "./table";

const { thread } = keys.indexes;

/**
 * A thread's interactions, oldest first, from the `thread` index (`WS#<ws>#TH#<platform>#<threadId>`).
 * The index is eventually consistent: callers re-read an item before writing it.
 */
export class DynamoThreadReader implements ThreadReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listThread(workspaceId: string, platform: string, threadId: string): Promise<Interaction[]> {
    const found: Interaction[] = [];
    let startKey: Key | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: thread.name,
          KeyConditionExpression: "#p = :p",
          ExpressionAttributeNames: { "#p": thread.partition },
          ExpressionAttributeValues: { ":p": `WS#${workspaceId}#TH#${platform}#${threadId}` },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) found.push(Interaction.parse(JSON.parse(String(item.doc))));
      startKey = page.LastEvaluatedKey as Key | undefined;
    } while (startKey);
    return found;
  }
}

/** Which case a CRM record belongs to (`CRMREC#<target>#<objectType>#<recordId>` / `R`), written by the sync. */
export class DynamoCrmRecordIndex implements CrmRecordIndex {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(target: CrmTarget, objectType: string, recordId: string) {
    return { pk: `CRMREC#${target}#${objectType}#${recordId}`, sk: "R" };
  }

  async find(target: CrmTarget, objectType: string, recordId: string): Promise<CaseRef | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(target, objectType, recordId), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { workspaceId, platform, threadId, seq } = result.Item;
    return {
      workspaceId: String(workspaceId),
      platform: String(platform),
      threadId: String(threadId),
      seq: Number(seq),
    };
  }

  /** Last writer wins: a record id belongs to one case for good, so repeats write the same value. */
  async put(target: CrmTarget, objectType: string, recordId: string, ref: CaseRef): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...this.key(target, objectType, recordId), ...ref } }),
    );
  }
}
