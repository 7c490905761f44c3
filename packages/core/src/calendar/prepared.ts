import { type BusinessHours, minutesOf, Weekday } from "./schema";

/** A calendar read once for evaluation: its zone's formatter, ranges in minutes, holidays as day keys. */
export interface Prepared {
  format: Intl.DateTimeFormat;
  /** [start, end] in minutes since local midnight per weekday (0 = Sunday); end < start crosses midnight. */
  days: Array<Array<readonly [number, number]>>;
  /** Local dates as UTC-midnight ms, the same key as `LocalDay`. */
  holidays: Set<number>;
  /** Any range on any weekday: a calendar without one never opens. */
  opensAtAll: boolean;
}

/** Calendars are plain data that may be evaluated many times: read each once. */
const prepared = new WeakMap<BusinessHours, Prepared>();

export function prepare(calendar: BusinessHours): Prepared {
  const cached = prepared.get(calendar);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: calendar.timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const days = Weekday.options.map((day) =>
    (calendar.week[day] ?? []).map(([start, end]) => [minutesOf(start), minutesOf(end)] as const),
  );
  const holidays = new Set((calendar.holidays ?? []).map((d) => Date.parse(`${d}T00:00:00Z`)));
  const result = { format, days, holidays, opensAtAll: days.some((ranges) => ranges.length > 0) };
  prepared.set(calendar, result);
  return result;
}

/** The local wall-clock reading of `instant` (to the second), written as if it were UTC. */
export function wallClockMs(format: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour % 24, minute, second);
  return wall.getTime();
}
