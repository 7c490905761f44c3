import { type Bus, type Clock, type DeliveryStore, deliveryReceivedEvent, type Logger } from "@scrm/core";

/**
 * Re-publishes deliveries that were acknowledged but never processed (a crash or stop after the
 * 200): at start, then every `intervalMs` for those older than `graceMs` (younger ones are in flight).
 */
export function startRecovery(deps: {
  deliveries: DeliveryStore;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  graceMs?: number;
}) {
  const sweep = async (graceMs: number) => {
    const cutoff = new Date(deps.clock.now().getTime() - graceMs).toISOString();
    const pending = (await deps.deliveries.listPending(500)).filter((delivery) => delivery.receivedAt <= cutoff);
    if (!pending.length) return 0;
    deps.logger.info("re-publishing accepted deliveries that were not processed", { count: pending.length });
    await deps.bus.publish(pending.map(deliveryReceivedEvent));
    return pending.length;
  };
  const timer = setInterval(() => {
    sweep(deps.graceMs ?? 60_000).catch((error: unknown) =>
      deps.logger.error("recovery sweep failed", { error: String(error) }),
    );
  }, deps.intervalMs ?? 30_000);
  timer.unref();
  return { initial: sweep(0), stop: () => clearInterval(timer) };
}
