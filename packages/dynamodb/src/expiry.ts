import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { deliveryRetentionDefaultDays, deliveryRetentionMinimumDays } from "@scrm/core";
import { keys } from "./table";

/** How long settled records are kept by default (`DELIVERY_RETENTION_DAYS`). */
export const defaultRetentionDays = deliveryRetentionDefaultDays;
/**
 * The shortest retention allowed: these records are what makes a platform's retry harmless, and Meta
 * retries for 36 h, WhatsApp for up to 7 days. Stores refuse less, whatever they are given.
 */
export const minimumRetentionDays = deliveryRetentionMinimumDays;

const daySeconds = 86_400;

/** The retention a store was given, refused when it would drop dedupe records too early. */
export function retentionDays(days: number | undefined): number {
  const value = days ?? defaultRetentionDays;
  if (!Number.isFinite(value) || value < minimumRetentionDays) {
    throw new Error(`retention must be at least ${minimumRetentionDays} days, got ${String(days)}`);
  }
  return value;
}

/**
 * The `expiresAt` (the table's TTL attribute) of a record kept `days` from `from`: epoch SECONDS, a
 * Number, as DynamoDB's TTL requires (a value in milliseconds would lie thousands of years ahead).
 */
export function expiresAtAfter(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + Math.round(days * daySeconds);
}

/**
 * True once an item's `expiresAt` has passed. DynamoDB deletes such items up to 48 h later (and the
 * embedded janitor only hourly), so a read that must not see expired items checks this itself.
 */
export function isExpired(item: Record<string, unknown>, now: Date): boolean {
  const at = item[keys.ttl];
  return typeof at === "number" && at * 1000 < now.getTime();
}

export interface DeleteExpiredOptions {
  now: Date;
  /** Items evaluated per Scan page (before the filter); small, so each page is a short request. */
  pageSize?: number;
  /** Deletes in flight at once. */
  concurrency?: number;
  /** Pause after every page, so a long run never monopolises a single-threaded local server. */
  pauseMs?: number;
  /** While true (the server is busy with webhooks), the next page waits, at most `maxYieldMs` per page. */
  shouldYield?: () => boolean;
  maxYieldMs?: number;
  /** Checked between pages: true ends the run early (the process is stopping). */
  stopped?: () => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What DynamoDB's TTL does on AWS, for servers without it (dynalite): deletes every item whose
 * `expiresAt` (epoch seconds) is before `now`, page by page, in small throttled steps. Each delete
 * is conditional on the item still being expired, as TTL's own deletes are: an item settled again
 * (a new `expiresAt`) or made pending again (none) between the Scan and the delete is kept. This is
 * why it does not use BatchWriteItem, whose deletes take no condition. Answers the counts.
 */
export async function deleteExpired(
  documents: DynamoDBDocumentClient,
  tableName: string,
  options: DeleteExpiredOptions,
): Promise<{ scanned: number; deleted: number }> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const pageSize = options.pageSize ?? 100;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const names = { "#pk": keys.partition, "#sk": keys.sort, "#ttl": keys.ttl };
  let scanned = 0;
  let deleted = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    if (options.stopped?.()) break;
    for (let waited = 0; options.shouldYield?.() && waited < (options.maxYieldMs ?? 15_000); waited += 50) {
      await sleep(50);
    }
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        // Keys only: the bodies of expired deliveries need not travel.
        ProjectionExpression: "#pk, #sk",
        FilterExpression: "#ttl < :now",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ":now": nowSeconds },
        Limit: pageSize,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    scanned += page.ScannedCount ?? 0;
    const expired = page.Items ?? [];
    for (let start = 0; start < expired.length; start += concurrency) {
      const results = await Promise.all(
        expired
          .slice(start, start + concurrency)
          .map((item) => deleteIfExpired(documents, tableName, item, nowSeconds)),
      );
      deleted += results.filter(Boolean).length;
    }
    startKey = page.LastEvaluatedKey;
    if (startKey && options.pauseMs) await sleep(options.pauseMs);
  } while (startKey);
  return { scanned, deleted };
}

async function deleteIfExpired(
  documents: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
  nowSeconds: number,
): Promise<boolean> {
  try {
    await documents.send(
      new DeleteCommand({
        TableName: tableName,
        Key: { [keys.partition]: item[keys.partition], [keys.sort]: item[keys.sort] },
        ConditionExpression: "#ttl < :now",
        ExpressionAttributeNames: { "#ttl": keys.ttl },
        ExpressionAttributeValues: { ":now": nowSeconds },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
