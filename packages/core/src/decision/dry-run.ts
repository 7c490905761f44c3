import * as z from "zod";
import type { NamedCalendar } from "../calendar";
import { Interaction } from "../interaction/schema";
import type { Enricher, InteractionStore } from "../ports";
import { explainRule, type Rule, RuleEvent } from "../rule";
import type { ActionOutcome, Effect } from "./actions";
import { enrichInteraction } from "./enrich";
import { runRuleCycle } from "./pass";

/** `POST /rules/test` (CONTRACT §4): nothing given but a rule → the last N stored interactions. */
export const RuleTestRequest = z
  .strictObject({
    rule: z
      .unknown()
      .optional()
      .meta({ description: "a rule to try (validated like POST /rules); absent: all enabled rules" }),
    interaction: z.record(z.string(), z.unknown()).optional().meta({
      description: 'an Interaction; missing fields get neutral defaults, so `{"text": "…"}` is enough',
    }),
    interactionId: z.string().min(1).optional(),
    last: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "the last N stored interactions (default 10)" }),
    event: RuleEvent.default("interaction.received"),
    workspace: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("default"),
  })
  .meta({ id: "RuleTestRequest" });
export type RuleTestRequest = z.infer<typeof RuleTestRequest>;

export interface RuleReport {
  ruleId: string;
  name: string;
  version: number;
  listens: boolean;
  matched: boolean;
  pass?: number;
  conditions: ReturnType<typeof explainRule>["conditions"];
  actions: Array<Record<string, unknown> & { outcome: ActionOutcome }>;
  stopped?: boolean;
}

/** A neutral interaction around whatever fields were given, so a dry run can start from a sentence. */
export function draftInteraction(given: Record<string, unknown>, now: string): Interaction {
  return Interaction.parse({
    id: "dry-run",
    workspaceId: "default",
    platform: "facebook",
    kind: "comment",
    direction: "inbound",
    externalId: "dry-run",
    threadId: "dry-run",
    account: { id: "dry-run" },
    author: { id: "dry-run" },
    text: "",
    occurredAt: now,
    receivedAt: now,
    tags: [],
    priority: "normal",
    status: "open",
    deliveryId: "dry-run",
    history: [],
    ...given,
  });
}

/**
 * Runs the real rule cycle on a copy, with every rule explained instead of pre-filtered, and
 * reports per rule what held and which actions would run. Writes nothing, counts no hits, publishes nothing.
 */
export async function dryRun(
  rules: Rule[],
  interaction: Interaction,
  options: { event: RuleEvent; calendars: Map<string, NamedCalendar>; enricher: Enricher; now: string },
) {
  const subject = interaction.enrichment
    ? interaction
    : await enrichInteraction(options.enricher, interaction, options.now);
  const ordered = rules.filter((rule) => rule.enabled).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const reports = new Map<string, RuleReport>();
  for (const rule of ordered) {
    reports.set(rule.id, {
      ruleId: rule.id,
      name: rule.name,
      version: rule.version,
      listens: rule.on.includes(options.event),
      matched: false,
      conditions: [],
      actions: [],
    });
  }
  const evaluator = {
    context: () => undefined,
    candidates: (event: RuleEvent) =>
      ordered
        .filter((rule) => rule.on.includes(event))
        .map((rule) => ({
          rule,
          test: (current: Interaction) => {
            const explained = explainRule(rule, current, { calendars: options.calendars });
            const report = reports.get(rule.id) as RuleReport;
            if (!report.matched)
              Object.assign(report, { matched: explained.matched, conditions: explained.conditions });
            return explained.matched;
          },
        })),
  };
  const effects: Effect[] = [];
  const cycle = runRuleCycle(
    evaluator,
    subject,
    { type: options.event, eventId: "dry-run" },
    options.now,
    (rule, result, pass) => {
      const report = reports.get(rule.id) as RuleReport;
      report.pass = pass;
      report.actions = result.outcomes.map(({ action, outcome }) => ({ ...action, outcome }));
      if (rule.stop) report.stopped = true;
      effects.push(...result.effects);
    },
  );
  const { tags, priority, status, assignee, escalation, sync, language, sentiment, intent } = cycle.interaction;
  return {
    interactionId: interaction.id,
    event: options.event,
    rules: [...reports.values()],
    result: { tags, priority, status, assignee, escalation, sync, language, sentiment, intent },
    effects: effects.map(({ rule, ...effect }) => ({ ...effect, rule: rule.id })),
    passes: cycle.passes,
  };
}

/** Which interactions a dry run looks at. */
export async function dryRunSubjects(
  request: RuleTestRequest,
  interactions: InteractionStore,
  now: string,
): Promise<Interaction[]> {
  if (request.interaction) return [draftInteraction(request.interaction, now)];
  if (request.interactionId) {
    const stored = await interactions.get(request.interactionId);
    return stored ? [stored.interaction] : [];
  }
  const page = await interactions.list({ workspaceId: request.workspace, limit: request.last ?? 10 });
  return page.items;
}
