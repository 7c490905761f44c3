import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CrmTarget, SyncFailure, SyncFailureStore, ThreadCase, ThreadCaseStore } from "@scrm/core";
import { decodeCursor, encodeCursor, type Key } from "./cursor";

/**
 * A thread's current case per CRM (`TH#<ws>#<platform>#<threadId>` / `CASE#<target>`): written
 * conditionally on the value read, so two syncs of one thread agree on its case key.
 */
export class DynamoThreadCaseStore implements ThreadCaseStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(workspaceId: string, target: CrmTarget, threadKey: string) {
    return { pk: `TH#${workspaceId}#${threadKey}`, sk: `CASE#${target}` };
  }

  async get(workspaceId: string, target: CrmTarget, threadKey: string): Promise<ThreadCase | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.key(workspaceId, target, threadKey),
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    return {
      seq: Number(result.Item.seq),
      ...(result.Item.closedAt ? { closedAt: String(result.Item.closedAt) } : {}),
    };
  }

  async put(
    workspaceId: string,
    target: CrmTarget,
    threadKey: string,
    next: ThreadCase,
    expected: ThreadCase | undefined,
  ): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(workspaceId, target, threadKey),
            seq: next.seq,
            ...(next.closedAt ? { closedAt: next.closedAt } : {}),
          },
          ...(expected
            ? {
                ConditionExpression: expected.closedAt
                  ? "seq = :seq AND closedAt = :closedAt"
                  : "seq = :seq AND attribute_not_exists(closedAt)",
                ExpressionAttributeValues: {
                  ":seq": expected.seq,
                  ...(expected.closedAt ? { ":closedAt": expected.closedAt } : {}),
                },
              }
            : { ConditionExpression: "attribute_not_exists(pk)" }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Syncs that failed for good, per workspace (`SYNCF#<ws>` / `<interactionId>:<target>`), until retried. */
export class DynamoSyncFailureStore implements SyncFailureStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(failure: SyncFailure): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `SYNCF#${failure.workspaceId}`, sk: failure.id, doc: JSON.stringify(failure) },
      }),
    );
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: `SYNCF#${workspaceId}`, sk: id } }),
    );
  }

  async get(workspaceId: string, id: string): Promise<SyncFailure | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `SYNCF#${workspaceId}`, sk: id }, ConsistentRead: true }),
    );
    return result.Item ? (JSON.parse(String(result.Item.doc)) as SyncFailure) : undefined;
  }

  async list(workspaceId: string, limit: number, cursor?: string) {
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `SYNCF#${workspaceId}` },
        Limit: limit,
        ConsistentRead: true,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
      }),
    );
    const items = (page.Items ?? []).map((item) => JSON.parse(String(item.doc)) as SyncFailure);
    const last = page.LastEvaluatedKey as Key | undefined;
    return { items, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  }
}
