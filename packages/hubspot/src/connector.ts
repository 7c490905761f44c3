import { Client } from "@hubspot/api-client";
import { AssociationSpecAssociationCategoryEnum } from "@hubspot/api-client/lib/codegen/crm/objects/notes";
import {
  type CrmConnector,
  type CrmError,
  type Logger,
  type SyncItem,
  type SyncResult,
  syncInGroups,
} from "@scrm/core";
import { CallFailed, classify, inputError, isClientError, untilMidnightMs } from "./errors";
import {
  contactProperties,
  defaultHubSpotMapping,
  type HubSpotMapping,
  type HubSpotMappingSettings,
  handleOf,
  noteProperties,
  resolveHubSpotMapping,
  type TicketStage,
  ticketProperties,
} from "./mapping";
import { searchFilters } from "./search-filters";

/** Batch object endpoints take at most 100 inputs. */
const batchLimit = 100;
/**
 * Items per `sync`: a whole bus batch. Its contacts and tickets are its distinct authors and case
 * keys, fewer than its messages, so a batch bigger than an endpoint's saves calls; each call is
 * chunked to the endpoint's 100.
 */
const itemsPerSync = 1000;
/** v4 batch associate takes more; stay well under HubSpot's limit. */
const associateLimit = 1_000;
/** Search pages hold at most 200 records. */
const searchPage = 200;
/** HubSpot-defined association type note → ticket. */
const noteToTicket = 228;

export interface HubSpotConnectorOptions {
  accessToken: string;
  /** Default https://api.hubapi.com (tests: the local fake). */
  basePath?: string;
  logger: Logger;
  /** Waits before the in-call retries of a 5xx or a dropped connection (tests shorten them). */
  retryDelaysMs?: readonly number[];
  /** The mapping of every workspace without its own. Default `defaultHubSpotMapping`. */
  mapping?: HubSpotMapping;
  /** Per workspace id: settings over `mapping` (e.g. another pipeline and stage, extra ticket properties). */
  mappings?: Record<string, HubSpotMappingSettings>;
  /** Rate-limited calls are retried this many times… */
  rateLimitRetries?: number;
  /** …when the wait asked for is at most this long; longer waits come back as `retryAfterMs`. */
  maxRateLimitWaitMs?: number;
}

type Outcome = { ok: true; id: string } | { ok: false; error: CrmError; retryable: boolean };

interface BatchEntryError {
  category?: string;
  message?: string;
  context?: Record<string, string[] | undefined>;
}

interface TicketOutcomes {
  byKey: Map<string, Outcome>;
  /** Case keys whose ticket this batch created (or may have: a dropped answer hides `_new`). */
  created: Set<string>;
}

const failed = (entry: BatchEntryError | undefined): Outcome => ({ ok: false, ...inputError(entry) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * HubSpot through `@hubspot/api-client`, per batch of up to 1,000 interactions, each call chunked to
 * the endpoints' 100: batch upserts of the authors as contacts (by `scrm_social_handle`) and of the
 * tickets (by `scrm_case_key`), batch creates of the notes with their ticket association inline, and
 * one v4 batch associate of contacts with new tickets — plus, only for syncs an earlier attempt may
 * have reached, a search for notes already written (by `scrm_interaction_id`). A repeat never makes a
 * second record; the client's own retry is off, retries are here.
 */
export class HubSpotConnector implements CrmConnector {
  readonly target = "hubspot" as const;
  readonly maxBatch = itemsPerSync;
  readonly client: Client;
  private readonly mapping: HubSpotMapping;
  private readonly workspaceMappings = new Map<string, HubSpotMapping>();
  /** The pipeline and stage of new tickets, per wanted pipeline and stage (mappings may share them). */
  private readonly stages = new Map<string, Promise<TicketStage>>();

  constructor(private readonly options: HubSpotConnectorOptions) {
    this.mapping = options.mapping ?? defaultHubSpotMapping;
    for (const [workspaceId, settings] of Object.entries(options.mappings ?? {}))
      this.workspaceMappings.set(workspaceId, resolveHubSpotMapping(this.mapping, settings));
    this.client = new Client({
      accessToken: options.accessToken,
      ...(options.basePath ? { basePath: options.basePath } : {}),
      numberOfApiCallRetries: 0,
      // Every answer's X-HubSpot-RateLimit-* headers are read, so the next call can wait its turn.
      middleware: [
        {
          pre: (context: unknown) => context,
          post: (context: unknown) => {
            this.noteLimits((context as { headers?: Record<string, string> }).headers);
            return context;
          },
        },
      ],
    });
  }

  /** What the last answer's rate-limit headers said: calls left in the rolling window and today. */
  private limits: { remaining?: number; intervalMs?: number; dailyRemaining?: number; at: number } | undefined;

  private noteLimits(headers: Record<string, string> | undefined): void {
    const number = (name: string) => {
      const value = headers?.[name];
      return value === undefined || !Number.isFinite(Number(value)) ? undefined : Number(value);
    };
    const remaining = number("x-hubspot-ratelimit-remaining");
    const dailyRemaining = number("x-hubspot-ratelimit-daily-remaining");
    if (remaining === undefined && dailyRemaining === undefined) return;
    this.limits = {
      at: Date.now(),
      ...(remaining === undefined ? {} : { remaining }),
      ...(dailyRemaining === undefined ? {} : { dailyRemaining }),
      ...(number("x-hubspot-ratelimit-interval-milliseconds")
        ? { intervalMs: number("x-hubspot-ratelimit-interval-milliseconds") }
        : {}),
    };
  }

  /**
   * Before a call: none left today (by today's reading) waits until tomorrow; none left in the
   * rolling window waits for it to pass (short waits in place, longer ones come back as
   * `retryAfterMs`), instead of spending a call on a 429.
   */
  private async waitForLimits(maxWait: number): Promise<void> {
    const limits = this.limits;
    if (!limits) return;
    const now = Date.now();
    const sameDay = new Date(limits.at).toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10);
    if (limits.dailyRemaining !== undefined && limits.dailyRemaining <= 0 && sameDay) {
      const error = {
        code: "crm.daily_limit",
        message: "HubSpot's daily API limit is used up (X-HubSpot-RateLimit-Daily-Remaining: 0)",
      };
      throw new CallFailed(error, untilMidnightMs());
    }
    if (limits.remaining === undefined || limits.remaining > 0) return;
    const wait = limits.at + (limits.intervalMs ?? 10_000) - now;
    if (wait <= 0) return;
    if (wait > maxWait) {
      const error = {
        code: "crm.rate_limit",
        message: "HubSpot's rate limit window is used up (X-HubSpot-RateLimit-Remaining: 0)",
      };
      throw new CallFailed(error, wait);
    }
    this.options.logger.info("HubSpot rate limit window used up; waiting", { waitMs: wait });
    await sleep(wait);
    this.limits = undefined;
  }

  /** The mapping a workspace's records are written with. */
  mappingFor(workspaceId: string): HubSpotMapping {
    return this.workspaceMappings.get(workspaceId) ?? this.mapping;
  }

  /** Items grouped by their workspace's mapping, each group synced with it; results in the items' order. */
  sync(items: SyncItem[]): Promise<SyncResult[]> {
    return syncInGroups(
      items,
      (item) => this.mappingFor(item.interaction.workspaceId),
      itemsPerSync,
      (chunk, mapping) => this.syncGroup(chunk, mapping),
    );
  }

  private async syncGroup(items: SyncItem[], mapping: HubSpotMapping): Promise<SyncResult[]> {
    if (items.length === 0) return [];
    const stage = await this.ticketStage(mapping);
    const contacts = await this.upsertContacts(items, mapping);
    const tickets = await this.upsertTickets(items, stage, mapping);
    const notes = await this.createNotes(items, tickets, mapping);
    const links = await this.associate(items, contacts, tickets);
    return items.map((item): SyncResult => {
      const contact = contacts.get(handleOf(item.interaction));
      const ticket = tickets.byKey.get(item.caseKey);
      const note = notes.get(item.interaction.id);
      const link = ticket?.ok && contact?.ok ? links.get(`${contact.id}>${ticket.id}`) : undefined;
      for (const outcome of [ticket, note, contact, link]) {
        if (outcome && !outcome.ok) return { ok: false, retryable: outcome.retryable, error: outcome.error };
      }
      if (!ticket?.ok || !note?.ok || !contact?.ok) return { ok: false, ...inputError(undefined) };
      return { ok: true, recordIds: { contact: contact.id, ticket: ticket.id, note: note.id } };
    });
  }

  /**
   * The pipeline and stage of new tickets of a mapping, read once per wanted pipeline and stage from
   * the pipelines API; a failed read is not kept.
   */
  private ticketStage(mapping: HubSpotMapping): Promise<TicketStage> {
    const key = `${mapping.pipelineId ?? ""}\u0000${mapping.stageId ?? ""}`;
    const known = this.stages.get(key);
    if (known) return known;
    const lookup = this.call(async () => {
      const { results } = await this.client.crm.pipelines.pipelinesApi.getAll("tickets");
      const byOrder = <T extends { displayOrder: number }>(list: T[]) =>
        [...list].sort((a, b) => a.displayOrder - b.displayOrder);
      // A configured pipeline must exist; without one, the default pipeline ("0"), else the first.
      const pipeline = mapping.pipelineId
        ? results.find((p) => p.id === mapping.pipelineId)
        : (results.find((p) => p.id === "0") ?? byOrder(results)[0]);
      if (!pipeline) {
        const message = mapping.pipelineId
          ? `HubSpot has no ticket pipeline ${mapping.pipelineId}`
          : "HubSpot has no ticket pipeline";
        throw new CallFailed({ code: "crm.no_pipeline", message });
      }
      const stages = byOrder(pipeline.stages);
      const stage = mapping.stageId
        ? stages.find((s) => s.id === mapping.stageId)
        : (stages.find((s) => s.metadata?.ticketState === "OPEN") ?? stages[0]);
      if (!stage) {
        throw new CallFailed({
          code: "crm.no_stage",
          message: `Ticket pipeline ${pipeline.id} has no stage ${mapping.stageId ?? ""}`.trim(),
        });
      }
      return { pipelineId: pipeline.id, stageId: stage.id };
    });
    this.stages.set(key, lookup);
    lookup.catch(() => {
      if (this.stages.get(key) === lookup) this.stages.delete(key);
    });
    return lookup;
  }

  private async upsertContacts(items: SyncItem[], mapping: HubSpotMapping): Promise<Map<string, Outcome>> {
    const byHandle = new Map<string, Record<string, string>>();
    for (const { interaction } of items) {
      const handle = handleOf(interaction);
      if (!byHandle.has(handle)) byHandle.set(handle, contactProperties(interaction, mapping));
    }
    const outcomes = new Map<string, Outcome>();
    for (const handles of chunks([...byHandle.keys()], batchLimit)) {
      const inputs = handles.map((id) => ({
        idProperty: mapping.handleProperty,
        id,
        properties: byHandle.get(id) ?? {},
      }));
      const answer = await this.call(() => this.client.crm.contacts.batchApi.upsert({ inputs }));
      for (const [handle, outcome] of this.byUniqueValue(handles, mapping.handleProperty, answer).outcomes)
        outcomes.set(handle, outcome);
    }
    return outcomes;
  }

  private async upsertTickets(items: SyncItem[], stage: TicketStage, mapping: HubSpotMapping): Promise<TicketOutcomes> {
    // One ticket per case key: the thread's earliest message in the batch describes the case.
    const byKey = new Map<string, SyncItem[]>();
    const ordered = [...items].sort((a, b) => a.interaction.occurredAt.localeCompare(b.interaction.occurredAt));
    for (const item of ordered) byKey.set(item.caseKey, [...(byKey.get(item.caseKey) ?? []), item]);
    const withStage = (key: string) => (byKey.get(key) ?? []).some((item) => item.caseState !== "open");
    const input = (key: string, stageToo: boolean) => ({
      idProperty: mapping.caseKeyProperty,
      id: key,
      properties: ticketProperties(byKey.get(key) ?? [], stage, stageToo, mapping),
    });

    const created = new Set<string>();
    const upsert = async (all: string[], stageToo: (key: string) => boolean) => {
      const outcomes = new Map<string, Outcome>();
      for (const keys of chunks(all, batchLimit)) {
        const inputs = keys.map((key) => input(key, stageToo(key)));
        const answer = await this.call(async (attempt) => {
          // A retried upsert after a dropped answer may find the ticket the first attempt created.
          if (attempt > 0) for (const key of keys) created.add(key);
          return this.client.crm.tickets.batchApi.upsert({ inputs });
        });
        const result = this.byUniqueValue(keys, mapping.caseKeyProperty, answer);
        for (const key of result.created) created.add(key);
        for (const [key, outcome] of result.outcomes) outcomes.set(key, outcome);
      }
      return outcomes;
    };

    const outcomes = await upsert([...byKey.keys()], withStage);
    // An `open` case whose ticket is missing (an earlier sync failed) cannot be created without a stage.
    const again = [...outcomes].filter(([key, outcome]) => !outcome.ok && !withStage(key)).map(([key]) => key);
    if (again.length > 0) for (const [key, outcome] of await upsert(again, () => true)) outcomes.set(key, outcome);
    return { byKey: outcomes, created };
  }

  /** Matches a batch upsert's answer back to the unique values sent (207 errors name them in `context.ids`). */
  private byUniqueValue(
    keys: string[],
    property: string,
    answer: {
      results: Array<{ id: string; _new: boolean; properties: Record<string, string | null> }>;
      errors?: BatchEntryError[];
    },
  ) {
    const lower = new Map(keys.map((key) => [key.toLowerCase(), key]));
    const outcomes = new Map<string, Outcome>();
    const created = new Set<string>();
    for (const result of answer.results) {
      const key = lower.get(String(result.properties[property] ?? "").toLowerCase());
      if (!key) continue;
      outcomes.set(key, { ok: true, id: result.id });
      if (result._new) created.add(key);
    }
    for (const entry of answer.errors ?? []) {
      for (const id of entry.context?.ids ?? []) {
        const key = lower.get(id.toLowerCase());
        if (key) outcomes.set(key, failed(entry));
      }
    }
    for (const key of keys) if (!outcomes.has(key)) outcomes.set(key, failed(undefined));
    return { outcomes, created };
  }

  /**
   * Notes for the items whose ticket is there, created in batches of 100 with their ticket
   * association inline. A note an earlier sync wrote is known by its id; one an attempt that left no
   * answer may have written is looked for by a search on `scrm_interaction_id` first — not needed for
   * an item's first attempt, nor for a ticket new in this batch. A retry searches again before creating.
   */
  private async createNotes(
    items: SyncItem[],
    tickets: TicketOutcomes,
    mapping: HubSpotMapping,
  ): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const wanted = new Map<string, { item: SyncItem; ticketId: string }>();
    for (const item of items) {
      const ticket = tickets.byKey.get(item.caseKey);
      const written = item.interaction.sync?.hubspot?.recordIds?.note;
      if (ticket?.ok && written) outcomes.set(item.interaction.id, { ok: true, id: written });
      else if (ticket?.ok) wanted.set(item.interaction.id, { item, ticketId: ticket.id });
    }
    if (wanted.size === 0) return outcomes;

    await this.call(async (attempt) => {
      const toSearch = [...wanted.values()]
        .filter(({ item }) => attempt > 0 || !(item.firstAttempt || tickets.created.has(item.caseKey)))
        .map(({ item }) => item.interaction.id)
        .filter((id) => !outcomes.get(id)?.ok);
      for (const [id, noteId] of await this.findNotes(toSearch, mapping)) outcomes.set(id, { ok: true, id: noteId });

      const missing = [...wanted].filter(([id]) => !outcomes.get(id)?.ok);
      for (let start = 0; start < missing.length; start += batchLimit) {
        const chunk = missing.slice(start, start + batchLimit);
        const answer = await this.client.crm.objects.notes.batchApi.create({
          inputs: chunk.map(([id, { item, ticketId }]) => ({
            // With a trace id on every input, a refused input is reported alone (207), not the whole batch.
            objectWriteTraceId: id,
            properties: noteProperties(item.interaction, mapping),
            associations: [
              {
                to: { id: ticketId },
                types: [
                  {
                    associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                    associationTypeId: noteToTicket,
                  },
                ],
              },
            ],
          })),
        });
        for (const result of answer.results) {
          const id = result.objectWriteTraceId ?? result.properties[mapping.interactionIdProperty];
          if (id && wanted.has(id)) outcomes.set(id, { ok: true, id: result.id });
        }
        for (const entry of (answer as { errors?: BatchEntryError[] }).errors ?? []) {
          for (const id of entry.context?.objectWriteTraceId ?? []) outcomes.set(id, failed(entry));
        }
      }
    });
    for (const id of wanted.keys()) if (!outcomes.has(id)) outcomes.set(id, failed(undefined));
    return outcomes;
  }

  /** Notes already written for these interaction ids: one search (paged) per 100 ids. */
  private async findNotes(ids: string[], mapping: HubSpotMapping): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const byLower = new Map(ids.map((id) => [id.toLowerCase(), id]));
    const property = mapping.interactionIdProperty;
    for (let start = 0; start < ids.length; start += batchLimit) {
      const values = ids.slice(start, start + batchLimit);
      let after: string | undefined;
      do {
        const page = await this.client.crm.objects.notes.searchApi.doSearch({
          filterGroups: searchFilters({ propertyName: property, operator: "IN", values }),
          properties: [property],
          limit: searchPage,
          ...(after ? { after } : {}),
        });
        for (const note of page.results) {
          const id = byLower.get(String(note.properties[property] ?? "").toLowerCase());
          if (id && !found.has(id)) found.set(id, note.id);
        }
        after = page.paging?.next?.after;
      } while (after);
    }
    return found;
  }

  /**
   * Contacts with the tickets created in this batch (or of a new case, in case an earlier attempt
   * created the ticket and its answer was lost), in one v4 batch associate. Keyed `contact>ticket`.
   */
  private async associate(
    items: SyncItem[],
    contacts: Map<string, Outcome>,
    tickets: TicketOutcomes,
  ): Promise<Map<string, Outcome>> {
    const pairs = new Map<string, { contactId: string; ticketId: string }>();
    for (const item of items) {
      if (!tickets.created.has(item.caseKey) && item.caseState !== "new") continue;
      const contact = contacts.get(handleOf(item.interaction));
      const ticket = tickets.byKey.get(item.caseKey);
      if (!contact?.ok || !ticket?.ok) continue;
      pairs.set(`${contact.id}>${ticket.id}`, { contactId: contact.id, ticketId: ticket.id });
    }
    const outcomes = new Map<string, Outcome>();
    const all = [...pairs.values()];
    for (let start = 0; start < all.length; start += associateLimit) {
      const chunk = all.slice(start, start + associateLimit);
      const errors = await this.call(async () => {
        try {
          await this.client.crm.associations.v4.batchApi.createDefault("contacts", "tickets", {
            inputs: chunk.map(({ contactId, ticketId }) => ({ _from: { id: contactId }, to: { id: ticketId } })),
          });
          return [];
        } catch (error) {
          // The client accepts only 200 here: a partial success (207) arrives as an ApiException.
          if (isClientError(error) && error.code === 207) {
            return ((error.body as { errors?: BatchEntryError[] } | undefined)?.errors ?? []) as BatchEntryError[];
          }
          throw error;
        }
      });
      for (const entry of errors) {
        const from = entry.context?.fromObjectId ?? [];
        const to = entry.context?.toObjectId ?? [];
        from.forEach((contactId, index) => {
          const ticketId = to[index];
          if (ticketId) outcomes.set(`${contactId}>${ticketId}`, failed(entry));
        });
      }
    }
    return outcomes;
  }

  /**
   * One call (or a few, repeated together), retried on 429 after Retry-After (short waits only),
   * on 5xx and dropped connections with backoff and jitter; a daily limit gives up at once.
   */
  private async call<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    const delays = this.options.retryDelaysMs ?? [250, 1_000, 4_000];
    const rateLimitRetries = this.options.rateLimitRetries ?? 3;
    const maxWait = this.options.maxRateLimitWaitMs ?? 10_000;
    let transient = 0;
    let limited = 0;
    for (let attempt = 0; ; attempt++) {
      await this.waitForLimits(maxWait);
      try {
        return await operation(attempt);
      } catch (error) {
        if (error instanceof CallFailed) throw error;
        const failure = classify(error);
        if (failure.kind === "daily") {
          this.options.logger.warn("HubSpot daily API limit reached; syncs wait", { message: failure.error.message });
          throw new CallFailed(failure.error, untilMidnightMs());
        }
        if (failure.kind === "rate") {
          if (limited < rateLimitRetries && failure.waitMs <= maxWait) {
            limited++;
            this.options.logger.warn("HubSpot rate limit; waiting", { waitMs: failure.waitMs });
            await sleep(failure.waitMs);
            continue;
          }
          throw new CallFailed(failure.error, failure.waitMs);
        }
        if (failure.kind === "transient") {
          const delay = delays[transient++];
          if (delay !== undefined) {
            await sleep(delay * (0.5 + Math.random()));
            continue;
          }
          this.options.logger.warn("HubSpot unavailable", { code: failure.error.code, status: failure.error.status });
        }
        throw new CallFailed(failure.error);
      }
    }
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
  return out;
}
