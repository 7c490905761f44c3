import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { arrivalMinute, type DeliveryStore, deliveryMinute, notFound, RawDelivery } from "@scrm/core";
import { BatchPutWriter } from "./batch-writer";
import { decodeBody, encodeBody } from "./delivery-body";
import { expiresAtAfter, isExpired, retentionDays } from "./expiry";
import { keys } from "./table";

const { state } = keys.indexes;

/** Partitions per arrival minute, so a burst spreads over several DynamoDB partitions. */
const shardCount = 8;
/** A minute is closed once no save into it can still be in flight (the writer's retries take seconds). */
const closedAfterMs = 2 * 60_000;
const minutesPartition = "DLV#MINUTES";

function locate(id: string) {
  const minute = deliveryMinute(id);
  if (!minute) throw notFound("delivery.not_found", `no delivery with id ${id}`);
  const hash = id.slice(minute.length + 1);
  const shard = hash.charCodeAt(0) % shardCount;
  return { minute, key: { pk: `DLV#${minute}#${shard}`, sk: `D#${hash}` }, partsPartition: `DLVP#${id}` };
}

/** Deliveries that need a person's attention (not merely pending) are listed by the sparse state index. */
const attentionPartition = (status: RawDelivery["status"]) =>
  status === "unrecognised" || status === "failed" ? `DLV#${status}` : undefined;

/**
 * Settled deliveries expire (the table's TTL): processed and unrecognised ones, whose work is done.
 * A pending delivery never does (it is unprocessed work), nor a failed one (kept for a person's retry).
 */
const expires = (status: RawDelivery["status"]) => status === "processed" || status === "unrecognised";

const partKey = (partsPartition: string, index: number) => ({
  pk: partsPartition,
  sk: `P#${String(index).padStart(4, "0")}`,
});

export interface DeliveryStoreOptions {
  /** Batches written at once: 1 suits a single-threaded local server; AWS takes more. */
  maxBatchesInFlight?: number;
  now?: () => Date;
  /**
   * Days a settled (processed or unrecognised) delivery is kept before the table's TTL removes it:
   * `DELIVERY_RETENTION_DAYS`, default 30, at least 8 (the dedupe record must outlive the platforms'
   * retries: Meta 36 h, WhatsApp up to 7 days).
   */
  retentionDays?: number;
}

/**
 * Raw deliveries, written on the acknowledgement path as one plain item each (group-committed,
 * no index write), in partitions by arrival minute and shard. A small directory lists the
 * minutes that may still hold unprocessed deliveries; recovery reads only those, and a minute
 * leaves the directory once it is closed and fully processed.
 *
 * Retention: settling a delivery as processed or unrecognised stamps `expiresAt` (epoch seconds,
 * now + `retentionDays`) on it and its body parts; failing it, or saving it again, removes it. The
 * directory of minutes never expires: it cleans itself, and expiring it could hide a pending delivery.
 */
export class DynamoDeliveryStore implements DeliveryStore {
  private readonly writer: BatchPutWriter;
  private readonly now: () => Date;
  private readonly retentionDays: number;
  /** Minutes this process has already put in the directory. */
  private readonly listedMinutes = new Set<string>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DeliveryStoreOptions = {},
  ) {
    this.writer = new BatchPutWriter(documents, tableName, options.maxBatchesInFlight ?? 8);
    this.now = options.now ?? (() => new Date());
    this.retentionDays = retentionDays(options.retentionDays);
  }

  /** True while deliveries are being written: webhooks are arriving right now. */
  get acceptingDeliveries(): boolean {
    return this.writer.busy;
  }

  async save(delivery: RawDelivery): Promise<void> {
    const { id, body, ...fields } = RawDelivery.parse(delivery);
    const { minute, key, partsPartition } = locate(id);
    const encoded = encodeBody(body);
    const writes: Array<Promise<void>> = [];
    if (!this.listedMinutes.has(minute)) {
      // Rides in the same batch as the delivery: the minute is listed before the delivery is acknowledged.
      writes.push(this.writer.put({ pk: minutesPartition, sk: minute }).then(() => this.rememberListed(minute)));
    }
    if (encoded.kind === "parts") {
      // Parts first: a head item is only ever written once its whole body is stored.
      await Promise.all(
        encoded.parts.map((part, index) => this.writer.put({ ...partKey(partsPartition, index), part })),
      );
    }
    writes.push(this.writer.put({ ...key, id, ...fields, ...encoded.attributes }));
    await Promise.all(writes);
  }

  async get(id: string): Promise<RawDelivery | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: locate(id).key, ConsistentRead: true }),
    );
    return result.Item ? this.toDelivery(result.Item) : undefined;
  }

  /**
   * Sets the delivery's status; a processed or unrecognised one gets its `expiresAt`, then its body
   * parts get the same (after the head: a part must never expire while its head is kept). A failed one
   * loses it, parts first, for the same reason.
   */
  async settle(id: string, outcome: Pick<RawDelivery, "status" | "report" | "attempts">): Promise<void> {
    const attention = attentionPartition(outcome.status);
    const { key, partsPartition } = locate(id);
    const expiresAt = expires(outcome.status) ? expiresAtAfter(this.now(), this.retentionDays) : undefined;
    if (expiresAt === undefined) await this.keepParts(key, partsPartition);
    const set = ["#status = :status", "attempts = :attempts", "report = :report"];
    const remove: string[] = [];
    // A delivery that needed attention and is later processed leaves the attention index.
    if (attention) set.push("#ap = :ap", "#as = :as");
    else remove.push("#ap", "#as");
    if (expiresAt !== undefined) set.push("#ttl = :ttl");
    else remove.push("#ttl");
    const result = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${set.join(", ")}${remove.length ? ` REMOVE ${remove.join(", ")}` : ""}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: {
          "#status": "status",
          "#ap": state.partition,
          "#as": state.sort,
          "#ttl": keys.ttl,
        },
        ExpressionAttributeValues: {
          ":status": outcome.status,
          ":attempts": outcome.attempts,
          ":report": outcome.report ?? null,
          ...(attention ? { ":ap": attention, ":as": `${key.pk}#${key.sk}` } : {}),
          ...(expiresAt !== undefined ? { ":ttl": expiresAt } : {}),
        },
        // Tells whether the body is in parts, without a read of its own.
        ...(expiresAt !== undefined ? { ReturnValues: "ALL_NEW" as const } : {}),
      }),
    );
    const parts = result.Attributes?.bodyParts;
    if (expiresAt !== undefined && typeof parts === "number") {
      await this.stampParts(partsPartition, parts, { expiresAt });
    }
  }

  async recordFailure(id: string, error: string): Promise<number> {
    const result = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: locate(id).key,
        UpdateExpression: "ADD attempts :one SET lastError = :error",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1, ":error": error.slice(0, 2000) },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(result.Attributes?.attempts ?? 0);
  }

  /** Oldest minutes first; closed minutes found fully processed leave the directory. */
  async listPending(limit: number): Promise<RawDelivery[]> {
    const closedBefore = arrivalMinute(new Date(this.now().getTime() - closedAfterMs));
    const pending: RawDelivery[] = [];
    for (const minute of await this.listedMinutesInStore()) {
      const found = await this.pendingIn(minute, limit - pending.length);
      pending.push(...found);
      if (!found.length && minute < closedBefore) await this.unlistMinute(minute);
      if (pending.length >= limit) break;
    }
    return pending;
  }

  async listByStatus(status: RawDelivery["status"], limit: number): Promise<RawDelivery[]> {
    if (status === "pending") return this.listPending(limit);
    const partition = attentionPartition(status);
    if (!partition) throw new Error(`deliveries with status ${status} are not listed`);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: state.name,
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: { "#p": state.partition },
        ExpressionAttributeValues: { ":p": partition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    // An expired delivery is gone for the listing, deleted or not yet (TTL deletes up to 48 h late).
    const now = this.now();
    const live = (result.Items ?? []).filter((item) => !isExpired(item, now));
    const found = await Promise.all(live.map((item) => this.toDelivery(item)));
    return found.filter((delivery): delivery is RawDelivery => delivery !== undefined);
  }

  /** Before a delivery stops expiring: its parts first, so none can vanish under a kept head. */
  private async keepParts(key: { pk: string; sk: string }, partsPartition: string) {
    const head = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ProjectionExpression: "bodyParts, #ttl",
        ExpressionAttributeNames: { "#ttl": keys.ttl },
        ConsistentRead: true,
      }),
    );
    const parts = head.Item?.bodyParts;
    if (typeof parts === "number" && head.Item?.[keys.ttl] !== undefined) {
      await this.stampParts(partsPartition, parts, { expiresAt: undefined });
    }
  }

  /** Sets (or removes) `expiresAt` on each stored body part; a part already gone is left gone. */
  private async stampParts(partsPartition: string, count: number, { expiresAt }: { expiresAt: number | undefined }) {
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        this.documents
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: partKey(partsPartition, index),
              UpdateExpression: expiresAt === undefined ? "REMOVE #ttl" : "SET #ttl = :ttl",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeNames: { "#ttl": keys.ttl },
              ...(expiresAt === undefined ? {} : { ExpressionAttributeValues: { ":ttl": expiresAt } }),
            }),
          )
          .catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }),
      ),
    );
  }

  private rememberListed(minute: string) {
    this.listedMinutes.add(minute);
    // Only the current minutes matter; keep the set small in a long-running process.
    if (this.listedMinutes.size > 120) {
      for (const old of [...this.listedMinutes].sort().slice(0, 60)) this.listedMinutes.delete(old);
    }
  }

  private async listedMinutesInStore(): Promise<string[]> {
    const minutes: string[] = [];
    for await (const item of this.partition(minutesPartition)) minutes.push(String(item.sk));
    return minutes;
  }

  private async pendingIn(minute: string, limit: number): Promise<RawDelivery[]> {
    const found: RawDelivery[] = [];
    for (let shard = 0; shard < shardCount && found.length < limit; shard++) {
      for await (const item of this.partition(`DLV#${minute}#${shard}`, { status: "pending" })) {
        const delivery = await this.toDelivery(item);
        if (delivery) found.push(delivery);
        if (found.length >= limit) break;
      }
    }
    return found;
  }

  /** Every item of one partition, page by page (consistent reads), optionally only those with a status. */
  private async *partition(pk: string, only?: { status: RawDelivery["status"] }) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk, ...(only ? { ":status": only.status } : {}) },
          ...(only ? { FilterExpression: "#status = :status", ExpressionAttributeNames: { "#status": "status" } } : {}),
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      yield* page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  private async unlistMinute(minute: string) {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: minutesPartition, sk: minute } }),
    );
    this.listedMinutes.delete(minute);
  }

  /**
   * The delivery an item holds. Undefined only for an expired one whose body parts the TTL has
   * already deleted (TTL removes head and parts independently, in any order): it is gone.
   */
  private async toDelivery(item: Record<string, unknown>): Promise<RawDelivery | undefined> {
    const parts = typeof item.bodyParts === "number" ? await this.readParts(`DLVP#${String(item.id)}`) : [];
    if (typeof item.bodyParts === "number" && parts.length !== item.bodyParts && isExpired(item, this.now())) {
      return undefined;
    }
    return RawDelivery.parse({ ...item, body: decodeBody(item, parts), report: item.report ?? undefined });
  }

  private async readParts(partition: string): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [];
    for await (const item of this.partition(partition)) parts.push(item.part as Uint8Array);
    return parts;
  }
}
