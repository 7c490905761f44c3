import { type NamedCalendar, NamedCalendar as NamedCalendarSchema } from "../calendar";
import { inputError, notFound } from "../errors";
import { formatIssues } from "../rule";
import { auditId, type RulesAdminDeps } from "./rules";

/** Named business-hours calendars (`withinBusinessHours` conditions; SLA policies later). */
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
