import { DAY_MS, MINUTE_MS } from "./duration";
import { prepare, wallClockMs } from "./prepared";
import type { BusinessHours } from "./schema";

/** The wall clock in the calendar's zone: its local date (as UTC midnight ms) and minutes since midnight. */
function wallClock(format: Intl.DateTimeFormat, instant: Date): { date: number; minutes: number } {
  const wall = wallClockMs(format, instant.getTime());
  const date = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  return { date, minutes: Math.floor((wall - date) / MINUTE_MS) };
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
