import { type BusinessHours, minutesOf, Weekday } from "./schema";

const DAY_MS = 86_400_000;

interface Prepared {
  format: Intl.DateTimeFormat;
  /** [start, end] in minutes per weekday (0 = Sunday); end < start crosses midnight. */
  days: Array<Array<readonly [number, number]>>;
  holidays: Set<number>;
}

/** Calendars are plain data that may be evaluated many times: parse each once. */
const prepared = new WeakMap<BusinessHours, Prepared>();

function prepare(calendar: BusinessHours): Prepared {
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
  });
  const days = Weekday.options.map((day) =>
    (calendar.week[day] ?? []).map(([start, end]) => [minutesOf(start), minutesOf(end)] as const),
  );
  const holidays = new Set((calendar.holidays ?? []).map((d) => Date.parse(`${d}T00:00:00Z`)));
  const result = { format, days, holidays };
  prepared.set(calendar, result);
  return result;
}

/** The wall clock in the calendar's zone: its local date (as UTC midnight ms) and minutes since midnight. */
function wallClock(format: Intl.DateTimeFormat, instant: Date): { date: number; minutes: number } {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0 } = parts;
  return { date: Date.UTC(year, month - 1, day), minutes: (hour % 24) * 60 + minute };
}

/**
 * Whether `instant` falls in the calendar's opening hours, read on the local wall clock, so DST
 * changes need no special case. A range belongs to the day it starts on: the part of an overnight
 * range after midnight counts when the day it started on is not a holiday.
 */
export function isWithinBusinessHours(calendar: BusinessHours, instant: Date): boolean {
  if (Number.isNaN(instant.getTime())) return false;
  const { format, days, holidays } = prepare(calendar);
  const { date, minutes } = wallClock(format, instant);
  const weekday = new Date(date).getUTCDay();
  if (!holidays.has(date)) {
    for (const [start, end] of days[weekday] ?? []) {
      if (end > start ? start <= minutes && minutes < end : minutes >= start) return true;
    }
  }
  if (!holidays.has(date - DAY_MS)) {
    for (const [start, end] of days[(weekday + 6) % 7] ?? []) {
      if (end < start && minutes < end) return true;
    }
  }
  return false;
}
