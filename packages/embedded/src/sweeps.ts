import { type Logger, type OutboxDeps, publishDueEvents } from "@scrm/core";

interface SweepDeps {
  outboxDeps: OutboxDeps;
  /** In process, a queued event is not lost while the process lives: sweep only when the bus is idle. */
  busIdle: () => boolean;
  flushHits: () => Promise<void>;
  logger: Logger;
  outboxSweepMs: number;
}

/**
 * The embedded stack's timers: due outbox events (a crash between a write and its publish, a
 * scheduled retry) every `outboxSweepMs`, and rule hit counts every few seconds.
 */
export function startSweeps(deps: SweepDeps) {
  let sweeping: Promise<unknown> = Promise.resolve();
  const outboxTimer = setInterval(() => {
    if (!deps.busIdle()) return;
    sweeping = publishDueEvents(deps.outboxDeps).catch((error: unknown) =>
      deps.logger.error("outbox sweep failed", { error: String(error) }),
    );
  }, deps.outboxSweepMs);
  const hitsTimer = setInterval(() => {
    deps
      .flushHits()
      .catch((error: unknown) => deps.logger.warn("rule hit counts not written yet", { error: String(error) }));
  }, 2_000);
  outboxTimer.unref();
  hitsTimer.unref();
  return {
    async stop() {
      clearInterval(outboxTimer);
      clearInterval(hitsTimer);
      await sweeping;
      await deps.flushHits().catch(() => undefined);
    },
  };
}
