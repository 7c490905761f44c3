import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

interface Waiting {
  item: Record<string, unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** DynamoDB's BatchWriteItem limit. */
const maxBatch = 25;

/**
 * Group commit: puts that arrive while earlier batches are in flight are written together with
 * BatchWriteItem, and each caller's promise resolves only once its item is stored. Under light
 * load a put goes out at once, alone; under heavy load a request costs a share of one call.
 */
export class BatchPutWriter {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly maxInFlight = 4,
  ) {}

  /** True while writes are queued or in flight. */
  get busy(): boolean {
    return this.inFlight > 0 || this.queue.length > 0;
  }

  put(item: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length) {
      const batch = this.queue.splice(0, maxBatch);
      this.inFlight++;
      this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    // Two puts of the same key in one BatchWriteItem are rejected: the later one wins, both callers are answered.
    const byKey = new Map<string, Waiting[]>();
    for (const waiting of batch) {
      const key = `${String(waiting.item.pk)}\u0000${String(waiting.item.sk)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), waiting]);
    }
    const items = [...byKey.values()].map((group) => (group.at(-1) as Waiting).item);
    try {
      await putAll(this.documents, this.tableName, items);
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

/**
 * One BatchWriteItem of at most 25 puts, sending again what DynamoDB leaves unprocessed (with
 * backoff and jitter) until everything is stored or the attempts run out.
 */
export async function putAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  items: Array<Record<string, unknown>>,
): Promise<void> {
  let pending = items.map((item) => ({ PutRequest: { Item: item } }));
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 8)
      throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
    const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
  }
}
