import type { Clock, Logger } from "@scrm/core";
import { deleteExpired } from "@scrm/dynamodb";

export interface JanitorDeps {
  documents: Parameters<typeof deleteExpired>[0];
  tableName: string;
  clock: Clock;
  logger: Logger;
  /** True while the server is busy (webhooks being written): the janitor waits between pages. */
  busy?: () => boolean;
  /** How often it runs after the run at start (default hourly). */
  intervalMs?: number;
  /** Items evaluated per Scan page (default 100) and the pause after each page (default 20 ms). */
  pageSize?: number;
  pauseMs?: number;
}

export const defaultJanitorIntervalMs = 60 * 60_000;

/**
 * The embedded stack's stand-in for DynamoDB's TTL, which dynalite lacks: once at start, then hourly,
 * deletes the items whose `expiresAt` has passed, in small throttled pages, so the data folder does
 * not grow forever. Like TTL it is only a janitor: no read depends on it having run.
 */
export function startJanitor(deps: JanitorDeps) {
  let stopped = false;
  let running: Promise<void> | undefined;

  const start = (): Promise<void> => {
    running ??= deleteExpired(deps.documents, deps.tableName, {
      now: deps.clock.now(),
      pageSize: deps.pageSize ?? 100,
      pauseMs: deps.pauseMs ?? 20,
      concurrency: 4,
      ...(deps.busy ? { shouldYield: deps.busy } : {}),
      stopped: () => stopped,
    })
      .then(({ scanned, deleted }) => {
        if (deleted) deps.logger.info("expired items deleted", { deleted, scanned });
      })
      .catch((error: unknown) => deps.logger.warn("expired items not deleted yet", { error: String(error) }))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const initial = start();
  // A run still going when the next is due is not doubled.
  const timer = setInterval(() => void start(), deps.intervalMs ?? defaultJanitorIntervalMs);
  timer.unref();
  return {
    /** The run started with the janitor. */
    initial,
    /** A full run from now: after the run in progress, if any (which started at an earlier instant). */
    async run() {
      while (running) await running;
      await start();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
