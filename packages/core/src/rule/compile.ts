import { createHash } from "node:crypto";
import type { BusinessHours } from "../calendar/schema";
import type { Interaction } from "../interaction/schema";
import type { EvaluationContext } from "./context";
import { fieldGetter } from "./fields";
import { evaluate, keywordsHold, prepareOperand, TEXT_OPERATORS } from "./operators";
import { type Gate, type GatedRule, RuleSet } from "./rule-set";
import type { Condition, LeafCondition, Rule, RuleEvent } from "./schema";
import { Scope, type Test } from "./scope";

export interface CompileOptions {
  /** Calendars by id, for withinBusinessHours. */
  calendars?: ReadonlyMap<string, BusinessHours> | undefined;
}

export interface CompiledRule {
  readonly rule: Rule;
  /** Whether `when` holds for `interaction`; `ctx` must come from the same rule set and interaction. */
  test(interaction: Interaction, ctx: EvaluationContext): boolean;
}

export interface CompiledRuleSet {
  /** Changes whenever a rule is added, removed, enabled, disabled or edited. */
  readonly version: string;
  readonly warnings: readonly string[];
  /** Enabled rules in evaluation order (`order`, then `id`). */
  readonly rules: readonly CompiledRule[];
  context(interaction: Interaction): EvaluationContext;
  /**
   * The rules on `event` that may match, in order. A rule is left out, without evaluating its tree,
   * when a condition it cannot hold without (reached through `all`s, on a field no action changes)
   * fails: its keywords are absent from the one scan of the field, its eq/in value differs, or a
   * shared memoised condition is false.
   */
  candidates(event: RuleEvent, ctx: EvaluationContext): readonly CompiledRule[];
}

interface Compiled {
  test: Test;
  /** Rough relative cost: cheap conditions of an all/any run first (conditions have no side effects). */
  cost: number;
}

const KEYWORD_OPERATORS: ReadonlySet<LeafCondition["op"]> = new Set(["contains", "containsAny", "containsAll"]);
const COST: Partial<Record<LeafCondition["op"], number>> = { matches: 6, withinBusinessHours: 10 };
/** On a cached field: keyword conditions come from the one scan; other results are memoised. */
const costOf = (leaf: LeafCondition) => (TEXT_OPERATORS.has(leaf.op) ? 1 : (COST[leaf.op] ?? 2));

function compileLeaf(leaf: LeafCondition, scope: Scope, ruleId: string): Compiled {
  const operand = prepareOperand(leaf);
  const { env } = scope;
  if (operand.calendar !== undefined && !env.calendars?.has(operand.calendar))
    scope.warnings.push(`rule "${ruleId}": unknown calendar "${operand.calendar}" (the condition is false)`);
  const slot = scope.slot(leaf.field);
  const text = TEXT_OPERATORS.has(leaf.op);
  if (slot === undefined) {
    const get = fieldGetter(leaf.field);
    return { test: (interaction) => evaluate(operand, get(interaction), undefined, env), cost: COST[leaf.op] ?? 3 };
  }
  if (text) scope.addKeywords(slot, operand.words);
  // Validation rejects empty keywords; one in stored data (it occurs in every text) takes the generic path.
  const indexable = operand.words.every((w) => w.length > 0);
  if (KEYWORD_OPERATORS.has(leaf.op) && indexable) {
    // Answered from the field's single keyword scan: which of this condition's keywords occurred.
    const { index, total } = scope.keywordCondition(slot, operand.words);
    return {
      test: (_interaction, ctx) => {
        const value = ctx.value(slot);
        if (!value.isText) return evaluate(operand, value.raw, undefined, env);
        return keywordsHold(leaf.op, value.found(index), total);
      },
      cost: 1,
    };
  }
  const id = scope.memoId(leaf);
  const test: Test = (_interaction, ctx) => {
    const known = ctx.memo[id];
    const { base } = ctx;
    if (known === base) return false;
    if (known === base + 1) return true;
    const value = ctx.value(slot);
    const held = evaluate(operand, value.raw, value.isText ? value : undefined, env);
    ctx.memo[id] = held ? base + 1 : base;
    return held;
  };
  scope.memoTests[id] = test;
  return { test, cost: costOf(leaf) };
}

function group(parts: Compiled[], every: boolean): Compiled {
  const tests = parts.sort((a, b) => a.cost - b.cost).map((p) => p.test);
  const cost = parts.reduce((sum, p) => sum + p.cost, 0);
  if (tests.length === 1 && tests[0]) return { test: tests[0], cost };
  const test: Test = every
    ? (interaction, ctx) => {
        for (let i = 0; i < tests.length; i++) if (!(tests[i] as Test)(interaction, ctx)) return false;
        return true;
      }
    : (interaction, ctx) => {
        for (let i = 0; i < tests.length; i++) if ((tests[i] as Test)(interaction, ctx)) return true;
        return false;
      };
  return { test, cost };
}

/** A condition that reads only cached fields: its result cannot change during an evaluation. */
function isPure(condition: Condition, scope: Scope): boolean {
  if ("all" in condition) return condition.all.every((c) => isPure(c, scope));
  if ("any" in condition) return condition.any.every((c) => isPure(c, scope));
  if ("not" in condition) return isPure(condition.not, scope);
  return scope.slot(condition.field) !== undefined;
}

/** Memoises a group that reads only cached fields, so rules repeating it, and candidates(), share one result. */
function memoise(condition: Condition, compiled: Compiled, scope: Scope): Compiled {
  const id = scope.memoId(condition);
  const inner = compiled.test;
  const test: Test = (interaction, ctx) => {
    const known = ctx.memo[id];
    const { base } = ctx;
    if (known === base) return false;
    if (known === base + 1) return true;
    const held = inner(interaction, ctx);
    ctx.memo[id] = held ? base + 1 : base;
    return held;
  };
  scope.memoTests[id] = test;
  return { test, cost: compiled.cost };
}

function compileCondition(condition: Condition, scope: Scope, ruleId: string): Compiled {
  if (!("all" in condition || "any" in condition || "not" in condition)) return compileLeaf(condition, scope, ruleId);
  let compiled: Compiled;
  if ("not" in condition) {
    const inner = compileCondition(condition.not, scope, ruleId);
    compiled = { test: (interaction, ctx) => !inner.test(interaction, ctx), cost: inner.cost };
  } else {
    const every = "all" in condition;
    const children = every ? condition.all : condition.any;
    compiled = group(
      children.map((c) => compileCondition(c, scope, ruleId)),
      every,
    );
  }
  return isPure(condition, scope) ? memoise(condition, compiled, scope) : compiled;
}

/**
 * Conditions reachable through `all`s only, on cached fields: the rule cannot hold unless each does,
 * and candidates() checks them from indexes (keywords, eq, in) or memo cells before any rule is tested.
 */
function gates(condition: Condition, scope: Scope, out: Gate[]): Gate[] {
  if ("all" in condition) {
    for (const child of condition.all) gates(child, scope, out);
    return out;
  }
  if (!isPure(condition, scope)) return out;
  if ("any" in condition || "not" in condition) {
    out.push({ kind: "condition", memo: scope.memoId(condition), cost: 5 });
    return out;
  }
  const slot = scope.slot(condition.field) as number;
  const { words } = prepareOperand(condition);
  if (TEXT_OPERATORS.has(condition.op)) {
    if (words.every((w) => w.length > 0)) out.push({ slot, kind: "keywords", keys: words });
  } else if (condition.op === "eq" || condition.op === "in")
    out.push({ slot, kind: "values", keys: prepareOperand(condition).keys });
  else out.push({ kind: "condition", memo: scope.memoId(condition), cost: costOf(condition) });
  return out;
}

const byOrderThenId = (a: Rule, b: Rule) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function versionOf(rules: readonly Rule[]): string {
  const keys = rules.map((r) => `${r.id}@${r.version}:${r.enabled ? 1 : 0}`).sort();
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 16);
}

/**
 * Compiles a rule set once per version: enabled rules in order, indexed by event, every keyword of
 * a field in one matcher, conditions on fields no action changes evaluated once per evaluation
 * whatever the number of rules sharing them, and each rule gated on the conditions it cannot match
 * without. A rule that fails to compile (stored under an older schema) is skipped with a warning.
 */
export function compileRules(rules: readonly Rule[], options: CompileOptions = {}): CompiledRuleSet {
  const warnings: string[] = [];
  const scope = new Scope({ calendars: options.calendars }, warnings);
  const seen = new Set<string>();
  const entries: GatedRule[] = [];
  for (const rule of rules.filter((r) => r.enabled).sort(byOrderThenId)) {
    if (seen.has(rule.id)) warnings.push(`rule id "${rule.id}" appears more than once`);
    seen.add(rule.id);
    try {
      const test: Test = rule.when ? compileCondition(rule.when, scope, rule.id).test : () => true;
      entries.push({ compiled: { rule, test }, gates: rule.when ? gates(rule.when, scope, []) : [] });
    } catch (error) {
      warnings.push(`rule "${rule.id}" skipped: ${(error as Error).message}`);
    }
  }
  return new RuleSet(versionOf(rules), warnings, entries, scope);
}
