import { composeAws, secretsFromSst } from "@scrm/aws";
import { parseConfig, publishDueEvents, recoverDeliveries } from "@scrm/core";
import type { ScheduledEvent } from "aws-lambda";

/** Deliveries younger than this are still in flight (stored, their event on its way). */
const graceMs = 120_000;

/** Built once per cold start; the SDK clients are reused across invocations. */
const deps = composeAws(parseConfig({ ...process.env, ...secretsFromSst() }));

/**
 * Every minute (stacks/recovery.ts): publishes `delivery.received` again for deliveries that were
 * acknowledged but never processed, and the due outbox events of any item (the bus was unreachable after the 200, or processing failed).
 * Processing is idempotent, so a delivery published twice has no second effect. Throwing
 * fails the run; the next minute's run tries again.
 */
export const handler = async (event: Partial<ScheduledEvent>): Promise<{ republished: number; outboxes: number }> => {
  const republished = await recoverDeliveries(deps, { graceMs });
  // Outbox events not published after their write (or scheduled for now, like a notification retry).
  const outboxes = await publishDueEvents(deps);
  deps.logger.info("recovery done", { republished, outboxes, scheduledAt: event.time, eventId: event.id });
  return { republished, outboxes };
};
