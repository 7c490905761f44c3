import { dryRun, dryRunSubjects, type RuleTestRequest } from "../decision/dry-run";
import { inputError, notFound, RelayError } from "../errors";
import type { Enricher, InteractionStore } from "../ports";
import { parseRuleInput, type Rule } from "../rule";
import type { RulesAdminDeps } from "./rules";

/** `POST /rules/test`: the given rule (or every enabled rule) against the given or latest interactions. */
export async function testRules(
  deps: RulesAdminDeps & { interactions: InteractionStore; enricher: Enricher },
  request: RuleTestRequest,
) {
  const now = deps.clock.now().toISOString();
  const workspaceId = request.workspace;
  const rules: Rule[] = request.rule ? [draftRule(request.rule, workspaceId, now)] : await deps.rules.list(workspaceId);
  const calendars = new Map((await deps.rules.listCalendars(workspaceId)).map((calendar) => [calendar.id, calendar]));
  const subjects = await dryRunSubjects(request, deps.interactions, now);
  if (request.interactionId && !subjects.length) {
    throw notFound("interaction.not_found", `no interaction with id ${request.interactionId}`);
  }
  const results = [];
  for (const interaction of subjects) {
    results.push(await dryRun(rules, interaction, { event: request.event, calendars, enricher: deps.enricher, now }));
  }
  return { event: request.event, rules: rules.length, results };
}

/** A rule under test is validated like a POST (errors name `rule.<path>`), and always enabled. */
function draftRule(body: unknown, workspaceId: string, now: string): Rule {
  let input: ReturnType<typeof parseRuleInput>;
  try {
    input = parseRuleInput({ workspaceId, ...(body as object) });
  } catch (error) {
    if (!(error instanceof RelayError)) throw error;
    const details = ((error.details as Array<{ field: string; message: string }> | undefined) ?? []).map((detail) => ({
      field: `rule.${detail.field}`,
      message: detail.message,
    }));
    throw inputError(
      "rule.invalid",
      `invalid rule: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`,
      details,
    );
  }
  return {
    ...input,
    id: input.id ?? "draft",
    enabled: true,
    version: 0,
    createdAt: now,
    updatedAt: now,
    updatedBy: "dry-run",
  } as Rule;
}
