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
}

/** One field's value in one evaluation; for a string, a TextView answered from a single keyword scan. */
export class FieldValue implements TextView {
  readonly raw: unknown;
  readonly text: string;
  #hits: readonly number[] | undefined;
  #words: ReadonlySet<string> | undefined;

  #found: Uint16Array | undefined;

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

  /** Per keyword condition, how many of its distinct keywords occur: one pass over the hits serves them all. */
  found(): Uint16Array {
    if (!this.#found) {
      const found = new Uint16Array(this.field.keywordConditionCount);
      for (const id of this.hits()) {
        const conditions = this.field.keywordConditions[id];
        if (!conditions) continue;
        for (let i = 0; i < conditions.length; i++) {
          const index = conditions[i] as number;
          found[index] = (found[index] ?? 0) + 1;
        }
      }
      this.#found = found;
    }
    return this.#found;
  }
}

/**
 * Per-evaluation cache for one interaction (`set.context(interaction)`). It holds only fields no
 * action changes (text, platform, author, …) and the results of conditions on them, which many
 * rules share; tags, priority, status and assignee are always read from the interaction passed to `test`.
 */
export class EvaluationContext {
  readonly #values: Array<FieldValue | undefined>;
  /** Per distinct condition on a cached field: 0 not evaluated yet, 1 false, 2 true. */
  readonly memo: Uint8Array;

  constructor(
    readonly interaction: Interaction,
    private readonly fields: readonly CachedField[],
    memoSize: number,
  ) {
    this.#values = new Array(fields.length);
    this.memo = new Uint8Array(memoSize);
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
