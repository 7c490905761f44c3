import { createHash } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Outbox, OutboxEntry, OutboxWrite, PendingEvent } from "@scrm/core";
import { keys } from "./table";

const { due } = keys.indexes;
/**
 * Due items spread over this many partitions of the due index, so no one partition is hot (about
 * 16M interactions a day at a 5x peak, docs/scale.md). Raised from 8: an item keyed under the old
 * count is still in range, so nothing needs rewriting.
 */
const dueShards = 32;

interface ItemKey {
  pk: string;
  sk: string;
}

const shardOf = (pk: string) => (createHash("sha1").update(pk).digest()[0] ?? 0) % dueShards;

/**
 * The attributes an item carries while it has pending events: `pending` (the events as JSON, also
 * the token that settling compares against) and the sparse due index keys.
 */
export function outboxAttributes(key: ItemKey, outbox: OutboxWrite | undefined): Record<string, string> {
  if (!outbox?.events.length) return {};
  return {
    pending: JSON.stringify(outbox.events),
    [due.partition]: `DUE#${shardOf(key.pk)}`,
    [due.sort]: `${outbox.dueAt.toISOString()}#${key.pk}#${key.sk}`,
  };
}

export function outboxEntry(key: ItemKey, item: Record<string, unknown> | undefined): OutboxEntry {
  const token = typeof item?.pending === "string" ? item.pending : "[]";
  return { key: JSON.stringify(key), events: JSON.parse(token) as PendingEvent[], token };
}

/** The pending events of a stored item (none when it has no outbox). */
export const pendingOf = (item: Record<string, unknown>): PendingEvent[] =>
  typeof item.pending === "string" ? (JSON.parse(item.pending) as PendingEvent[]) : [];

/**
 * Items due by `until` across every shard of the due index, soonest first; `filter` narrows them
 * (a FilterExpression over the item's own attributes). Unfiltered, each shard is asked for twice its
 * share of `limit`, not all of it: the soonest of each shard come back, and what a busy shard holds
 * beyond comes next time, rather than 32 x `limit` items read for `limit` used. Filtered (the filter
 * applies after the shard's limit), each shard is read up to `limit`.
 */
export async function queryDue(
  documents: DynamoDBDocumentClient,
  tableName: string,
  until: Date,
  limit: number,
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<Array<Record<string, unknown>>> {
  const last = `${until.toISOString()}#\uffff`;
  const perShard = filter ? limit : Math.min(limit, Math.ceil((2 * limit) / dueShards));
  const pages = await Promise.all(
    Array.from({ length: dueShards }, (_, shard) =>
      documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: due.name,
          KeyConditionExpression: "#p = :p AND #s <= :until",
          ExpressionAttributeNames: { "#p": due.partition, "#s": due.sort, ...filter?.names },
          ExpressionAttributeValues: { ":p": `DUE#${shard}`, ":until": last, ...filter?.values },
          ...(filter ? { FilterExpression: filter.expression } : {}),
          Limit: perShard,
        }),
      ),
    ),
  );
  return pages
    .flatMap((page) => page.Items ?? [])
    .sort((a, b) => String(a[due.sort]).localeCompare(String(b[due.sort])))
    .slice(0, limit);
}

/** Any item's outbox in the table, found through the due index. */
export class DynamoOutbox implements Outbox {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listDue(now: Date, limit: number): Promise<OutboxEntry[]> {
    const items = await queryDue(this.documents, this.tableName, now, limit);
    return items.map((item) => outboxEntry({ pk: String(item.pk), sk: String(item.sk) }, item));
  }

  async settle(entry: OutboxEntry, keep: PendingEvent[], dueAt: Date): Promise<OutboxEntry | undefined> {
    const key = JSON.parse(entry.key) as ItemKey;
    const attributes = outboxAttributes(key, { events: keep, dueAt });
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          ...(keep.length
            ? {
                UpdateExpression: "SET pending = :keep, #p = :p, #s = :s",
                ExpressionAttributeNames: { "#p": due.partition, "#s": due.sort },
                ExpressionAttributeValues: {
                  ":token": entry.token,
                  ":keep": attributes.pending,
                  ":p": attributes[due.partition],
                  ":s": attributes[due.sort],
                },
              }
            : {
                UpdateExpression: "REMOVE pending, #p, #s",
                ExpressionAttributeNames: { "#p": due.partition, "#s": due.sort },
                ExpressionAttributeValues: { ":token": entry.token },
              }),
          ConditionExpression: "pending = :token",
        }),
      );
      return { key: entry.key, events: keep, token: attributes.pending ?? "[]" };
    } catch (error) {
      // Someone wrote the item since: they carried these events forward and will settle them.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
