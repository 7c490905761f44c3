import { addWorkingTime, workingTimeBetween } from "../calendar/business-time";
import { durationMs, formatDurationMs } from "../calendar/duration";
import type { BusinessHours } from "../calendar/schema";
import type { HistoryEntry, SlaClock } from "../interaction/schema";
import type { SlaMetricName } from "../rule/actions";
import type { EscalationStep, SlaPolicy } from "./policy";

/** A policy with the business hours its clocks run in (inline, a named calendar, or none: 24/7). */
export interface ResolvedPolicy {
  policy: SlaPolicy;
  calendar: BusinessHours | undefined;
}

/** A moment a running clock has something to do: warn, breach, or run an escalation step. */
export interface Checkpoint {
  key: string;
  at: Date;
  kind: "warning" | "breach" | "step";
  step?: EscalationStep;
  stepIndex?: number;
}

/** When a clock's warning goes out: at the earliest percentage step watching it, else at 80% of the target. */
export function warningFraction(policy: SlaPolicy, metric?: SlaMetricName): number {
  const percentages = policy.escalations.flatMap((step) =>
    step.at.endsWith("%") && (!metric || !step.metrics || step.metrics.includes(metric))
      ? [Number(step.at.slice(0, -1))]
      : [],
  );
  return (percentages.length ? Math.min(...percentages) : 80) / 100;
}

const iso = (date: Date) => date.toISOString();

/**
 * A new clock from `startAt` (the platform's event time). Undefined when the calendar never opens
 * (the clock could never be met or breached: it is not started, rather than started wrong).
 */
export function startClock(
  { policy, calendar }: ResolvedPolicy,
  metric: SlaMetricName,
  startAt: Date,
): SlaClock | undefined {
  const target = policy[metric];
  if (!target) return undefined;
  const due = addWorkingTime(calendar, startAt, durationMs(target));
  if (!due) return undefined;
  return {
    policy: policy.id,
    policyVersion: policy.version,
    target,
    startedAt: iso(startAt),
    elapsedMs: 0,
    runningSince: iso(startAt),
    dueAt: iso(due),
    state: "running",
    fired: [],
  };
}

const targetOf = (clock: SlaClock) => (clock.target ? durationMs(clock.target) : 0);

/** Working time used so far, as of `at`. */
export function usedMs(clock: SlaClock, calendar: BusinessHours | undefined, at: Date): number {
  const before = clock.elapsedMs ?? 0;
  if (clock.state !== "running" || !clock.runningSince) return before;
  return before + workingTimeBetween(calendar, new Date(clock.runningSince), at);
}

/**
 * Stops counting (waiting on the customer). A breached or stopped clock is left alone, and so is one
 * already past its due time whose breach has not fired yet: it is late whatever happens next.
 */
export function pauseClock(clock: SlaClock, calendar: BusinessHours | undefined, at: Date): SlaClock {
  if (clock.state !== "running" || at.getTime() >= Date.parse(clock.dueAt)) return clock;
  const { runningSince: _since, ...rest } = clock;
  return { ...rest, state: "paused", elapsedMs: usedMs(clock, calendar, at), pausedAt: iso(at) };
}

/** Counts again from `at`; the due time moves by the working time the pause took. */
export function resumeClock(clock: SlaClock, calendar: BusinessHours | undefined, at: Date): SlaClock {
  if (clock.state !== "paused") return clock;
  const left = Math.max(0, targetOf(clock) - (clock.elapsedMs ?? 0));
  const due = addWorkingTime(calendar, at, left);
  const { pausedAt: _paused, ...rest } = clock;
  return { ...rest, state: "running", runningSince: iso(at), ...(due ? { dueAt: iso(due) } : {}) };
}

/**
 * Stops the clock at `at` (event time): met when that is no later than the due time — even if the
 * breach already fired because the answer arrived late — otherwise it stays breached, now stopped.
 */
export function stopClock(clock: SlaClock, at: Date): SlaClock {
  if (clock.state === "met" || clock.stoppedAt) return clock;
  const { runningSince: _since, pausedAt: _paused, ...rest } = clock;
  const inTime =
    clock.state === "paused" ? (clock.elapsedMs ?? 0) <= targetOf(clock) : at.getTime() <= Date.parse(clock.dueAt);
  if (inTime) {
    return { ...rest, state: "met", metAt: iso(at) };
  }
  return { ...rest, state: "breached", breachedAt: clock.breachedAt ?? clock.dueAt, stoppedAt: iso(at) };
}

/** A clock still counting (running, or breached and not yet stopped): escalations after breach still apply. */
export const isOpenClock = (clock: SlaClock) =>
  clock.state === "running" || clock.state === "paused" || (clock.state === "breached" && !clock.stoppedAt);

/** The checkpoints of a clock not fired yet, in time order (none while paused or stopped). */
export function checkpoints(
  clock: SlaClock,
  metric: SlaMetricName,
  { policy, calendar }: ResolvedPolicy,
): Checkpoint[] {
  if (clock.state === "paused" || clock.state === "met" || clock.stoppedAt) return [];
  const fired = new Set(clock.fired ?? []);
  const target = targetOf(clock);
  const due = new Date(clock.dueAt);
  const used = clock.elapsedMs ?? 0;
  const since = clock.runningSince ? new Date(clock.runningSince) : due;
  /** The instant `fraction` of the target is used up, while running. */
  const atFraction = (fraction: number) =>
    addWorkingTime(calendar, since, Math.max(0, Math.round(fraction * target) - used)) ?? due;
  const out: Checkpoint[] = [];
  const running = clock.state === "running";
  if (running && !fired.has("warning"))
    out.push({ key: "warning", at: atFraction(warningFraction(policy, metric)), kind: "warning" });
  if (running && !fired.has("breach")) out.push({ key: "breach", at: due, kind: "breach" });
  policy.escalations.forEach((step, stepIndex) => {
    const key = `step:${stepIndex}`;
    if (fired.has(key) || (step.metrics && !step.metrics.includes(metric))) return;
    let at: Date | undefined;
    if (step.at.endsWith("%")) at = running ? atFraction(Number(step.at.slice(0, -1)) / 100) : undefined;
    else if (step.at === "breach") at = due;
    else at = addWorkingTime(calendar, due, durationMs(step.at.slice(1)));
    if (at) out.push({ key, at, kind: "step", step, stepIndex });
  });
  // At the same instant the warning goes before steps and the breach before what follows it.
  const rank = { warning: 0, step: 1, breach: 1 } as const;
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.kind] - rank[b.kind]);
}

/** The working time left as of `now` (negative once overdue), for answers; a stopped clock has none. */
export function remainingOf(clock: SlaClock, calendar: BusinessHours | undefined, now: Date): string | undefined {
  if (clock.state === "met" || clock.stoppedAt) return undefined;
  if (clock.state === "breached") return formatDurationMs(-workingTimeBetween(calendar, new Date(clock.dueAt), now));
  return formatDurationMs(targetOf(clock) - usedMs(clock, calendar, now));
}

/** A stopped clock's history type: met in time, or stopped after its breach. */
export const stoppedType = (clock: SlaClock) => (clock.state === "met" ? "sla.met" : "sla.stopped");

/** One transition of a clock on the interaction's history, by its policy at the version that started it. */
export function clockTransition(
  metric: SlaMetricName,
  clock: SlaClock,
  type: string,
  at: Date,
  detail: Record<string, unknown> = {},
): HistoryEntry {
  return {
    at: at.toISOString(),
    type,
    by: `sla:${clock.policy}@${clock.policyVersion ?? 0}`,
    detail: { metric, policy: clock.policy, state: clock.state, dueAt: clock.dueAt, ...detail },
  };
}
