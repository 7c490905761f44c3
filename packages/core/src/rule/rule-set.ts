import type { Interaction } from "../interaction/schema";
import type { CompiledRule, CompiledRuleSet } from "./compile";
import { type CachedField, EvaluationContext, MemoTable } from "./context";
import { RuleEvent } from "./schema";
import type { Scope, Test } from "./scope";

/**
 * A condition a rule cannot match without, on a field no action changes: it passes when one of
 * `keys` occurs in the field's text (keywords), equals the field's value (values), or when the
 * memoised condition holds (condition).
 */
export type Gate =
  | { slot: number; kind: "keywords" | "values"; keys: readonly (string | number | boolean)[] }
  | { kind: "condition"; memo: number; cost: number };

export interface GatedRule {
  compiled: CompiledRule;
  gates: readonly Gate[];
}

/** One event's indexed gates on one field: which gate ids each keyword or value passes. */
interface FieldGates {
  slot: number;
  kind: "keywords" | "values";
  byKey: Map<unknown, number[]>;
  /** Keyword fields: byKey as an array indexed by the matcher's keyword ids. */
  byId: Array<number[] | undefined>;
  ids: number[];
}

interface EventIndex {
  rules: CompiledRule[];
  /**
   * Per rule position, what must hold for it to be a candidate: indexed gate ids (≥ 0) first, then
   * memoised conditions as -(memo id + 1), cheapest first.
   */
  required: number[][];
  /** Per rule position, how many indexed gates it has (they come first in `required`). */
  needed: Int32Array;
  /** Per indexed gate id, the position of its rule. */
  ruleOf: Int32Array;
  /** Positions of the rules without an indexed gate: candidates whatever the indexes say. */
  ungated: Int32Array;
  gateCount: number;
  fields: FieldGates[];
  /**
   * Scratch shared by every candidates() call on the event, which runs to completion before another
   * can start, instead of fresh arrays each call. `passed`: per indexed gate, the pass that last
   * found it passed; `counted`/`count`: per rule position, the pass that last counted its passed
   * gates and how many; `ready`: positions whose every indexed gate passed, in the order found.
   */
  passed: Int32Array;
  counted: Int32Array;
  count: Int32Array;
  ready: Int32Array;
  pass: number;
}

function indexEvent(entries: readonly GatedRule[], cached: readonly CachedField[]): EventIndex {
  const fields = new Map<string, FieldGates>();
  let gateCount = 0;
  const owners: number[] = [];
  const rank = (gate: Gate) => (gate.kind === "condition" ? gate.cost : 0);
  const required = entries.map((entry, position) =>
    [...entry.gates]
      .sort((a, b) => rank(a) - rank(b))
      .map((gate) => {
        if (gate.kind === "condition") return -(gate.memo + 1);
        const id = gateCount++;
        owners.push(position);
        const key = `${gate.kind}:${gate.slot}`;
        let field = fields.get(key);
        if (!field) {
          field = { slot: gate.slot, kind: gate.kind, byKey: new Map(), byId: [], ids: [] };
          fields.set(key, field);
        }
        field.ids.push(id);
        // Keyword gates are looked up by the ids the field's matcher reports.
        const matcher = cached[gate.slot]?.matcher;
        const keys = gate.kind === "keywords" ? gate.keys.map((k) => matcher?.idOf(String(k))) : gate.keys;
        for (const k of new Set(keys)) field.byKey.set(k, [...(field.byKey.get(k) ?? []), id]);
        return id;
      }),
  );
  for (const field of fields.values()) {
    if (field.kind !== "keywords") continue;
    for (const [key, ids] of field.byKey) if (typeof key === "number") field.byId[key] = ids;
  }
  const needed = Int32Array.from(required, (gates) => gates.filter((g) => g >= 0).length);
  const ungated = Int32Array.from(required.keys()).filter((position) => needed[position] === 0);
  return {
    rules: entries.map((e) => e.compiled),
    required,
    needed,
    ruleOf: Int32Array.from(owners),
    ungated,
    gateCount,
    fields: [...fields.values()],
    passed: new Int32Array(gateCount),
    counted: new Int32Array(entries.length),
    count: new Int32Array(entries.length),
    ready: new Int32Array(entries.length),
    pass: 0,
  };
}

/**
 * Marks gates passed (once each per pass) and counts them per rule; a rule whose count reaches its
 * number of indexed gates is appended to `ready`. Returns the new length of `ready`.
 */
function pass(index: EventIndex, mark: number, ids: readonly number[] | undefined, length: number): number {
  if (!ids) return length;
  const { passed, ruleOf, counted, count, needed, ready } = index;
  let n = length;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (passed[id] === mark) continue;
    passed[id] = mark;
    const position = ruleOf[id] as number;
    const c = counted[position] === mark ? (count[position] as number) + 1 : 1;
    counted[position] = mark;
    count[position] = c;
    if (c === needed[position]) ready[n++] = position;
  }
  return n;
}

/**
 * Passes the indexed gates the interaction passes, under a new pass number; returns how many
 * positions of `index.ready` hold the rules (ungated ones included) whose indexed gates all passed.
 */
function passGates(index: EventIndex, ctx: EvaluationContext): number {
  if (index.pass === 0x7fffffff) {
    index.passed.fill(0);
    index.counted.fill(0);
    index.pass = 0;
  }
  const mark = ++index.pass;
  const { ungated, ready } = index;
  let n = 0;
  for (let i = 0; i < ungated.length; i++) ready[n++] = ungated[i] as number;
  const { fields } = index;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f] as FieldGates;
    const value = ctx.value(field.slot);
    const { raw } = value;
    if (raw === undefined || raw === null) continue; // keyword, eq and in conditions are all false
    if (field.kind === "keywords" && value.isText) {
      const hits = value.hits();
      const { byId } = field;
      for (let i = 0; i < hits.length; i++) n = pass(index, mark, byId[hits[i] as number], n);
    } else if (field.kind === "values" && (value.isText || typeof raw === "number" || typeof raw === "boolean")) {
      n = pass(index, mark, field.byKey.get(value.isText ? value.text : raw), n);
    } else {
      // An unexpected type at run time (an unknown-typed field): the index says nothing.
      n = pass(index, mark, field.ids, n);
    }
  }
  return n;
}

export class RuleSet implements CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly #events = new Map<RuleEvent, EventIndex>();

  readonly #fields: readonly CachedField[];
  readonly #memo: MemoTable;
  readonly #memoTests: readonly Test[];

  constructor(
    readonly version: string,
    readonly warnings: readonly string[],
    entries: readonly GatedRule[],
    scope: Scope,
  ) {
    this.rules = entries.map((e) => e.compiled);
    this.#fields = scope.fields();
    this.#memo = new MemoTable(scope.memoSize);
    this.#memoTests = scope.memoTests;
    for (const event of RuleEvent.options) {
      const onEvent = entries.filter((e) => e.compiled.rule.on.includes(event));
      if (onEvent.length > 0) this.#events.set(event, indexEvent(onEvent, this.#fields));
    }
  }

  context(interaction: Interaction): EvaluationContext {
    return new EvaluationContext(interaction, this.#fields, this.#memo);
  }

  candidates(event: RuleEvent, ctx: EvaluationContext): readonly CompiledRule[] {
    const index = this.#events.get(event);
    if (!index) return [];
    const n = passGates(index, ctx);
    // Rules are tested in order: the ready positions, sorted, are the rules in order.
    const ready = n > 1 ? index.ready.subarray(0, n).sort() : index.ready;
    const { memo, base, interaction } = ctx;
    const tests = this.#memoTests;
    const out: CompiledRule[] = [];
    next: for (let r = 0; r < n; r++) {
      const position = ready[r] as number;
      const required = index.required[position] as number[];
      // The indexed gates (first in `required`) all passed; what is left are memoised conditions.
      for (let i = index.needed[position] as number; i < required.length; i++) {
        const id = -(required[i] as number) - 1;
        const known = memo[id];
        if (known === base || (known !== base + 1 && !(tests[id] as Test)(interaction, ctx))) continue next;
      }
      out.push(index.rules[position] as CompiledRule);
    }
    return out;
  }
}
