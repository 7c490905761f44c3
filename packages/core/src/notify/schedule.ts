import type { Notification, NotificationAttempt } from "./schema";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * Delay before each attempt, as Standard Webhooks suggests: immediately, 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h (eight attempts over about a day), each delay with ±10% jitter.
 */
export const notifyRetrySchedule: readonly number[] = [
  0,
  5 * second,
  5 * minute,
  30 * minute,
  2 * hour,
  5 * hour,
  10 * hour,
  10 * hour,
];

/** ±10%, so receivers that failed together are not all retried in the same second. */
export const jitterRatio = 0.1;

/** `delayMs` moved by up to ±10%; `random` answers in [0, 1) like `Math.random`. */
export function jittered(delayMs: number, random: () => number = Math.random): number {
  return Math.round(delayMs * (1 - jitterRatio + 2 * jitterRatio * random()));
}

/** What one POST came to. */
export interface AttemptOutcome {
  attempt: NotificationAttempt;
  /** A 2xx answer. */
  delivered: boolean;
  /** The receiver asked never to be called again (410 Gone): failed at once, no more retries. */
  final: boolean;
}

export interface ScheduleOptions {
  /** Delay before each attempt in ms (the first one is normally 0). */
  schedule?: readonly number[];
  random?: () => number;
}

/**
 * The record after one attempt: delivered on a 2xx; failed on a 410 or when the schedule has no
 * further step; otherwise pending again, due after the next step's (jittered) delay.
 */
export function afterAttempt(
  notification: Notification,
  outcome: AttemptOutcome,
  now: Date,
  options: ScheduleOptions = {},
): Notification {
  const schedule = options.schedule ?? notifyRetrySchedule;
  const { nextAttemptAt: _due, lastError: _error, ...rest } = notification;
  const recorded = {
    ...rest,
    attempts: [...notification.attempts, outcome.attempt],
    scheduleStep: notification.scheduleStep + 1,
  };
  if (outcome.delivered) return { ...recorded, state: "delivered", deliveredAt: now.toISOString() };
  const lastError = outcome.attempt.error ?? `HTTP ${outcome.attempt.status ?? "?"}`;
  const delay = outcome.final ? undefined : schedule[recorded.scheduleStep];
  if (delay === undefined) return { ...recorded, state: "failed", lastError, failedAt: now.toISOString() };
  const nextAttemptAt = new Date(now.getTime() + jittered(delay, options.random)).toISOString();
  return { ...recorded, state: "pending", lastError, nextAttemptAt };
}

/**
 * An attempt recorded on a record that changed while it was in flight (a person's retry): it joins
 * the log without undoing that change, and a 2xx still makes it delivered.
 */
export function withLateAttempt(notification: Notification, outcome: AttemptOutcome, now: Date): Notification {
  // Kept oldest first: this attempt may have started before ones recorded since.
  const attempts = [...notification.attempts, outcome.attempt].sort((a, b) => a.at.localeCompare(b.at));
  if (!outcome.delivered) return { ...notification, attempts };
  const { nextAttemptAt: _due, lastError: _error, failedAt: _failed, ...rest } = notification;
  return { ...rest, attempts, state: "delivered", deliveredAt: now.toISOString() };
}

/**
 * A person's retry: pending again with the schedule restarted, due `now`. The attempts so far stay
 * in the log.
 */
export function restartNotification(notification: Notification, now: Date): Notification {
  const { failedAt: _failed, deliveredAt: _delivered, ...rest } = notification;
  return { ...rest, state: "pending", scheduleStep: 0, nextAttemptAt: now.toISOString() };
}

/** A failure that is no attempt (the interaction is gone): failed at once, with why. */
export function abandoned(notification: Notification, reason: string, now: Date): Notification {
  const { nextAttemptAt: _due, ...rest } = notification;
  return { ...rest, state: "failed", lastError: reason, failedAt: now.toISOString() };
}

/** The id of the outbox event that wakes the handler for the record's next attempt (unique per attempt). */
export const attemptEventId = (notification: Notification) => `${notification.id}#${notification.attempts.length + 1}`;
