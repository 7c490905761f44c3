import type { Interaction } from "../interaction/schema";
import type { CompileOptions } from "./compile";
import { fieldGetter } from "./fields";
import { type Env, evaluate, prepareOperand } from "./operators";
import type { Condition, ConditionValue, Operator, Rule } from "./schema";

/** One condition of a dry run: a group (`all`, `any`, `not`) or a leaf with the value it saw. */
export interface ConditionReport {
  /** Where it sits in the rule, e.g. `when.all[1].any[0]`. */
  path: string;
  field?: string;
  op?: Operator;
  value?: ConditionValue;
  /** The field's value in the interaction (absent when the field is missing). */
  actual?: unknown;
  held: boolean;
}

export interface RuleExplanation {
  matched: boolean;
  /** Every group and leaf, in document order, each evaluated (no short-circuit). */
  conditions: ConditionReport[];
}

function explain(
  condition: Condition,
  path: string,
  interaction: Interaction,
  env: Env,
  out: ConditionReport[],
): boolean {
  if ("all" in condition || "any" in condition) {
    const [key, children] = "all" in condition ? ["all", condition.all] : ["any", condition.any];
    const report: ConditionReport = { path, held: false };
    out.push(report);
    const results = children.map((child, i) => explain(child, `${path}.${key}[${i}]`, interaction, env, out));
    report.held = key === "all" ? results.every(Boolean) : results.some(Boolean);
    return report.held;
  }
  if ("not" in condition) {
    const report: ConditionReport = { path, held: false };
    out.push(report);
    report.held = !explain(condition.not, `${path}.not`, interaction, env, out);
    return report.held;
  }
  const actual = fieldGetter(condition.field)(interaction);
  const held = evaluate(prepareOperand(condition), actual, undefined, env);
  const report: ConditionReport = { path, field: condition.field, op: condition.op, held };
  if (condition.value !== undefined) report.value = condition.value;
  if (actual !== undefined) report.actual = actual;
  out.push(report);
  return held;
}

/**
 * Evaluates one rule's `when` for a dry run and reports every condition. It uses the same operator
 * functions as the compiled evaluator but no keyword index, so both must agree (tested).
 */
export function explainRule(
  rule: Pick<Rule, "when">,
  interaction: Interaction,
  options: CompileOptions = {},
): RuleExplanation {
  const conditions: ConditionReport[] = [];
  const matched = rule.when
    ? explain(rule.when, "when", interaction, { calendars: options.calendars }, conditions)
    : true;
  return { matched, conditions };
}
