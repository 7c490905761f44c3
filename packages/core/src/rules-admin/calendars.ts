import * as z from "zod";
import { holidaysFromIcal, LocalDate, type NamedCalendar, NamedCalendar as NamedCalendarSchema } from "../calendar";
import { inputError, notFound, RelayError } from "../errors";
import { formatIssues, parseOrThrow } from "../rule";
import { auditId } from "./audit-id";
import type { RulesAdminDeps } from "./rules";

/** Named business-hours calendars (`withinBusinessHours` conditions, SLA policies' `calendar`). */
export async function saveCalendar(
  deps: RulesAdminDeps,
  workspaceId: string,
  id: string,
  body: unknown,
  actor: string,
): Promise<NamedCalendar> {
  const parsed = NamedCalendarSchema.safeParse({ ...(body as object), id });
  if (!parsed.success) {
    const details = formatIssues(parsed.error);
    throw inputError(
      "calendar.invalid",
      `invalid calendar: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`,
      details,
    );
  }
  const existed = await deps.rules.getCalendar(workspaceId, id);
  await deps.rules.saveCalendar(workspaceId, parsed.data);
  await deps.audit.record({
    id: auditId(),
    at: deps.clock.now().toISOString(),
    workspaceId,
    actor,
    action: existed ? "calendar.updated" : "calendar.created",
    entity: { type: "calendar", id },
  });
  return parsed.data;
}

export async function deleteCalendar(deps: RulesAdminDeps, workspaceId: string, id: string, actor: string) {
  // A policy's clocks would silently fall back to 24/7: the policy has to let go of it first.
  const users = (await deps.rules.listPolicies(workspaceId)).filter((policy) => policy.calendar === id);
  if (users.length) {
    const names = users.map((policy) => policy.id).join(", ");
    throw new RelayError("conflict", "calendar.in_use", `calendar ${id} is used by SLA policies: ${names}`, {
      details: { policies: users.map((policy) => policy.id) },
    });
  }
  if (!(await deps.rules.removeCalendar(workspaceId, id))) {
    throw notFound("calendar.not_found", `no calendar with id ${id} in workspace ${workspaceId}`);
  }
  await deps.audit.record({
    id: auditId(),
    at: deps.clock.now().toISOString(),
    workspaceId,
    actor,
    action: "calendar.deleted",
    entity: { type: "calendar", id },
  });
}

export async function getCalendar(deps: RulesAdminDeps, workspaceId: string, id: string): Promise<NamedCalendar> {
  const calendar = await deps.rules.getCalendar(workspaceId, id);
  if (!calendar) throw notFound("calendar.not_found", `no calendar with id ${id} in workspace ${workspaceId}`);
  return calendar;
}

export interface HolidayImport {
  /** First local date to take, inclusive; default 1 January of the year before `to`, or of this year. */
  from?: string;
  /** Last local date to take, inclusive; default 31 December of the year after `from`. */
  to?: string;
  /** Add to the calendar's holidays instead of replacing them. */
  merge?: boolean;
}

const HolidayWindow = z
  .object({ from: LocalDate, to: LocalDate })
  .refine((window) => window.to >= window.from, { path: ["to"], message: "ends before `from`" });

/**
 * `PUT /calendars/:id/holidays`: the all-day events of an iCalendar file (a public-holiday feed, a
 * team's closures) within a window become the calendar's holidays, or are added to them.
 */
export async function importCalendarHolidays(
  deps: RulesAdminDeps,
  workspaceId: string,
  id: string,
  icalText: string,
  options: HolidayImport,
  actor: string,
): Promise<NamedCalendar> {
  const calendar = await getCalendar(deps, workspaceId, id);
  const window = parseOrThrow(
    HolidayWindow,
    holidayWindow(options, localYear(deps.clock.now(), calendar.timezone)),
    "calendar.holidays_window_invalid",
  );
  let imported: string[];
  try {
    imported = holidaysFromIcal(icalText, window);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("not an iCalendar file")) {
      throw inputError("calendar.ical_invalid", `the body is ${error.message} (send the .ics file as text/calendar)`);
    }
    throw error;
  }
  const holidays = options.merge ? [...new Set([...(calendar.holidays ?? []), ...imported])].sort() : imported;
  return saveCalendar(deps, workspaceId, id, { ...calendar, holidays }, actor);
}

/** A year and the next, anchored on whichever end is given, else on this year. */
function holidayWindow(options: HolidayImport, thisYear: number): { from: string; to: string } {
  const yearOf = (date: string | undefined) => (date && /^\d{4}-/.test(date) ? Number(date.slice(0, 4)) : undefined);
  const from = options.from ?? `${(yearOf(options.to) ?? thisYear + 1) - 1}-01-01`;
  const to = options.to ?? `${(yearOf(from) ?? thisYear) + 1}-12-31`;
  return { from, to };
}

/** "This year" where the calendar is: on 31 December evening in UTC it may be next year already. */
function localYear(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).format(now));
}
