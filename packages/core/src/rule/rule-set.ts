import type { Interaction } from "../interaction/schema";
import type { CompiledRule, CompiledRuleSet } from "./compile";
import { type CachedField, EvaluationContext } from "./context";
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
  ids: number[];
}

interface EventIndex {
  rules: CompiledRule[];
  /**
   * Per rule position, what must hold for it to be a candidate: indexed gate ids (≥ 0) first, then
   * memoised conditions as -(memo id + 1), cheapest first.
   */
  required: number[][];
  gateCount: number;
  fields: FieldGates[];
}

function indexEvent(entries: readonly GatedRule[], cached: readonly CachedField[]): EventIndex {
  const fields = new Map<string, FieldGates>();
  let gateCount = 0;
  const rank = (gate: Gate) => (gate.kind === "condition" ? gate.cost : 0);
  const required = entries.map((entry) =>
    [...entry.gates]
      .sort((a, b) => rank(a) - rank(b))
      .map((gate) => {
        if (gate.kind === "condition") return -(gate.memo + 1);
        const id = gateCount++;
        const key = `${gate.kind}:${gate.slot}`;
        let field = fields.get(key);
        if (!field) {
          field = { slot: gate.slot, kind: gate.kind, byKey: new Map(), ids: [] };
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
  return { rules: entries.map((e) => e.compiled), required, gateCount, fields: [...fields.values()] };
}

function pass(passed: Uint8Array, ids: readonly number[] | undefined): void {
  if (ids) for (let i = 0; i < ids.length; i++) passed[ids[i] as number] = 1;
}

/** Marks the indexed gates the interaction passes. */
function passGates(index: EventIndex, ctx: EvaluationContext): Uint8Array {
  const passed = new Uint8Array(index.gateCount);
  for (const field of index.fields) {
    const value = ctx.value(field.slot);
    const { raw } = value;
    if (raw === undefined || raw === null) continue; // keyword, eq and in conditions are all false
    if (field.kind === "keywords" && value.isText) {
      for (const id of value.hits()) pass(passed, field.byKey.get(id));
    } else if (field.kind === "values" && (value.isText || typeof raw === "number" || typeof raw === "boolean")) {
      pass(passed, field.byKey.get(value.isText ? value.text : raw));
    } else {
      // An unexpected type at run time (an unknown-typed field): the index says nothing.
      pass(passed, field.ids);
    }
  }
  return passed;
}

export class RuleSet implements CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly #events = new Map<RuleEvent, EventIndex>();

  readonly #fields: readonly CachedField[];
  readonly #memoSize: number;
  readonly #memoTests: readonly Test[];

  constructor(
    readonly version: string,
    readonly warnings: readonly string[],
    entries: readonly GatedRule[],
    scope: Scope,
  ) {
    this.rules = entries.map((e) => e.compiled);
    this.#fields = scope.fields();
    this.#memoSize = scope.memoSize;
    this.#memoTests = scope.memoTests;
    for (const event of RuleEvent.options) {
      const onEvent = entries.filter((e) => e.compiled.rule.on.includes(event));
      if (onEvent.length > 0) this.#events.set(event, indexEvent(onEvent, this.#fields));
    }
  }

  context(interaction: Interaction): EvaluationContext {
    return new EvaluationContext(interaction, this.#fields, this.#memoSize);
  }

  candidates(event: RuleEvent, ctx: EvaluationContext): readonly CompiledRule[] {
    const index = this.#events.get(event);
    if (!index) return [];
    const passed = passGates(index, ctx);
    const { memo, interaction } = ctx;
    const tests = this.#memoTests;
    const out: CompiledRule[] = [];
    next: for (let position = 0; position < index.rules.length; position++) {
      const required = index.required[position] as number[];
      for (let i = 0; i < required.length; i++) {
        const gate = required[i] as number;
        if (gate >= 0) {
          if (!passed[gate]) continue next;
        } else {
          const id = -gate - 1;
          const known = memo[id];
          if (known === 1 || (known === 0 && !(tests[id] as Test)(interaction, ctx))) continue next;
        }
      }
      out.push(index.rules[position] as CompiledRule);
    }
    return out;
  }
}
