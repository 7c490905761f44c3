import type { NamedCalendar } from "../calendar";
import type { RawDelivery } from "../delivery/schema";
import type { Intent, Interaction, Platform, Sentiment, Status } from "../interaction/schema";
import type { Rule } from "../rule";
import type { SlaPolicy } from "../sla/policy";

/** Time, injectable so tests (and the SLA clock later) can move it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface StoredInteraction {
  interaction: Interaction;
  /** Optimistic-concurrency version: a write names the version it read. */
  version: number;
  /** Events written with the interaction and not yet settled (its outbox). */
  pending: PendingEvent[];
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
  /**
   * Writes `interaction` if the stored version is still `expectedVersion` (absent: must not exist),
   * with `pending` as its whole outbox (carry forward what was read). Throws ConflictError.
   * Answers the outbox entry to settle once the events are published.
   */
  put(interaction: Interaction, expectedVersion: number | undefined, outbox?: OutboxWrite): Promise<OutboxEntry>;
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

/**
 * An event stored with the item whose change caused it: a transactional outbox without transactions.
 * `awaitConsumer` events are work on that same item: they stay pending until their consumer's own
 * conditional write removes them (which makes the consumer idempotent), and are published again while
 * overdue. Other events are settled as soon as the bus has taken them.
 */
export interface PendingEvent<T = unknown> extends BusEvent<T> {
  id: string;
  awaitConsumer?: boolean;
  /** Times the sweeper has published it already (it waits longer each time). */
  republished?: number;
}

/** The outbox written with an item: all its pending events, due for the sweeper at `dueAt` if still there. */
export interface OutboxWrite {
  events: PendingEvent[];
  dueAt: Date;
}

/** One item's pending events, as written (`token`), so settling never drops events added since. */
export interface OutboxEntry {
  key: string;
  events: PendingEvent[];
  token: string;
}

/** Items whose pending events are due (written and not settled in time, or scheduled for later). */
export interface Outbox {
  listDue(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Keeps only `keep` (due again at `dueAt`), or clears the outbox when `keep` is empty, unless the
   * item has been written since the entry was read. Answers the entry as now stored, or undefined
   * when it lost to such a write (whose writer carries the events on).
   */
  settle(entry: OutboxEntry, keep: PendingEvent[], dueAt: Date): Promise<OutboxEntry | undefined>;
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

/** A stored version of a rule; a deletion is a version too, so history stays readable. */
export type RuleVersion = Rule & { deletedAt?: string };

export interface RuleHits {
  ruleId: string;
  count: number;
  lastAt: string;
}

/**
 * Rules with every version kept, calendars and SLA policies, per workspace; `revision` changes with
 * every rule, calendar or policy change, so compiled rule sets reload.
 */
export interface RuleStore {
  /** Current versions, deleted ones left out. */
  list(workspaceId: string): Promise<Rule[]>;
  get(workspaceId: string, id: string): Promise<Rule | undefined>;
  versions(workspaceId: string, id: string): Promise<RuleVersion[]>;
  /** Writes a new version if the current one is still `expectedVersion` (absent: must not exist). Throws ConflictError. */
  save(rule: RuleVersion, expectedVersion: number | undefined): Promise<void>;
  revision(workspaceId: string): Promise<number>;
  recordHits(workspaceId: string, hits: RuleHits[]): Promise<void>;
  hits(workspaceId: string): Promise<Map<string, RuleHits>>;
  listCalendars(workspaceId: string): Promise<NamedCalendar[]>;
  getCalendar(workspaceId: string, id: string): Promise<NamedCalendar | undefined>;
  saveCalendar(workspaceId: string, calendar: NamedCalendar): Promise<void>;
  removeCalendar(workspaceId: string, id: string): Promise<boolean>;
  listPolicies(workspaceId: string): Promise<SlaPolicy[]>;
  getPolicy(workspaceId: string, id: string): Promise<SlaPolicy | undefined>;
  /** Writes the policy if the stored one is still at `expectedVersion` (absent: must not exist). Throws ConflictError. */
  savePolicy(policy: SlaPolicy, expectedVersion: number | undefined): Promise<void>;
  /** False when there was no such policy. */
  removePolicy(workspaceId: string, id: string): Promise<boolean>;
}

/** Who changed which rule, calendar or interaction, when (CONTRACT §4 `GET /audit`). */
export interface AuditEntry {
  id: string;
  at: string;
  workspaceId: string;
  actor: string;
  action: string;
  entity: { type: "rule" | "calendar" | "interaction" | "sla-policy"; id: string };
  version?: number;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  workspaceId: string;
  entityType?: AuditEntry["entity"]["type"];
  entityId?: string;
  since?: string;
  limit: number;
  cursor?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor?: string }>;
}
