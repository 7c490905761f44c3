import { parse as parseYaml } from "yaml";
import { NamedCalendar } from "../calendar";
import { inputError, RelayError } from "../errors";
import { formatIssues, parseRuleInput, type RuleInput } from "../rule";
import { saveCalendar } from "./calendars";
import { applyRuleInputs, type RulesAdminDeps } from "./rules";

export interface RulesFile {
  rules: RuleInput[];
  calendars: NamedCalendar[];
}

/**
 * Rules as code: a JSON or YAML file (`{ rules: [...], calendars?: [...] }`, or just the list of
 * rules) validated exactly like the admin API; every problem names the file and the path.
 */
export function parseRulesFile(text: string, fileName: string): RulesFile {
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(fileName) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw inputError("rules_file.unreadable", `${fileName}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = Array.isArray(document) ? { rules: document } : (document ?? {});
  if (typeof body !== "object" || !Array.isArray((body as { rules?: unknown }).rules)) {
    throw inputError("rules_file.invalid", `${fileName}: expected a list of rules, or an object with "rules"`);
  }
  const problems: Array<{ field: string; message: string }> = [];
  const rules: RuleInput[] = [];
  (body as { rules: unknown[] }).rules.forEach((raw, index) => {
    try {
      const rule = parseRuleInput(raw);
      if (!rule.id)
        problems.push({ field: `rules[${index}].id`, message: "required in a rules file (it keeps versions)" });
      rules.push(rule);
    } catch (error) {
      if (!(error instanceof RelayError)) throw error;
      const details = (error.details as Array<{ field: string; message: string }> | undefined) ?? [];
      problems.push(
        ...details.map((detail) => ({ field: `rules[${index}].${detail.field}`, message: detail.message })),
      );
    }
  });
  const calendars: NamedCalendar[] = [];
  const rawCalendars = (body as { calendars?: unknown }).calendars ?? [];
  (Array.isArray(rawCalendars) ? rawCalendars : [rawCalendars]).forEach((raw, index) => {
    const parsed = NamedCalendar.safeParse(raw);
    if (parsed.success) calendars.push(parsed.data);
    else
      problems.push(
        ...formatIssues(parsed.error).map((d) => ({ field: `calendars[${index}].${d.field}`, message: d.message })),
      );
  });
  const ids = rules.map((rule) => `${rule.workspaceId}/${rule.id}`);
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) problems.push({ field: `rules[${index}].id`, message: `duplicate id ${id}` });
  });
  if (problems.length) {
    const lines = problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
    throw inputError("rules_file.invalid", `${fileName}: ${lines}`, problems);
  }
  return { rules, calendars };
}

/** Loads a parsed rules file: only what differs from the stored versions becomes a new version. */
export async function applyRulesFile(deps: RulesAdminDeps, file: RulesFile, actor: string) {
  for (const calendar of file.calendars) {
    const workspaces = new Set(file.rules.map((rule) => rule.workspaceId));
    for (const workspaceId of workspaces.size ? workspaces : new Set(["default"])) {
      const stored = await deps.rules.getCalendar(workspaceId, calendar.id);
      if (JSON.stringify(stored) !== JSON.stringify(calendar)) {
        await saveCalendar(deps, workspaceId, calendar.id, calendar, actor);
      }
    }
  }
  return applyRuleInputs(deps, file.rules, actor);
}
