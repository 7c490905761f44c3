import { randomUUID } from "node:crypto";
import { notFound } from "../errors";
import { Interaction } from "../interaction/schema";
import { outboxWrite, publishOutbox } from "../outbox";
import type { AuditLog, Bus, Clock, InteractionStore, Logger, Outbox } from "../ports";
import { auditId } from "../rules-admin/audit-id";
import { retryOnConflict } from "../store/retry-on-conflict";
import type { SyncFailureStore } from "./ports";
import { syncRequest } from "./sync-batch";

export interface RetrySyncDeps {
  interactions: InteractionStore;
  failures: SyncFailureStore;
  audit: AuditLog;
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

/**
 * `POST /sync/failures/:id/retry`: the sync is pending again with its attempts reset, its request
 * due at once; the failure leaves the list (it comes back if the CRM refuses again).
 */
export async function retrySyncFailure(deps: RetrySyncDeps, workspaceId: string, id: string, actor: string) {
  const failure = await deps.failures.get(workspaceId, id);
  if (!failure) throw notFound("sync_failure.not_found", `no sync failure ${id} in workspace ${workspaceId}`);
  return retryOnConflict(async () => {
    const stored = await deps.interactions.get(failure.interactionId);
    if (!stored) throw notFound("interaction.not_found", `no interaction with id ${failure.interactionId}`);
    const known = stored.interaction.sync?.[failure.target];
    const next = Interaction.parse({
      ...stored.interaction,
      sync: {
        ...stored.interaction.sync,
        [failure.target]: { ...known, state: "pending", attempts: 0, nextAttemptAt: undefined, failedAt: undefined },
      },
    });
    const request = syncRequest(next, failure.target, `retry:${randomUUID()}`);
    const entry = await deps.interactions.put(
      next,
      stored.version,
      outboxWrite(stored.pending, [request], deps.clock.now(), 0),
    );
    await deps.failures.remove(workspaceId, id);
    await deps.audit.record({
      id: auditId(),
      at: deps.clock.now().toISOString(),
      workspaceId,
      actor,
      action: "sync.retried",
      entity: { type: "interaction", id: failure.interactionId },
      detail: { target: failure.target, error: failure.error },
    });
    await publishOutbox(deps, entry);
    return { id, interactionId: failure.interactionId, target: failure.target, state: "pending" as const };
  });
}

/** `POST /sync/failures/retry`: every listed failure of the workspace (a page at a time). */
export async function retryAllSyncFailures(deps: RetrySyncDeps, workspaceId: string, actor: string, limit = 100) {
  const page = await deps.failures.list(workspaceId, limit);
  const retried = [];
  for (const failure of page.items) retried.push(await retrySyncFailure(deps, workspaceId, failure.id, actor));
  return { retried: retried.length, more: Boolean(page.nextCursor) };
}
