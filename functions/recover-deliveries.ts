import { composeAws, secretsFromSst } from "@scrm/aws";
import { parseConfig, recoverDeliveries } from "@scrm/core";
import type { ScheduledEvent } from "aws-lambda";

/** Deliveries younger than this are still in flight (stored, their event on its way). */
const graceMs = 120_000;

/** Built once per cold start; the SDK clients are reused across invocations. */
const deps = composeAws(parseConfig({ ...process.env, ...secretsFromSst() }));

/**
 * Every minute (stacks/recovery.ts): publishes `delivery.received` again for deliveries that were
 * acknowledged but never processed (the bus was unreachable after the 200, or processing failed).
 * Processing is idempotent, so a delivery published twice has no second effect. Throwing
 * fails the run; the next minute's run tries again.
 */
export const handler = async (event: Partial<ScheduledEvent>): Promise<{ republished: number }> => {
  const republished = await recoverDeliveries(deps, { graceMs });
  deps.logger.info("delivery recovery done", { republished, scheduledAt: event.time, eventId: event.id });
  return { republished };
};
