import pMap from "p-map";
import type { Bus, Clock, Logger, Outbox, OutboxEntry, OutboxWrite, PendingEvent } from "../ports";

/** How long a written event may wait for its publisher (or an awaited consumer) before the sweeper steps in. */
export const outboxGraceMs = 30_000;
/** The sweeper's longest wait between re-publishing an event whose consumer keeps failing. */
const maxBackoffMs = 60 * 60_000;

export interface OutboxDeps {
  bus: Bus;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
}

/** The outbox to write with an item: everything still pending plus the new events. */
export function outboxWrite(carried: PendingEvent[], added: PendingEvent[], now: Date, graceMs = outboxGraceMs) {
  const known = new Set(carried.map((event) => event.id));
  const events = [...carried, ...added.filter((event) => !known.has(event.id))];
  return { events, dueAt: new Date(now.getTime() + graceMs) } satisfies OutboxWrite;
}

/**
 * Publishes what a write just stored. Events that only need the bus are settled at once; awaited
 * ones stay until their consumer removes them. A bus failure is logged, not thrown: the write has
 * committed, and the sweeper publishes the events when they fall due.
 */
export async function publishOutbox(deps: OutboxDeps, entry: OutboxEntry): Promise<void> {
  if (!entry.events.length) return;
  try {
    await deps.bus.publish(entry.events.map(({ type, detail }) => ({ type, detail })));
  } catch (error) {
    deps.logger.warn("publishing after a write failed; the outbox sweeper will publish later", {
      key: entry.key,
      error: String(error),
    });
    return;
  }
  const awaited = entry.events.filter((event) => event.awaitConsumer);
  if (awaited.length === entry.events.length) return;
  await deps.outbox.settle(entry, awaited, new Date(deps.clock.now().getTime() + outboxGraceMs));
}

/** Due items published at once by one sweep: their writes and PutEvents calls overlap. */
const sweepConcurrency = 16;

/**
 * The sweeper: publishes every due outbox (a process died between its write and its publish, a
 * consumer has not run, or a retry was scheduled for now) and settles it. An awaited event is
 * published again later, each time after a longer wait, until its consumer takes it. The repeat is
 * counted (`republished`) before it is made, so a consumer that reads the item sees that an earlier
 * delivery may have been at work (the CRM sync skips its duplicate checks only on a first delivery).
 * Items are independent, so several are swept at once; one whose publish fails does not stop the
 * others (it is due again later), and the first failure is thrown once all have been tried.
 * Answers how many items were due (at most `limit`; fewer does not prove none are left: sweep again
 * until none is).
 */
export async function publishDueEvents(
  deps: OutboxDeps,
  options: { limit?: number; concurrency?: number } = {},
): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.outbox.listDue(now, options.limit ?? 200);
  await pMap(due, (entry) => publishDue(deps, entry, now), {
    concurrency: options.concurrency ?? sweepConcurrency,
    stopOnError: false,
  }).catch((error: unknown) => {
    throw error instanceof AggregateError ? error.errors[0] : error;
  });
  if (due.length) deps.logger.info("published due outbox events", { items: due.length });
  return due.length;
}

async function publishDue(deps: OutboxDeps, entry: OutboxEntry, now: Date): Promise<void> {
  const counted = entry.events.map((event) =>
    event.awaitConsumer ? { ...event, republished: (event.republished ?? 0) + 1 } : event,
  );
  const attempts = Math.max(0, ...counted.map((event) => event.republished ?? 0));
  const dueAt = new Date(now.getTime() + Math.min(maxBackoffMs, outboxGraceMs * 2 ** Math.max(0, attempts - 1)));
  const marked = await deps.outbox.settle(entry, counted, dueAt);
  // Written since it was listed: the writer carried the events on and publishes them.
  if (!marked) return;
  await deps.bus.publish(counted.map(({ type, detail }) => ({ type, detail })));
  const awaited = counted.filter((event) => event.awaitConsumer);
  if (awaited.length < counted.length) await deps.outbox.settle(marked, awaited, dueAt);
}
