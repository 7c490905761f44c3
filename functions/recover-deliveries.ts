import { composeAws } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { publishDueEvents, recoverDeliveries } from "@scrm/core";
import type { ScheduledEvent } from "aws-lambda";

/** Deliveries younger than this are still in flight (stored, their event on its way). */
const graceMs = 120_000;
/** Due outbox items listed per sweep; it sweeps again until one finds nothing due. */
const sweepLimit = 200;
/** A run stops sweeping this long after it started, in time to end before its 60 s timeout. */
const sweepBudgetMs = 40_000;

/** Built once per cold start; the SDK clients are reused across invocations. */
const deps = composeAws(functionConfig("recover-deliveries"));

/**
 * Every minute (stacks/recovery.ts): publishes `delivery.received` again for deliveries that were
 * acknowledged but never processed, and the due outbox events of any item (the bus was unreachable after the 200, or processing failed).
 * Processing is idempotent, so a delivery published twice has no second effect. Throwing
 * fails the run; the next minute's run tries again.
 */
export const handler = async (event: Partial<ScheduledEvent>): Promise<{ republished: number; outboxes: number }> => {
  const started = Date.now();
  const republished = await recoverDeliveries(deps, { graceMs });
  // Outbox events not published after their write (or scheduled for now, like a notification retry,
  // or an SLA checkpoint): swept until none is due or the run's budget is spent, not 200 a minute.
  let outboxes = 0;
  for (;;) {
    const swept = await publishDueEvents(deps, { limit: sweepLimit });
    outboxes += swept;
    // Not `swept < sweepLimit`: a sweep reads each shard of the due index for its share only.
    if (swept === 0 || Date.now() - started > sweepBudgetMs) break;
  }
  deps.logger.info("recovery done", { republished, outboxes, scheduledAt: event.time, eventId: event.id });
  return { republished, outboxes };
};
