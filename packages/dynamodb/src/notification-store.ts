import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  ConflictError,
  Notification,
  type NotificationPage,
  type NotificationQuery,
  type NotificationState,
  type NotificationStore,
  type OutboxEntry,
  type OutboxWrite,
  type StoredNotification,
} from "@scrm/core";
import { expiresAtAfter, retentionDays } from "./expiry";
import { newestFirstPage } from "./newest-first";
import { outboxAttributes, outboxEntry, pendingOf } from "./outbox";
import { keys } from "./table";

const { timeline, state: stateIndex } = keys.indexes;

const notificationKey = (id: string) => ({ pk: `NTF#${id}`, sk: "N" });
const failedPartition = "NTF#failed";

export interface NotificationStoreOptions {
  /** Days a delivered notification is kept (`DELIVERY_RETENTION_DAYS`, default 30, at least 8). */
  retentionDays?: number;
}

/**
 * A delivered notification expires `days` after its delivery: it is the log of a finished POST, and
 * (its id being deterministic) the marker that keeps a redelivered request from sending it twice.
 * A pending one is work in progress and a failed one waits for a person: neither expires. The item
 * is always written whole, so a write that leaves the delivered state drops `expiresAt` with it.
 */
function expiry(notification: Notification, days: number): Record<string, number> {
  if (notification.state !== "delivered") return {};
  const deliveredAt = notification.deliveredAt ? new Date(notification.deliveredAt) : new Date();
  return { [keys.ttl]: expiresAtAfter(deliveredAt, days) };
}

function notificationItem(
  notification: Notification,
  version: number,
  outbox: OutboxWrite | undefined,
  retention: number,
) {
  const key = notificationKey(notification.id);
  const order = `${notification.createdAt}#${notification.id}`;
  return {
    ...key,
    ...outboxAttributes(key, outbox),
    ...expiry(notification, retention),
    [timeline.partition]: `NTF#${notification.workspaceId}`,
    [timeline.sort]: order,
    // Sparse: only failed ones are in the index a person works through.
    ...(notification.state === "failed" ? { [stateIndex.partition]: failedPartition, [stateIndex.sort]: order } : {}),
    state: notification.state,
    v: version,
    doc: JSON.stringify(notification),
  };
}

const fromItem = (item: Record<string, unknown>): Notification => Notification.parse(JSON.parse(String(item.doc)));

/**
 * Notifications and their delivery logs: one item each (see README, "notification"). Reads do not
 * hide an expired one: until the TTL deletes it, it still answers `get` (and so still stops a
 * duplicate send) and is still listed.
 */
export class DynamoNotificationStore implements NotificationStore {
  private readonly retentionDays: number;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: NotificationStoreOptions = {},
  ) {
    this.retentionDays = retentionDays(options.retentionDays);
  }

  async create(notification: Notification, outbox?: OutboxWrite): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: notificationItem(Notification.parse(notification), 1, outbox, this.retentionDays),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(id: string): Promise<StoredNotification | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: notificationKey(id), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return { notification: fromItem(result.Item), version: Number(result.Item.v), pending: pendingOf(result.Item) };
  }

  async update(notification: Notification, expectedVersion: number, outbox?: OutboxWrite): Promise<OutboxEntry> {
    // A whole-item put: an update without an outbox drops `pending` and the due index keys with it.
    const item = notificationItem(Notification.parse(notification), expectedVersion + 1, outbox, this.retentionDays);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: "v = :expected",
          ExpressionAttributeValues: { ":expected": expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`notification ${notification.id} changed since version ${expectedVersion}`, error);
      }
      throw error;
    }
    return outboxEntry(notificationKey(notification.id), item);
  }

  list(query: NotificationQuery): Promise<NotificationPage> {
    return this.page(timeline, `NTF#${query.workspaceId}`, query.limit, query.cursor, query.state);
  }

  listFailed(limit: number, cursor?: string): Promise<NotificationPage> {
    return this.page(stateIndex, failedPartition, limit, cursor);
  }

  /** Newest first from one index partition, `state` filtered server-side; one extra item tells if there is more. */
  private async page(
    index: { name: string; partition: string; sort: string },
    partition: string,
    limit: number,
    cursor: string | undefined,
    state?: NotificationState,
  ): Promise<NotificationPage> {
    const page = await newestFirstPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: { "#p": index.partition, ...(state ? { "#state": "state" } : {}) },
        ExpressionAttributeValues: { ":p": partition, ...(state ? { ":state": state } : {}) },
        ...(state ? { FilterExpression: "#state = :state" } : {}),
      },
      { limit, cursor, index },
    );
    return { ...page, items: page.items.map(fromItem) };
  }
}
