import { ConflictError } from "../errors";
import type { Clock, InteractionStore, Logger, OutboxWrite, PendingEvent } from "../ports";
import type { NotificationStore, StoredNotification } from "./port";
import { defaultNotifyTimeoutMs, postNotification } from "./post";
import { type AttemptOutcome, abandoned, afterAttempt, attemptEventId, withLateAttempt } from "./schedule";
import {
  type Notification,
  type NotificationPayload,
  NotifyRequested,
  newNotification,
  notificationRequest,
  notifyRequestedType,
} from "./schema";
import { signNotification } from "./sign";

export interface SendNotificationDeps {
  notifications: NotificationStore;
  /** Read for the body: receivers get the interaction as it is at each attempt. */
  interactions: InteractionStore;
  clock: Clock;
  logger: Logger;
  /** `whsec_<base64>`: the Standard Webhooks signing secret (`NOTIFY_SIGNING_SECRET`). */
  secret: string;
  fetch?: typeof fetch;
  /** Delay before each attempt in ms; default `notifyRetrySchedule`. */
  schedule?: readonly number[];
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** For the ±10% jitter; default `Math.random`. */
  random?: () => number;
}

/** How long an attempt in flight keeps others away: past it (the process died), the sweeper wakes it again. */
const leaseMs = (deps: SendNotificationDeps) => (deps.timeoutMs ?? defaultNotifyTimeoutMs) + 30_000;

/**
 * The `notify.requested` handler: makes the record if absent, then makes the attempt that is due.
 * Does nothing for a delivered or failed record (a redelivered event) or before `nextAttemptAt`
 * (an early wake-up). The receiver's failures are recorded and rescheduled through the record's
 * outbox, never thrown; store errors are thrown, for the bus to retry.
 */
export async function sendNotification(deps: SendNotificationDeps, input: NotifyRequested): Promise<Notification> {
  const stored = await findOrCreate(deps, NotifyRequested.parse(input));
  const current = stored.notification;
  const now = deps.clock.now();
  if (current.state !== "pending") return current;
  if (current.nextAttemptAt && Date.parse(current.nextAttemptAt) > now.getTime()) return current;

  const found = await deps.interactions.get(current.interactionId);
  if (!found) {
    const failed = abandoned(current, `interaction ${current.interactionId} is not stored`, now);
    await deps.notifications.update(failed, stored.version);
    deps.logger.error("notification failed: its interaction is gone", { notificationId: current.id });
    return failed;
  }

  const claimed = await claim(deps, stored, now);
  if (!claimed) return (await deps.notifications.get(current.id))?.notification ?? current;

  const signed = signNotification(deps.secret, current, found.interaction, now);
  const outcome = await postNotification(current.url, signed, now, deps);
  const next = { ...afterAttempt(claimed.notification, outcome, deps.clock.now(), deps), payload: signed.summary };
  const written = await record(deps, claimed.version, next, outcome, signed.summary);
  report(deps, written, outcome);
  return written;
}

async function findOrCreate(deps: SendNotificationDeps, request: NotifyRequested): Promise<StoredNotification> {
  const existing = await deps.notifications.get(request.notificationId);
  if (existing) return existing;
  const now = deps.clock.now();
  const created = newNotification(request, now);
  // Woken again by the sweeper should this process die before the attempt (the bus event is gone by then).
  const outbox = notificationOutbox(created, new Date(now.getTime() + leaseMs(deps)));
  if (await deps.notifications.create(created, outbox)) {
    return { notification: created, version: 1, pending: outbox?.events ?? [] };
  }
  // Created by a concurrent delivery of the same request since our read.
  const raced = await deps.notifications.get(request.notificationId);
  if (!raced) throw new Error(`notification ${request.notificationId} exists but cannot be read`);
  return raced;
}

/**
 * Takes the attempt with a conditional write, so two wake-ups at once make one POST. The lease
 * (`nextAttemptAt` past the timeout) carries an outbox event: if this process dies mid-attempt,
 * the sweeper wakes the handler again when the lease ends. Undefined: someone else wrote first.
 */
async function claim(deps: SendNotificationDeps, stored: StoredNotification, now: Date) {
  const leaseEnds = new Date(now.getTime() + leaseMs(deps));
  const leased: Notification = { ...stored.notification, nextAttemptAt: leaseEnds.toISOString() };
  try {
    await deps.notifications.update(leased, stored.version, notificationOutbox(leased));
    return { notification: leased, version: stored.version + 1 };
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}

/**
 * The outbox that wakes the handler when a pending record's next attempt is due (at `dueAt`, by
 * default its `nextAttemptAt`); none for a delivered or failed one.
 */
export function notificationOutbox(notification: Notification, dueAt?: Date): OutboxWrite | undefined {
  if (notification.state !== "pending" || !notification.nextAttemptAt) return undefined;
  const event: PendingEvent = {
    id: attemptEventId(notification),
    type: notifyRequestedType,
    detail: notificationRequest(notification),
    awaitConsumer: true,
  };
  return { events: [event], dueAt: dueAt ?? new Date(notification.nextAttemptAt) };
}

/**
 * Writes the attempt and the wake-up for the next one. If the record was written since the claim (a
 * person's retry, or another attempt after this one stalled past its lease), the attempt joins that
 * version instead of undoing it (and a 2xx still makes it delivered).
 */
async function record(
  deps: SendNotificationDeps,
  version: number,
  next: Notification,
  outcome: AttemptOutcome,
  payload: NotificationPayload,
): Promise<Notification> {
  try {
    await deps.notifications.update(next, version, notificationOutbox(next));
    return next;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const fresh = await deps.notifications.get(next.id);
  if (!fresh) throw new Error(`notification ${next.id} vanished during an attempt`);
  const merged = { ...withLateAttempt(fresh.notification, outcome, deps.clock.now()), payload };
  const carried = merged.state === "pending" && fresh.pending.length ? fresh.pending : [];
  const dueAt = new Date(merged.nextAttemptAt ?? deps.clock.now());
  await deps.notifications.update(merged, fresh.version, carried.length ? { events: carried, dueAt } : undefined);
  return merged;
}

function report(deps: SendNotificationDeps, notification: Notification, outcome: AttemptOutcome) {
  const fields = {
    notificationId: notification.id,
    url: notification.url,
    attempt: notification.attempts.length,
    status: outcome.attempt.status,
    durationMs: outcome.attempt.durationMs,
  };
  if (notification.state === "delivered") deps.logger.info("notification delivered", fields);
  else if (notification.state === "failed") {
    deps.logger.error("notification failed; kept for a retry", { ...fields, error: notification.lastError });
  } else {
    deps.logger.warn("notification attempt failed; retrying later", {
      ...fields,
      error: outcome.attempt.error,
      nextAttemptAt: notification.nextAttemptAt,
    });
  }
}
