import type { Interaction } from "../interaction/schema";
import type { Rule, RuleEvent } from "../rule";
import { type ActionsResult, applyRuleActions, type Effect } from "./actions";

/**
 * What a cycle needs from a rule set: the compiled set in production, an explaining one in dry runs
 * (same order, no pre-filter), so both run the very same cycle.
 */
export interface RuleEvaluator<Context> {
  context(interaction: Interaction): Context;
  candidates(
    event: RuleEvent,
    context: Context,
  ): Iterable<{ rule: Rule; test(interaction: Interaction, context: Context): boolean }>;
}

/** Passes in one cycle: the first on the trigger, the rest on `interaction.updated` while rules keep changing it. */
export const maxPassesPerCycle = 4;

export interface RuleMatch {
  ruleId: string;
  version: number;
}

export interface CycleResult {
  interaction: Interaction;
  effects: Effect[];
  matches: RuleMatch[];
  passes: number;
}

/**
 * Runs the rules for one trigger. Rules run in `order`; `stop` ends the cycle. When matched rules
 * changed what other rules look at, the rules on `interaction.updated` get a follow-up pass, in the
 * same cycle and without a round trip through the bus, so a rule-caused change can never re-trigger
 * rules forever: each rule fires at most once per cycle, and a cycle has at most `maxPassesPerCycle` passes.
 */
export function runRuleCycle<Context>(
  rules: RuleEvaluator<Context>,
  interaction: Interaction,
  trigger: { type: RuleEvent; eventId: string },
  at: string,
  onMatch?: (rule: Rule, result: ActionsResult, pass: number) => void,
): CycleResult {
  const context = rules.context(interaction);
  const fired = new Set<string>();
  const effects: Effect[] = [];
  const matches: RuleMatch[] = [];
  let current = interaction;
  let event: RuleEvent = trigger.type;
  let passes = 0;
  let stopped = false;

  while (!stopped && passes < maxPassesPerCycle) {
    passes++;
    const before = observable(current);
    for (const compiled of rules.candidates(event, context)) {
      const { rule } = compiled;
      if (fired.has(rule.id) || !compiled.test(current, context)) continue;
      fired.add(rule.id);
      matches.push({ ruleId: rule.id, version: rule.version });
      const result = applyRuleActions(current, { rule, trigger, at });
      current = result.interaction;
      effects.push(...result.effects);
      onMatch?.(rule, result, passes);
      if (rule.stop) {
        stopped = true;
        break;
      }
    }
    if (observable(current) === before) break;
    event = "interaction.updated";
  }
  return { interaction: current, effects, matches, passes };
}

/** What rule actions can change and conditions can see (text fields never change in a pass). */
function observable(interaction: Interaction): string {
  const { tags, priority, status, assignee, escalation, sync } = interaction;
  return JSON.stringify([tags, priority, status, assignee, escalation, sync]);
}
