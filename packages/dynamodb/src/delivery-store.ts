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

export interface DeliveryStoreOptions {
  /** Batches written at once: 1 suits a single-threaded local server; AWS takes more. */
  maxBatchesInFlight?: number;
  now?: () => Date;
}

/**
 * Raw deliveries, written on the acknowledgement path as one plain item each (group-committed,
 * no index write), in partitions by arrival minute and shard. A small directory lists the
 * minutes that may still hold unprocessed deliveries; recovery reads only those, and a minute
 * leaves the directory once it is closed and fully processed.
 */
export class DynamoDeliveryStore implements DeliveryStore {
  private readonly writer: BatchPutWriter;
  private readonly now: () => Date;
  /** Minutes this process has already put in the directory. */
  private readonly listedMinutes = new Set<string>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DeliveryStoreOptions = {},
  ) {
    this.writer = new BatchPutWriter(documents, tableName, options.maxBatchesInFlight ?? 8);
    this.now = options.now ?? (() => new Date());
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
        encoded.parts.map((part, index) =>
          this.writer.put({ pk: partsPartition, sk: `P#${String(index).padStart(4, "0")}`, part }),
        ),
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

  async settle(id: string, outcome: Pick<RawDelivery, "status" | "report" | "attempts">): Promise<void> {
    const attention = attentionPartition(outcome.status);
    const { key } = locate(id);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        // A delivery that needed attention and is later processed leaves the attention index.
        UpdateExpression: `SET #status = :status, attempts = :attempts, report = :report${
          attention ? ", #ap = :ap, #as = :as" : " REMOVE #ap, #as"
        }`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#status": "status", "#ap": state.partition, "#as": state.sort },
        ExpressionAttributeValues: {
          ":status": outcome.status,
          ":attempts": outcome.attempts,
          ":report": outcome.report ?? null,
          ...(attention ? { ":ap": attention, ":as": `${key.pk}#${key.sk}` } : {}),
        },
      }),
    );
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
    return Promise.all((result.Items ?? []).map((item) => this.toDelivery(item)));
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
        found.push(await this.toDelivery(item));
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

  private async toDelivery(item: Record<string, unknown>): Promise<RawDelivery> {
    const parts = typeof item.bodyParts === "number" ? await this.readParts(`DLVP#${String(item.id)}`) : [];
    return RawDelivery.parse({ ...item, body: decodeBody(item, parts), report: item.report ?? undefined });
  }

  private async readParts(partition: string): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [];
    for await (const item of this.partition(partition)) parts.push(item.part as Uint8Array);
    return parts;
  }
}
