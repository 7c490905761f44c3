import type { Interaction } from "../interaction/schema";
import { normaliseText } from "../text/normalise";
import type { Getter } from "./fields";
import type { KeywordMatcher } from "./matcher";
import type { TextView } from "./operators";

/** A field whose value cannot change during a pass, read and normalised at most once per evaluation. */
export interface CachedField {
  readonly path: string;
  readonly get: Getter;
  /** Every text-operator keyword any rule uses on this field. */
  readonly matcher: KeywordMatcher | undefined;
  /** By keyword id, the contains/containsAny/containsAll conditions (by index) that list the keyword. */
  readonly keywordConditions: ReadonlyArray<readonly number[] | undefined>;
  readonly keywordConditionCount: number;
  /** Where FieldValue.found() counts, shared by the evaluations of one rule set (see FoundTable). */
  readonly foundTable: FoundTable;
}

/**
 * found() counts for one field, in arrays every evaluation of the rule set shares instead of a fresh
 * array each. A count belongs to the computation whose stamp it carries; `current` is the stamp of
 * the last computation, so a FieldValue whose stamp is no longer current (another context counted
 * since) counts again. Stamps only grow (a double counts past 2^53 before it could repeat).
 */
export class FoundTable {
  readonly stamps: Float64Array;
  readonly counts: Uint16Array;
  current = 0;

  constructor(size: number) {
    this.stamps = new Float64Array(size);
    this.counts = new Uint16Array(size);
  }
}

/**
 * Memo cells shared by the evaluations of one rule set: context n owns the values 2n (false) and
 * 2n + 1 (true), so a cell another context wrote since reads as "not evaluated" and is evaluated
 * again, to the same result. No array is allocated per evaluation.
 */
export class MemoTable {
  readonly cells: Float64Array;
  last = 0;

  constructor(size: number) {
    this.cells = new Float64Array(size);
  }
}

/** One field's value in one evaluation; for a string, a TextView answered from a single keyword scan. */
export class FieldValue implements TextView {
  readonly raw: unknown;
  readonly text: string;
  #hits: readonly number[] | undefined;
  #words: ReadonlySet<string> | undefined;

  /** The FoundTable stamp of this value's counts; 0 before found() is first called. */
  #found = 0;

  constructor(
    raw: unknown,
    private readonly field: CachedField,
  ) {
    this.raw = raw;
    this.text = typeof raw === "string" ? normaliseText(raw) : "";
  }

  get isText(): boolean {
    return typeof this.raw === "string";
  }

  /** Ids of the field matcher's keywords found in the text, scanned on first use. */
  hits(): readonly number[] {
    this.#hits ??= this.field.matcher?.scan(this.text) ?? [];
    return this.#hits;
  }

  has(keyword: string): boolean {
    const { matcher } = this.field;
    if (!matcher || keyword === "") return this.text.includes(keyword);
    this.#words ??= new Set(this.hits().map((id) => matcher.keywords[id] as string));
    return this.#words.has(keyword);
  }

  /** How many distinct keywords of keyword condition `index` occur: one pass over the hits serves them all. */
  found(index: number): number {
    const table = this.field.foundTable;
    if (this.#found === 0 || table.current !== this.#found) {
      const hits = this.hits();
      const stamp = table.current + 1;
      table.current = stamp;
      this.#found = stamp;
      const { stamps, counts } = table;
      for (let h = 0; h < hits.length; h++) {
        const conditions = this.field.keywordConditions[hits[h] as number];
        if (!conditions) continue;
        for (let i = 0; i < conditions.length; i++) {
          const c = conditions[i] as number;
          if (stamps[c] === stamp) counts[c] = (counts[c] as number) + 1;
          else {
            stamps[c] = stamp;
            counts[c] = 1;
          }
        }
      }
    }
    return table.stamps[index] === this.#found ? (table.counts[index] as number) : 0;
  }
}

/**
 * Per-evaluation cache for one interaction (`set.context(interaction)`). It holds only fields no
 * action changes (text, platform, author, …) and the results of conditions on them, which many
 * rules share; tags, priority, status and assignee are always read from the interaction passed to `test`.
 */
export class EvaluationContext {
  readonly #values: Array<FieldValue | undefined>;
  /**
   * Per distinct condition on a cached field, shared with the rule set's other contexts: `base`
   * when this context found it false, `base + 1` when true, anything else when not evaluated yet.
   */
  readonly memo: Float64Array;
  readonly base: number;

  constructor(
    readonly interaction: Interaction,
    private readonly fields: readonly CachedField[],
    memo: MemoTable,
  ) {
    this.#values = new Array(fields.length);
    this.memo = memo.cells;
    memo.last += 2;
    this.base = memo.last;
  }

  value(slot: number): FieldValue {
    let value = this.#values[slot];
    if (!value) {
      const field = this.fields[slot] as CachedField;
      value = new FieldValue(field.get(this.interaction), field);
      this.#values[slot] = value;
    }
    return value;
  }
}
