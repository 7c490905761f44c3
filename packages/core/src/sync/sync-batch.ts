import { type CrmSync, Interaction } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { Bus, BusEvent, Clock, InteractionStore, Logger, Outbox, PendingEvent, StoredInteraction } from "../ports";
import type { BatchDelivery } from "../routing/handlers";
import { retryOnConflict } from "../store/retry-on-conflict";
import { defaultReopenDays, resolveCaseKey } from "./case-key";
import { type CaseRef, type CrmRecordIndex, parseCaseKey } from "./crm-events";
import type { CrmConnector, CrmTarget, SyncFailureStore, SyncItem, SyncResult, ThreadCaseStore } from "./ports";

export interface SyncRequested {
  workspaceId: string;
  interactionId: string;
  target: CrmTarget;
}

/** Waits between attempts of a sync the CRM keeps refusing (about a day in all), then it is listed as failed. */
export const syncRetrySchedule = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000];

export interface SyncDeps {
  interactions: InteractionStore;
  connectors: Partial<Record<CrmTarget, CrmConnector>>;
  cases: ThreadCaseStore;
  failures: SyncFailureStore;
  /** Where a CRM record's case is remembered, so the CRM's webhooks (which name only the record) find the thread. */
  records: CrmRecordIndex;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  reopenDays?: number;
  retrySchedule?: readonly number[];
}

const isSyncEvent = (event: PendingEvent, target: CrmTarget) =>
  event.type === "sync.requested" && (event.detail as Partial<SyncRequested>).target === target;

/**
 * The `sync-crm` batch handler: the interactions whose sync is still pending go to their CRM in
 * batches of the CRM's size; each answer is written back to its interaction in one conditional write
 * that also removes its `sync.requested` events (so a repeat of the batch changes nothing). A refused
 * or unreachable CRM delays the sync (the event stays, due again later); after the schedule it is
 * listed under /sync/failures. Nothing is dropped.
 */
export async function syncBatch(deps: SyncDeps, events: BusEvent[], delivery?: BatchDelivery): Promise<void> {
  const redelivered = (delivery?.attempt ?? 1) > 1;
  const byTarget = new Map<CrmTarget, Set<string>>();
  for (const event of events) {
    const request = event.detail as SyncRequested;
    byTarget.set(request.target, (byTarget.get(request.target) ?? new Set()).add(request.interactionId));
  }
  for (const [target, ids] of byTarget) {
    const connector = deps.connectors[target];
    const stored = (await Promise.all([...ids].map((id) => deps.interactions.get(id)))).filter(
      (item): item is StoredInteraction => Boolean(item?.pending.some((event) => isSyncEvent(event, target))),
    );
    if (!stored.length) continue;
    if (!connector) {
      const error = { code: "crm.not_configured", message: `${target} is not configured on this stack` };
      await Promise.all(stored.map((item) => settle(deps, target, item, { ok: false, retryable: true, error })));
      continue;
    }
    for (let start = 0; start < stored.length; start += connector.maxBatch) {
      const chunk = stored.slice(start, start + connector.maxBatch);
      const items = await Promise.all(
        chunk.map(async ({ interaction, pending }) => ({
          interaction,
          firstAttempt: !redelivered && neverAttempted(interaction.sync?.[target], pending, target),
          ...(await resolveCaseKey(
            deps.cases,
            {
              workspaceId: interaction.workspaceId,
              target,
              platform: interaction.platform,
              threadId: interaction.threadId,
            },
            deps.clock.now(),
            deps.reopenDays ?? defaultReopenDays,
          )),
        })),
      );
      let results: SyncResult[];
      try {
        results = await connector.sync(items);
      } catch (cause) {
        const error = { code: "crm.unavailable", message: cause instanceof Error ? cause.message : String(cause) };
        results = items.map(() => ({ ok: false, retryable: true, error }));
      }
      await rememberCaseRecords(deps, target, items, results);
      await Promise.all(
        chunk.map((item, index) =>
          settle(deps, target, item, results[index] as SyncResult, items[index]?.caseKey as string),
        ),
      );
    }
  }
}

/**
 * Nothing of this sync can be in the CRM yet: no attempt recorded, never synced, and its request not
 * republished by the outbox sweeper (which happens when a run died before writing its answer).
 */
function neverAttempted(known: CrmSync | undefined, pending: PendingEvent[], target: CrmTarget): boolean {
  if (known && (known.attempts || known.error || known.syncedAt || known.recordIds || known.failedAt)) return false;
  return pending.every((event) => !isSyncEvent(event, target) || !event.republished);
}

/** Writes one answer back, re-reading after a lost race (the answer itself does not change). */
async function settle(
  deps: SyncDeps,
  target: CrmTarget,
  first: StoredInteraction,
  result: SyncResult,
  caseKey?: string,
): Promise<void> {
  await retryOnConflict(async (round) => {
    const stored = round === 1 ? first : await deps.interactions.get(first.interaction.id);
    if (!stored) return;
    const now = deps.clock.now();
    const known = stored.interaction.sync?.[target];
    const attempts = (known?.attempts ?? 0) + 1;
    const schedule = deps.retrySchedule ?? syncRetrySchedule;
    const syncEvents = stored.pending.filter((event) => isSyncEvent(event, target));
    const others = stored.pending.filter((event) => !isSyncEvent(event, target));
    let state: CrmSync;
    let pending = others;
    let dueAt = now;
    if (result.ok) {
      state = {
        state: "synced",
        recordIds: result.recordIds,
        syncedAt: now.toISOString(),
        ...(caseKey ? { caseKey } : {}),
      };
    } else if (attempts <= schedule.length) {
      // A rejected record waits and is tried again too (issue 5): an admin may fix the org meanwhile.
      const wait = Math.max(schedule[attempts - 1] ?? 0, result.retryAfterMs ?? 0);
      dueAt = new Date(now.getTime() + wait);
      state = {
        ...known,
        state: "pending",
        attempts,
        nextAttemptAt: dueAt.toISOString(),
        lastError: result.error.message,
        error: result.error,
      };
      pending = [...others, ...syncEvents];
    } else {
      state = {
        ...known,
        state: "failed",
        attempts,
        failedAt: now.toISOString(),
        lastError: result.error.message,
        error: result.error,
      };
      delete state.nextAttemptAt;
    }
    const next = Interaction.parse({ ...stored.interaction, sync: { ...stored.interaction.sync, [target]: state } });
    const entry = await deps.interactions.put(
      next,
      stored.version,
      pending.length ? { events: pending, dueAt } : undefined,
    );
    if (state.state === "failed") {
      await deps.failures.record({
        id: `${next.id}:${target}`,
        workspaceId: next.workspaceId,
        interactionId: next.id,
        target,
        failedAt: now.toISOString(),
        attempts,
        error: state.error ?? { code: "unknown", message: state.lastError ?? "failed" },
      });
      deps.logger.warn("CRM sync failed for good; listed under /sync/failures", { interactionId: next.id, target });
    }
    if (result.ok && entry.events.some((event) => !event.awaitConsumer)) await publishOutbox(deps, entry);
  });
}

/**
 * Which case each CRM record of the batch is, once per record (a thread's messages share their case),
 * before the write-back, so a crash cannot lose it; writing it again later is harmless.
 */
async function rememberCaseRecords(deps: SyncDeps, target: CrmTarget, items: SyncItem[], results: SyncResult[]) {
  const refs = new Map<string, { type: "ticket" | "case"; id: string; ref: CaseRef }>();
  items.forEach(({ interaction, caseKey }, index) => {
    const result = results[index];
    if (!result?.ok) return;
    const { threadId, seq } = parseCaseKey(caseKey);
    for (const type of ["ticket", "case"] as const) {
      const id = result.recordIds[type];
      const ref = { workspaceId: interaction.workspaceId, platform: interaction.platform, threadId, seq };
      if (id) refs.set(`${type}#${id}`, { type, id, ref });
    }
  });
  await Promise.all([...refs.values()].map(({ type, id, ref }) => deps.records.put(target, type, id, ref)));
}

/** A sync request as the rules pass writes it: awaited, so it stays until its answer is written back. */
export function syncRequest(interaction: Interaction, target: CrmTarget, id: string): PendingEvent<SyncRequested> {
  return {
    id,
    type: "sync.requested",
    awaitConsumer: true,
    detail: { workspaceId: interaction.workspaceId, interactionId: interaction.id, target },
  };
}

/** `outboxWrite` for a retry asked by a person: the request again, due now. */
export const retryOutbox = (stored: StoredInteraction, request: PendingEvent, now: Date) =>
  outboxWrite(stored.pending, [request], now, 0);
