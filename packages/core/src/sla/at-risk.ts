import type { RuleSets } from "../decision/rule-sets";
import type { Interaction } from "../interaction/schema";
import type { Clock, InteractionStore } from "../ports";
import type { SlaMetricName } from "../rule/actions";
import { slaMetrics } from "./advance";
import { remainingOf } from "./clock";
import type { SlaTimerStore } from "./run-sla";

export interface AtRiskClock {
  interactionId: string;
  metric: SlaMetricName;
  policy: string;
  dueAt: string;
  /** Working time left (ISO-8601). */
  remaining: string;
  state: "running";
  platform: string;
  threadId: string;
  priority: Interaction["priority"];
  assignee?: string;
}

export interface AtRiskDeps {
  interactions: InteractionStore;
  timers: SlaTimerStore;
  ruleSets: RuleSets;
  clock: Clock;
}

/**
 * `GET /sla/at-risk`: the running clocks of a workspace that breach within `withinMs`, soonest first.
 * Every running clock has a timer due no later than its breach, so the interactions whose timer
 * falls due within the window are all the candidates; each is read to get its clocks as they are.
 */
export async function slaAtRisk(
  deps: AtRiskDeps,
  workspaceId: string,
  options: { withinMs: number; limit: number },
): Promise<{ items: AtRiskClock[]; asOf: string }> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + options.withinMs);
  const ids = await deps.timers.dueBy(workspaceId, until, Math.max(options.limit * 4, 200));
  const policies = await deps.ruleSets.policies(workspaceId);
  const stored = await Promise.all(ids.map((id) => deps.interactions.get(id)));
  const items: AtRiskClock[] = [];
  for (const entry of stored) {
    const interaction = entry?.interaction;
    if (!interaction || interaction.workspaceId !== workspaceId) continue;
    for (const metric of slaMetrics) {
      const clock = interaction.sla?.[metric];
      if (clock?.state !== "running" || Date.parse(clock.dueAt) > until.getTime()) continue;
      items.push({
        interactionId: interaction.id,
        metric,
        policy: clock.policy,
        dueAt: clock.dueAt,
        remaining: remainingOf(clock, policies.get(clock.policy)?.calendar, now) ?? "PT0S",
        state: "running",
        platform: interaction.platform,
        threadId: interaction.threadId,
        priority: interaction.priority,
        ...(interaction.assignee ? { assignee: interaction.assignee } : {}),
      });
    }
  }
  items.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return { items: items.slice(0, options.limit), asOf: now.toISOString() };
}

/** The interaction with each open clock's `remaining` as of `now` (answers only; never stored). */
export async function withRemaining(ruleSets: RuleSets, interaction: Interaction, now: Date): Promise<Interaction> {
  if (!interaction.sla) return interaction;
  const policies = await ruleSets.policies(interaction.workspaceId);
  const sla = { ...interaction.sla };
  for (const metric of slaMetrics) {
    const clock = sla[metric];
    if (!clock) continue;
    const remaining = remainingOf(clock, policies.get(clock.policy)?.calendar, now);
    sla[metric] = remaining ? { ...clock, remaining } : clock;
  }
  return { ...interaction, sla };
}
