import ICAL from "ical.js";
import { LocalDate } from "./schema";

const DAY_MS = 86_400_000;

/**
 * A rule that recurs more often than this before the window ends is not a holiday list; stopping
 * keeps a hostile or broken file (FREQ=DAILY since 1990) from costing unbounded time.
 */
const MAX_OCCURRENCES = 10_000;

/** Properties whose DATE values ical.js would otherwise roll over (month 13 becomes next January). */
const DATE_PROPERTIES = new Set(["dtstart", "dtend", "rdate", "exdate", "recurrence-id"]);

export interface HolidayWindow {
  /** First local date wanted, YYYY-MM-DD, inclusive. */
  from: string;
  /** Last local date wanted, YYYY-MM-DD, inclusive. */
  to: string;
}

/** A local date as the ms of its UTC midnight, so dates count and compare as numbers. */
type Day = number;

const dayOf = (time: ICAL.Time): Day => Date.UTC(time.year, time.month - 1, time.day);

function windowDay(name: string, date: string): Day {
  if (!LocalDate.safeParse(date).success)
    throw new RangeError(`${name}: expected a local date YYYY-MM-DD, got "${date}"`);
  return Date.parse(`${date}T00:00:00Z`);
}

function parseCalendars(text: string): ICAL.Component[] {
  if (text.trim() === "") throw new Error("not an iCalendar file: it is empty");
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new Error(`not an iCalendar file: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Several VCALENDARs one after another are out of spec but seen in the wild; ical.js returns a list.
  const roots = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[][];
  return roots.map((root) => {
    if (root[0] !== "vcalendar") {
      throw new Error(`not an iCalendar file: expected BEGIN:VCALENDAR, found ${String(root[0]).toUpperCase()}`);
    }
    return new ICAL.Component(root);
  });
}

function checkDates(vevent: ICAL.Component): void {
  for (const [name, , type, ...values] of vevent.jCal[1] as unknown[][]) {
    if (type !== "date" || !DATE_PROPERTIES.has(String(name))) continue;
    for (const value of values) {
      if (!LocalDate.safeParse(value).success) throw new Error(`${String(name).toUpperCase()} ${value} is not a date`);
    }
  }
}

/**
 * The days an occurrence takes up: from its start date up to its exclusive end. An end that is a
 * time past midnight (out of spec for an all-day event) still takes up its own day; a missing or
 * non-positive length takes up the start day alone.
 */
function daysOf(start: ICAL.Time, end: ICAL.Time | null): Day[] {
  const first = dayOf(start);
  const endsInsideItsDay = end && !end.isDate && (end.hour > 0 || end.minute > 0 || end.second > 0);
  const last = end ? dayOf(end) - (endsInsideItsDay ? 0 : DAY_MS) : first;
  const days: Day[] = [first];
  for (let day = first + DAY_MS; day <= last; day += DAY_MS) days.push(day);
  return days;
}

/**
 * Days off from an iCalendar feed (a public-holiday calendar, a team's closures), as sorted,
 * unique local dates within the inclusive window, ready for `BusinessHours.holidays`.
 *
 * Only all-day events count (DTSTART;VALUE=DATE): each gives every date from its start up to its
 * exclusive DTEND (or DURATION; one day when neither is given). Timed events are ignored: a
 * two-hour meeting or a half-day closure is not a whole day off, and guessing otherwise would stop
 * SLA clocks for the whole day. Recurring events (RRULE, RDATE) are expanded, honouring EXDATE and
 * any overridden occurrence (RECURRENCE-ID), which is read as an event of its own. Cancelled
 * events (STATUS:CANCELLED) are ignored. Throws "not an iCalendar file: …" for text ical.js cannot
 * read or an event it cannot expand, and a RangeError for a malformed window.
 */
export function holidaysFromIcal(text: string, window: HolidayWindow): string[] {
  const from = windowDay("from", window.from);
  const to = windowDay("to", window.to);
  if (to < from) throw new RangeError(`the window ends (${window.to}) before it starts (${window.from})`);
  const holidays = new Set<Day>();
  const take = (days: Day[]) => {
    for (const day of days) if (day >= from && day <= to) holidays.add(day);
  };

  for (const calendar of parseCalendars(text)) {
    const vevents = calendar.getAllSubcomponents("vevent");
    for (const vevent of vevents) {
      const uid = String(vevent.getFirstPropertyValue("uid") ?? "(no UID)");
      try {
        checkDates(vevent);
        if (String(vevent.getFirstPropertyValue("status") ?? "").toUpperCase() === "CANCELLED") continue;
        const overrides = vevent.hasProperty("recurrence-id")
          ? []
          : vevents.filter((other) => other.hasProperty("recurrence-id") && other.getFirstPropertyValue("uid") === uid);
        // Passing the overrides explicitly: left alone, ical.js relates every RECURRENCE-ID in the file, whatever its UID.
        const event = new ICAL.Event(vevent, { exceptions: overrides });
        const start = event.startDate;
        if (!start?.isDate) continue;
        if (!event.isRecurring() || event.isRecurrenceException()) {
          take(daysOf(start, event.endDate));
          continue;
        }
        const occurrences = event.iterator();
        for (let count = 0; ; count++) {
          const occurrence = occurrences.next();
          if (!occurrence || dayOf(occurrence) > to) break;
          if (count >= MAX_OCCURRENCES) throw new Error(`recurs over ${MAX_OCCURRENCES} times before ${window.to}`);
          const details = event.getOccurrenceDetails(occurrence);
          // An overridden occurrence is read from its own VEVENT, which may have moved or cancelled it.
          if (details.item?.recurrenceId?.compare(occurrence) === 0) continue;
          if (details.startDate.isDate) take(daysOf(details.startDate, details.endDate));
        }
      } catch (error) {
        throw new Error(
          `not an iCalendar file: event "${uid}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  return [...holidays].sort((a, b) => a - b).map((day) => new Date(day).toISOString().slice(0, 10));
}
