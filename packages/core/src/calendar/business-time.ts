import { DAY_MS, MINUTE_MS } from "./duration";
import { type Prepared, prepare, wallClockMs } from "./prepared";
import type { BusinessHours } from "./schema";

/**
 * How far ahead a clock looks for working time before giving up: a calendar whose next opening is
 * further away than this (say, every working day a holiday) is treated as never opening.
 */
const HORIZON_DAYS = 3 * 366;

/** Work grows with the days spanned, so no single call may span more than a century. */
const MAX_SPAN_DAYS = 100 * 366;

/** A local calendar date in the calendar's zone, as the ms of that date's UTC midnight. */
type LocalDay = number;

/** [start, end) in epoch ms. */
type Interval = readonly [number, number];

/** Local time minus UTC at `instant`, in ms (Jerusalem in winter: +2 h). */
function offsetAt(format: Intl.DateTimeFormat, instant: number): number {
  return wallClockMs(format, instant) - Math.floor(instant / 1000) * 1000;
}

function localDayOf(format: Intl.DateTimeFormat, instant: number): LocalDay {
  const wall = wallClockMs(format, instant);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * The instant the local wall clock reads `minutes` past midnight of `day`. The offsets a day
 * either side bracket any DST change, so each is tried: a time that happens twice (fall-back) takes
 * its first occurrence; a time that never happens (spring-forward gap) is read with the offset from
 * before the change, which moves it forward by the gap (02:30 becomes 03:30), as RFC 5545 and
 * Temporal's "compatible" disambiguation do.
 */
function instantOf(format: Intl.DateTimeFormat, day: LocalDay, minutes: number): number {
  const wall = day + minutes * MINUTE_MS;
  const before = offsetAt(format, wall - DAY_MS);
  const after = offsetAt(format, wall + DAY_MS);
  if (before === after) return wall - before;
  const candidates = [wall - before, wall - after].filter((instant) => offsetAt(format, instant) === wall - instant);
  return candidates.length > 0 ? Math.min(...candidates) : wall - before;
}

/** One local day's working intervals, sorted; ranges that DST squeezes to nothing are dropped. */
function intervalsOfDay({ format, days, holidays }: Prepared, day: LocalDay): Interval[] {
  if (holidays.has(day)) return [];
  const ranges = days[new Date(day).getUTCDay()] ?? [];
  const intervals: Interval[] = [];
  for (const [start, end] of ranges) {
    // An overnight range belongs to the day it starts on and ends on the next.
    const from = instantOf(format, day, start);
    const to = instantOf(format, day, end > start ? end : end + 1440);
    if (to > from) intervals.push([from, to]);
  }
  return intervals.sort((a, b) => a[0] - b[0]);
}

/**
 * The calendar's working time as disjoint intervals in time order, overlapping and touching ones
 * merged (Friday 22:00–24:00 and Saturday 00:00–02:00 are one stretch), built one local day at a
 * time from the day before `at`'s local day (whose overnight range may still be running), for at
 * most `days` days. Yields only intervals that end after `at`.
 */
function* workingIntervals(calendar: Prepared, at: number, days: number): Generator<Interval> {
  const firstDay = localDayOf(calendar.format, at) - DAY_MS;
  let pending: [number, number] | undefined;
  for (let i = 0; i < days; i++) {
    for (const [start, end] of intervalsOfDay(calendar, firstDay + i * DAY_MS)) {
      if (pending && start <= pending[1]) {
        pending[1] = Math.max(pending[1], end);
        continue;
      }
      if (pending && pending[1] > at) yield pending;
      pending = [start, end];
    }
  }
  if (pending && pending[1] > at) yield pending;
}

function checkInstant(name: string, instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid Date`);
  return ms;
}

/**
 * The first instant at or after `at` when the calendar's clock is running: `at` itself if the
 * calendar is open then, else the start of its next working interval. Undefined when the
 * calendar has no working time within about three years (an empty week, or holidays on every
 * working day). No calendar means always open.
 */
export function nextOpening(calendar: BusinessHours | undefined, at: Date): Date | undefined {
  const atMs = checkInstant("at", at);
  if (!calendar) return new Date(atMs);
  const ready = prepare(calendar);
  if (!ready.opensAtAll) return undefined;
  const first = workingIntervals(ready, atMs, HORIZON_DAYS).next();
  return first.done ? undefined : new Date(Math.max(first.value[0], atMs));
}

/**
 * The instant at which `ms` of working time has elapsed since `start`: an SLA's due time. A clock
 * started outside working hours waits for the next opening; the due instant is never inside a
 * closed stretch, so a target that uses up a day's hours exactly falls due at closing time, not
 * at the next opening. `ms === 0` is due at `start` itself, open or not: nothing has to elapse.
 * No calendar means 24/7 (plain addition). Undefined when the calendar does not provide `ms` of
 * working time soon enough: within about three years beyond the target's own length in days
 * (an empty week, say), and within a century at most.
 */
export function addWorkingTime(calendar: BusinessHours | undefined, start: Date, ms: number): Date | undefined {
  const startMs = checkInstant("start", start);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`working time must be a finite, non-negative ms: ${ms}`);
  if (!calendar || ms === 0) return new Date(startMs + ms);
  const ready = prepare(calendar);
  if (!ready.opensAtAll) return undefined;
  let remaining = ms;
  // Give up a horizon past the days the target needs even if every hour were working time.
  const days = Math.min(HORIZON_DAYS + Math.ceil(ms / DAY_MS), MAX_SPAN_DAYS);
  for (const [open, close] of workingIntervals(ready, startMs, days)) {
    const from = Math.max(open, startMs);
    if (remaining <= close - from) return new Date(from + remaining);
    remaining -= close - from;
  }
  return undefined;
}

/** Milliseconds of working time in [from, to); 0 when `to` is not after `from`. No calendar means 24/7. */
export function workingTimeBetween(calendar: BusinessHours | undefined, from: Date, to: Date): number {
  const fromMs = checkInstant("from", from);
  const toMs = checkInstant("to", to);
  if (toMs <= fromMs) return 0;
  if (!calendar) return toMs - fromMs;
  const ready = prepare(calendar);
  if (!ready.opensAtAll) return 0;
  // Slack for the overnight range running at `from` and the partial local days at either end.
  const days = Math.ceil((toMs - fromMs) / DAY_MS) + 3;
  if (days > MAX_SPAN_DAYS) throw new RangeError(`${from.toISOString()} to ${to.toISOString()} spans over a century`);
  let total = 0;
  for (const [open, close] of workingIntervals(ready, fromMs, days)) {
    if (open >= toMs) break;
    total += Math.min(close, toMs) - Math.max(open, fromMs);
  }
  return total;
}
