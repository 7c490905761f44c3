import type { Interaction } from "../interaction/schema";
import { type CachedField, type EvaluationContext, FoundTable } from "./context";
import { fieldGetter, isMutableField, resolveField } from "./fields";
import { KeywordMatcher } from "./matcher";
import type { Env } from "./operators";
import type { Condition } from "./schema";

export type Test = (interaction: Interaction, ctx: EvaluationContext) => boolean;

const SET_OPERATORS = new Set(["in", "nin", "containsAny", "containsAll"]);

/** One key for conditions that mean the same: lists of values and all/any children in any order. */
function canonical(condition: Condition): string {
  if ("all" in condition) return `all(${condition.all.map(canonical).sort().join(",")})`;
  if ("any" in condition) return `any(${condition.any.map(canonical).sort().join(",")})`;
  if ("not" in condition) return `not(${canonical(condition.not)})`;
  const { field, op, value } = condition;
  const values = Array.isArray(value) && SET_OPERATORS.has(op) ? [...new Set(value)].sort() : value;
  return JSON.stringify([field, op, values]);
}

interface KeywordCondition {
  index: number;
  distinct: string[];
}

/**
 * What compiling a rule set shares across rules: the fields no action changes (cached per
 * evaluation), the keywords text operators look for in each (one matcher per field), and one memo
 * cell per distinct condition on those fields, however many rules repeat it.
 */
export class Scope {
  readonly #slots = new Map<string, number>();
  readonly #paths: string[] = [];
  readonly #words: Array<Set<string>> = [];
  readonly #keywordConditions: Array<Map<string, KeywordCondition>> = [];
  readonly #memo = new Map<string, number>();
  /** By memo id: the condition's test, which fills its memo cell. */
  readonly memoTests: Test[] = [];

  constructor(
    readonly env: Env,
    readonly warnings: string[],
  ) {}

  get memoSize(): number {
    return this.#memo.size;
  }

  /** The cache slot of a field no action changes and that is not a list, or undefined. */
  slot(path: string): number | undefined {
    const known = this.#slots.get(path);
    if (known !== undefined) return known;
    const type = resolveField(path);
    if (!type || type.list || isMutableField(path)) return undefined;
    this.#slots.set(path, this.#paths.length);
    this.#paths.push(path);
    this.#words.push(new Set());
    this.#keywordConditions.push(new Map());
    return this.#paths.length - 1;
  }

  addKeywords(slot: number, words: readonly string[]): void {
    for (const word of words) this.#words[slot]?.add(word);
  }

  memoId(condition: Condition): number {
    const key = canonical(condition);
    let id = this.#memo.get(key);
    if (id === undefined) {
      id = this.#memo.size;
      this.#memo.set(key, id);
    }
    return id;
  }

  /** The index of a keyword condition among its field's: what FieldValue.found() counts for. */
  keywordCondition(slot: number, words: readonly string[]): { index: number; total: number } {
    const conditions = this.#keywordConditions[slot] as Map<string, KeywordCondition>;
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
    return this.#paths.map((path, slot) => {
      const words = this.#words[slot] ?? new Set();
      const matcher = words.size > 0 ? new KeywordMatcher(words) : undefined;
      const conditions = this.#keywordConditions[slot] ?? new Map<string, KeywordCondition>();
      const keywordConditions: number[][] = [];
      for (const { index, distinct } of conditions.values()) {
        for (const word of distinct) {
          const id = matcher?.idOf(word);
          if (id !== undefined) keywordConditions[id] = [...(keywordConditions[id] ?? []), index];
        }
      }
      return {
        path,
        get: fieldGetter(path),
        matcher,
        keywordConditions,
        keywordConditionCount: conditions.size,
        foundTable: new FoundTable(conditions.size),
      };
    });
  }
}
