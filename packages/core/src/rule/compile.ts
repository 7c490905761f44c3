import { createHash } from "node:crypto";
import type { BusinessHours } from "../calendar/schema";
import type { Interaction } from "../interaction/schema";
import type { CachedField, EvaluationContext } from "./context";
import { fieldGetter, isMutableField, resolveField } from "./fields";
import { KeywordMatcher } from "./matcher";
import { type Env, evaluate, keywordsHold, prepareOperand, TEXT_OPERATORS } from "./operators";
import { type Gate, type GatedRule, RuleSet } from "./rule-set";
import type { Condition, LeafCondition, Rule, RuleEvent } from "./schema";

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
  /** The rules on `event` that may match, in order: rules whose required keywords are absent are left out. */
  candidates(event: RuleEvent, ctx: EvaluationContext): readonly CompiledRule[];
}

type Test = (interaction: Interaction, ctx: EvaluationContext) => boolean;
interface Compiled {
  test: Test;
  /** Rough relative cost: cheap conditions of an all/any run first (conditions have no side effects). */
  cost: number;
}

const KEYWORD_OPERATORS: ReadonlySet<LeafCondition["op"]> = new Set(["contains", "containsAny", "containsAll"]);
const COST: Partial<Record<LeafCondition["op"], number>> = { matches: 6, withinBusinessHours: 10 };

/** Collects, across all rules, the cacheable fields and the keywords text operators look for in each. */
class Scope {
  readonly slots = new Map<string, number>();
  readonly paths: string[] = [];
  readonly words: Array<Set<string>> = [];
  /** Per slot, the distinct keywords of each contains/containsAny/containsAll condition, by condition key. */
  readonly keywordConditions: Array<Map<string, { index: number; distinct: string[] }>> = [];

  constructor(
    readonly env: Env,
    readonly warnings: string[],
  ) {}

  readonly memo = new Map<string, number>();

  /** The cache slot of a field no action changes and that is not a list, or undefined. */
  slot(path: string): number | undefined {
    const known = this.slots.get(path);
    if (known !== undefined) return known;
    const type = resolveField(path);
    if (!type || type.list || isMutableField(path)) return;
    this.slots.set(path, this.paths.length);
    this.paths.push(path);
    this.words.push(new Set());
    this.keywordConditions.push(new Map());
    return this.paths.length - 1;
  }

  /** One memo cell per distinct condition on a cached field, however many rules repeat it. */
  memoId(leaf: LeafCondition): number {
    const key = JSON.stringify([leaf.field, leaf.op, leaf.value]);
    let id = this.memo.get(key);
    if (id === undefined) {
      id = this.memo.size;
      this.memo.set(key, id);
    }
    return id;
  }

  /** The index of a keyword condition among its field's: what FieldValue.found() counts for. */
  keywordCondition(slot: number, words: readonly string[]): { index: number; total: number } {
    const conditions = this.keywordConditions[slot] as Map<string, { index: number; distinct: string[] }>;
    const distinct = [...new Set(words)];
    const key = JSON.stringify(distinct);
    let known = conditions.get(key);
    if (!known) {
      known = { index: conditions.size, distinct };
      conditions.set(key, known);
    }
    return { index: known.index, total: distinct.length };
  }

  fields(): CachedField[] {
    return this.paths.map((path, slot) => {
      const words = this.words[slot] ?? new Set();
      const keywordConditions = new Map<string, number[]>();
      for (const { index, distinct } of this.keywordConditions[slot]?.values() ?? []) {
        for (const word of distinct) keywordConditions.set(word, [...(keywordConditions.get(word) ?? []), index]);
      }
      return {
        path,
        get: fieldGetter(path),
        matcher: words.size > 0 ? new KeywordMatcher(words) : undefined,
        keywordConditions,
        keywordConditionCount: this.keywordConditions[slot]?.size ?? 0,
      };
    });
  }
}

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
  if (text) for (const word of operand.words) scope.words[slot]?.add(word);
  if (KEYWORD_OPERATORS.has(leaf.op)) {
    // Answered from the field's single keyword scan: which of this condition's keywords occurred.
    const { index, total } = scope.keywordCondition(slot, operand.words);
    return {
      test: (_interaction, ctx) => {
        const value = ctx.value(slot);
        if (!value.isText) return evaluate(operand, value.raw, undefined, env);
        return keywordsHold(leaf.op, value.found()[index] ?? 0, total);
      },
      cost: 1,
    };
  }
  const id = scope.memoId(leaf);
  return {
    test: (_interaction, ctx) => {
      const known = ctx.memo[id];
      if (known) return known === 2;
      const value = ctx.value(slot);
      const held = evaluate(operand, value.raw, value.isText ? value : undefined, env);
      ctx.memo[id] = held ? 2 : 1;
      return held;
    },
    cost: text ? 1 : (COST[leaf.op] ?? 2),
  };
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

function compileCondition(condition: Condition, scope: Scope, ruleId: string): Compiled {
  if ("all" in condition)
    return group(
      condition.all.map((c) => compileCondition(c, scope, ruleId)),
      true,
    );
  if ("any" in condition)
    return group(
      condition.any.map((c) => compileCondition(c, scope, ruleId)),
      false,
    );
  if ("not" in condition) {
    const inner = compileCondition(condition.not, scope, ruleId).test;
    return { test: (interaction, ctx) => !inner(interaction, ctx), cost: 2 };
  }
  return compileLeaf(condition, scope, ruleId);
}

/** Leaves reachable through `all`s only, on cached fields, that index can answer: the rule cannot hold without them. */
function gates(condition: Condition, scope: Scope, out: Gate[]): Gate[] {
  if ("all" in condition) for (const child of condition.all) gates(child, scope, out);
  if ("all" in condition || "any" in condition || "not" in condition) return out;
  const slot = scope.slot(condition.field);
  if (slot === undefined) return out;
  const { keys, words } = prepareOperand(condition);
  if (TEXT_OPERATORS.has(condition.op)) out.push({ slot, kind: "keywords", keys: words });
  else if (condition.op === "eq" || condition.op === "in") out.push({ slot, kind: "values", keys });
  return out;
}

const byOrderThenId = (a: Rule, b: Rule) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function versionOf(rules: readonly Rule[]): string {
  const keys = rules.map((r) => `${r.id}@${r.version}:${r.enabled ? 1 : 0}`).sort();
  return createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 16);
}

/**
 * Compiles a rule set once per version: enabled rules in order, indexed by event, every keyword of
 * a field in one matcher, and rules gated on a keyword they cannot match without. A rule that fails
 * to compile (stored under an older schema) is skipped with a warning rather than failing the set.
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
  return new RuleSet(versionOf(rules), warnings, entries, scope.fields(), scope.memo.size);
}
