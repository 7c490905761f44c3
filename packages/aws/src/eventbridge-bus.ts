import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { type Bus, type BusEvent, eventSource, type Logger, RelayError } from "@scrm/core";

/** PutEvents takes at most 10 entries and 256 KB per call. */
export const maxEntriesPerCall = 10;
export const maxBytesPerCall = 256 * 1024;

/** Per-entry error codes AWS documents as not retryable: sending the entry again cannot help. */
const permanentErrorCodes = new Set([
  "AccessDeniedException",
  "InvalidAccountIdException",
  "InvalidArgument",
  "MalformedDetail",
  "RedactionFailure",
  "NotAuthorizedForSourceException",
  "NotAuthorizedForDetailTypeException",
]);

export interface EventBridgeBusOptions {
  /** `EVENT_BUS_NAME`: the bus the stack created (`default` is the account's default bus). */
  busName: string;
  region: string;
  /** `EVENTBRIDGE_ENDPOINT`: a local EventBridge-compatible endpoint (tests); omit on AWS. */
  endpoint?: string;
  /** A ready client (tests); otherwise one is built from `region` and `endpoint`. */
  client?: EventBridgeClient;
  /** PutEvents calls per entry, the first included, when EventBridge reports the entry failed. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt (with jitter), capped at `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  logger?: Logger;
}

interface Failure {
  event: BusEvent;
  code: string;
  message: string;
  attempts: number;
}

/**
 * The `Bus` port on Amazon EventBridge: one PutEvents entry per event (`Source` = `scrm-relay`,
 * `DetailType` = the event type, `Detail` = its JSON), sent in calls of at most 10 entries and
 * 256 KB. Entries EventBridge reports as failed are sent again with backoff; what still fails is
 * thrown as one `bus.publish_failed` error naming each event and its error code.
 */
export class EventBridgeBus implements Bus {
  private readonly client: EventBridgeClient;

  constructor(private readonly options: EventBridgeBusOptions) {
    this.client = options.client ?? createEventBridgeClient(options);
  }

  async publish(events: BusEvent[]): Promise<void> {
    const items = events.map((event) => ({ event, entry: this.toEntry(event) }));
    for (const item of items) {
      const size = entrySize(item.entry);
      if (size > maxBytesPerCall) {
        throw new RelayError(
          "too_large",
          "bus.event_too_large",
          `event ${item.event.type} is ${size} bytes; EventBridge takes at most ${maxBytesPerCall} per call`,
          { details: { type: item.event.type, bytes: size, limitBytes: maxBytesPerCall } },
        );
      }
    }

    // Every chunk is tried even when an earlier one failed for good: as much as possible gets through.
    const failures: Failure[] = [];
    for (const chunk of chunkBySize(items, (item) => entrySize(item.entry))) {
      failures.push(...(await this.putWithRetry(chunk)));
    }
    if (failures.length) throw publishFailed(this.options.busName, failures, events.length);
  }

  private toEntry(event: BusEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: eventSource,
      DetailType: event.type,
      Detail: JSON.stringify(event.detail ?? {}),
    };
  }

  private async putWithRetry(items: Array<{ event: BusEvent; entry: PutEventsRequestEntry }>): Promise<Failure[]> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    const given: Failure[] = [];
    let pending = items;
    for (let attempt = 1; pending.length; attempt++) {
      const result = await this.client.send(new PutEventsCommand({ Entries: pending.map((item) => item.entry) }));
      if (!result.FailedEntryCount) return given;

      const failed = pending.flatMap((item, index) => {
        const outcome = result.Entries?.[index];
        if (outcome?.EventId && !outcome.ErrorCode) return [];
        const code = outcome?.ErrorCode ?? "UnknownError";
        return [
          { item, failure: { event: item.event, code, message: outcome?.ErrorMessage ?? "", attempts: attempt } },
        ];
      });
      const retryable = failed.filter(({ failure }) => !permanentErrorCodes.has(failure.code));
      given.push(
        ...failed.filter(({ failure }) => permanentErrorCodes.has(failure.code)).map(({ failure }) => failure),
      );
      if (attempt >= maxAttempts) return [...given, ...retryable.map(({ failure }) => failure)];

      pending = retryable.map(({ item }) => item);
      if (!pending.length) return given;
      const delay = this.retryDelay(attempt);
      this.options.logger?.warn("EventBridge rejected entries; retrying them", {
        bus: this.options.busName,
        attempt,
        retryInMs: Math.round(delay),
        failed: retryable.map(({ failure }) => ({ type: failure.event.type, code: failure.code })),
      });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return given;
  }

  private retryDelay(attempt: number): number {
    const base = this.options.retryDelayMs ?? 50;
    return Math.min(this.options.maxRetryDelayMs ?? 1_000, base * 2 ** (attempt - 1)) * (0.5 + Math.random());
  }
}

export function createEventBridgeClient(
  options: Pick<EventBridgeBusOptions, "region" | "endpoint">,
): EventBridgeClient {
  return new EventBridgeClient({
    region: options.region,
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          // Local servers accept any credentials; real ones come from the Lambda role on AWS.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
    maxAttempts: 3,
  });
}

/** An entry's size as EventBridge counts it against the 256 KB of a call. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (text) size += Buffer.byteLength(text, "utf8");
  }
  return size;
}

/** Splits items, in order, into chunks of at most 10 whose sizes add up to at most 256 KB. */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length && (current.length >= maxEntriesPerCall || bytes + size > maxBytesPerCall)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function publishFailed(busName: string, failures: Failure[], total: number): RelayError {
  const summary = failures.map(
    (failure) => `${failure.event.type} (${failure.code}${failure.message ? `: ${failure.message}` : ""})`,
  );
  return new RelayError(
    "upstream",
    "bus.publish_failed",
    `EventBridge bus ${busName} rejected ${failures.length} of ${total} events: ${summary.join(", ")}`,
    {
      details: failures.map((failure) => ({
        type: failure.event.type,
        errorCode: failure.code,
        errorMessage: failure.message,
        attempts: failure.attempts,
      })),
    },
  );
}
