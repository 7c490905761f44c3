import type { Bus, Clock, DeliveryStore, Logger } from "../ports";
import { deliveryReceivedEvent } from "./accept-delivery";

export interface RecoverDeliveriesDeps {
  deliveries: DeliveryStore;
  bus: Bus;
  clock: Clock;
  logger: Logger;
}

/**
 * Re-publishes deliveries that were acknowledged but never processed (the process stopped after
 * the 200, or the bus was unreachable). Those younger than `graceMs` are skipped: they are in flight.
 * Run at start and on a schedule (embedded: a timer; AWS: a scheduled function).
 */
export async function recoverDeliveries(
  deps: RecoverDeliveriesDeps,
  options: { graceMs: number; limit?: number },
): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - options.graceMs).toISOString();
  const pending = (await deps.deliveries.listPending(options.limit ?? 500)).filter(
    (delivery) => delivery.receivedAt <= cutoff,
  );
  if (!pending.length) return 0;
  deps.logger.info("re-publishing accepted deliveries that were not processed", { count: pending.length });
  await deps.bus.publish(pending.map(deliveryReceivedEvent));
  return pending.length;
}
