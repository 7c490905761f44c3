import { type Logger, type OutboxDeps, publishDueEvents } from "@scrm/core";

interface SweepDeps {
  outboxDeps: OutboxDeps;
  /**
   * In process, a queued event is not lost while the process lives: a busy bus is swept less often
   * (every fifth tick), so due timers still fire within seconds without sweeps competing with ingest.
   */
  busIdle: () => boolean;
  flushHits: () => Promise<void>;
  logger: Logger;
  outboxSweepMs: number;
}

/**
 * The embedded stack's timers: due outbox events (a crash between a write and its publish, a
 * scheduled retry, an SLA timer) every `outboxSweepMs`, and rule hit counts every few seconds.
 */
export function startSweeps(deps: SweepDeps) {
  let sweeping: Promise<unknown> = Promise.resolve();
  let tick = 0;
  let running = false;
  const outboxTimer = setInterval(() => {
    tick++;
    if (running || (!deps.busIdle() && tick % 5 !== 0)) return;
    running = true;
    sweeping = publishDueEvents(deps.outboxDeps)
      .catch((error: unknown) => deps.logger.error("outbox sweep failed", { error: String(error) }))
      .finally(() => {
        running = false;
      });
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
