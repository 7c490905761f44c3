import type { RawDelivery } from "../delivery/schema";
import type { Intent, Interaction, Platform, Sentiment, Status } from "../interaction/schema";

/** Time, injectable so tests (and the SLA clock later) can move it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface StoredInteraction {
  interaction: Interaction;
  /** Optimistic-concurrency version: a write names the version it read. */
  version: number;
}

export interface InteractionQuery {
  workspaceId: string;
  platform?: Platform;
  tag?: string;
  status?: Status;
  /** Only interactions that occurred at or after this instant. */
  since?: string;
  limit: number;
  cursor?: string;
}

export interface InteractionPage {
  items: Interaction[];
  nextCursor?: string;
}

export interface InteractionStore {
  get(id: string): Promise<StoredInteraction | undefined>;
  /** Writes `interaction` if the stored version is still `expectedVersion` (absent: must not exist). Throws ConflictError. */
  put(interaction: Interaction, expectedVersion: number | undefined): Promise<void>;
  list(query: InteractionQuery): Promise<InteractionPage>;
}

export interface DeliveryStore {
  /** Durable when the promise resolves: only then may the webhook be acknowledged. */
  save(delivery: RawDelivery): Promise<void>;
  get(id: string): Promise<RawDelivery | undefined>;
  settle(id: string, outcome: Pick<RawDelivery, "status" | "report" | "attempts">): Promise<void>;
  /** Counts one failed processing attempt and keeps its error; answers the attempts so far. */
  recordFailure(id: string, error: string): Promise<number>;
  /** Deliveries accepted but not yet processed (a crash after the acknowledgement). */
  listPending(limit: number): Promise<RawDelivery[]>;
  listByStatus(status: RawDelivery["status"], limit: number): Promise<RawDelivery[]>;
}

/** An event on the bus: EventBridge's `detail-type` and `detail`. */
export interface BusEvent<T = unknown> {
  type: string;
  detail: T;
}

export interface Bus {
  publish(events: BusEvent[]): Promise<void>;
}

/** Which workspace a brand account belongs to (`default` unless registered elsewhere). */
export interface AccountDirectory {
  workspaceFor(platform: Platform, accountId: string): Promise<string>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What an enricher reads: the text and enough context to pick a language model. */
export interface EnrichmentInput {
  text: string;
  platform: Platform;
}

export interface EnrichmentResult {
  /** ISO 639-1 code (`en`, `he`), absent when the text is too short or mixed to tell. */
  language?: string;
  sentiment?: Sentiment;
  intent?: Intent;
}

/**
 * Automatic enrichment, run before rules. Pluggable: the default is a shipped lexicon method; a
 * team can pass a hosted model's adapter instead. `method` names it on every interaction it enriched.
 */
export interface Enricher {
  readonly method: string;
  enrich(input: EnrichmentInput): Promise<EnrichmentResult>;
}
