import type { Interaction } from "../interaction/schema";
import type { CompiledRule, CompiledRuleSet } from "./compile";
import { type CachedField, EvaluationContext } from "./context";
import { RuleEvent } from "./schema";

/**
 * A condition a rule cannot match without, answered from an index: it passes when one of `keys`
 * occurs in the field's text (keywords) or equals the field's value (eq, in).
 */
export interface Gate {
  slot: number;
  kind: "keywords" | "values";
  keys: readonly (string | number | boolean)[];
}

export interface GatedRule {
  compiled: CompiledRule;
  gates: readonly Gate[];
}

/** One event's gates on one field: which gate ids each keyword or value passes. */
interface FieldGates {
  slot: number;
  kind: Gate["kind"];
  byKey: Map<unknown, number[]>;
  ids: number[];
}

interface EventIndex {
  rules: CompiledRule[];
  /** Per rule position, the gate ids that must all pass for it to be a candidate. */
  required: number[][];
  gateCount: number;
  fields: FieldGates[];
}

const NONE: readonly number[] = [];

function indexEvent(entries: readonly GatedRule[]): EventIndex {
  const fields = new Map<string, FieldGates>();
  let gateCount = 0;
  const required = entries.map((entry) =>
    entry.gates.map((gate) => {
      const id = gateCount++;
      const key = `${gate.kind}:${gate.slot}`;
      let field = fields.get(key);
      if (!field) {
        field = { slot: gate.slot, kind: gate.kind, byKey: new Map(), ids: [] };
        fields.set(key, field);
      }
      field.ids.push(id);
      for (const k of new Set(gate.keys)) field.byKey.set(k, [...(field.byKey.get(k) ?? []), id]);
      return id;
    }),
  );
  return { rules: entries.map((e) => e.compiled), required, gateCount, fields: [...fields.values()] };
}

/** Marks the gates the interaction passes. */
function passGates(index: EventIndex, ctx: EvaluationContext): Uint8Array {
  const passed = new Uint8Array(index.gateCount);
  const pass = (ids: readonly number[]) => {
    for (let i = 0; i < ids.length; i++) passed[ids[i] as number] = 1;
  };
  for (const field of index.fields) {
    const value = ctx.value(field.slot);
    const { raw } = value;
    if (raw === undefined || raw === null) continue; // keyword, eq and in conditions are all false
    if (field.kind === "keywords" && value.isText) {
      for (const word of value.hits()) pass(field.byKey.get(word) ?? NONE);
    } else if (field.kind === "values" && (value.isText || typeof raw === "number" || typeof raw === "boolean")) {
      pass(field.byKey.get(value.isText ? value.text : raw) ?? NONE);
    } else {
      // An unexpected type at run time (an unknown-typed field): the index says nothing.
      pass(field.ids);
    }
  }
  return passed;
}

export class RuleSet implements CompiledRuleSet {
  readonly rules: readonly CompiledRule[];
  readonly #events = new Map<RuleEvent, EventIndex>();

  constructor(
    readonly version: string,
    readonly warnings: readonly string[],
    entries: readonly GatedRule[],
    private readonly fields: readonly CachedField[],
    private readonly memoSize: number,
  ) {
    this.rules = entries.map((e) => e.compiled);
    for (const event of RuleEvent.options) {
      const onEvent = entries.filter((e) => e.compiled.rule.on.includes(event));
      if (onEvent.length > 0) this.#events.set(event, indexEvent(onEvent));
    }
  }

  context(interaction: Interaction): EvaluationContext {
    return new EvaluationContext(interaction, this.fields, this.memoSize);
  }

  candidates(event: RuleEvent, ctx: EvaluationContext): readonly CompiledRule[] {
    const index = this.#events.get(event);
    if (!index) return [];
    if (index.gateCount === 0) return index.rules;
    const passed = passGates(index, ctx);
    const out: CompiledRule[] = [];
    next: for (let position = 0; position < index.rules.length; position++) {
      const required = index.required[position] as number[];
      for (let i = 0; i < required.length; i++) if (!passed[required[i] as number]) continue next;
      out.push(index.rules[position] as CompiledRule);
    }
    return out;
  }
}
