import type { Interaction } from "../interaction/schema";
import type { CompiledRule, CompiledRuleSet } from "./compile";
import { type CachedField, EvaluationContext } from "./context";
import { RuleEvent } from "./schema";

/**
 * A condition a rule cannot match without, answered from an index: the rule is a candidate only
 * when one of `keys` occurs in the field's text (keywords) or equals the field's value (eq, in).
 */
export interface Gate {
  slot: number;
  kind: "keywords" | "values";
  keys: readonly (string | number | boolean)[];
}

export interface GatedRule {
  compiled: CompiledRule;
  gate: Gate | undefined;
}

/** The rules of one event gated on one field: which rule positions each keyword or value lets through. */
interface FieldGates {
  slot: number;
  kind: Gate["kind"];
  byKey: Map<unknown, number[]>;
  positions: number[];
}

interface EventIndex {
  rules: CompiledRule[];
  /** Rules without a gate: always candidates. */
  ungated: CompiledRule[];
  ungatedPositions: number[];
  gates: FieldGates[];
}

const NONE: readonly number[] = [];

function indexEvent(entries: readonly GatedRule[]): EventIndex {
  const ungatedPositions: number[] = [];
  const gates = new Map<string, FieldGates>();
  entries.forEach(({ gate }, position) => {
    if (!gate) {
      ungatedPositions.push(position);
      return;
    }
    const id = `${gate.kind}:${gate.slot}`;
    let field = gates.get(id);
    if (!field) {
      field = { slot: gate.slot, kind: gate.kind, byKey: new Map(), positions: [] };
      gates.set(id, field);
    }
    field.positions.push(position);
    for (const key of new Set(gate.keys)) {
      const positions = field.byKey.get(key) ?? [];
      positions.push(position);
      field.byKey.set(key, positions);
    }
  });
  const rules = entries.map((e) => e.compiled);
  const ungated = ungatedPositions.map((p) => rules[p] as CompiledRule);
  return { rules, ungated, ungatedPositions, gates: [...gates.values()] };
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
    const gated: number[] = [];
    for (const gates of index.gates) {
      const value = ctx.value(gates.slot);
      const { raw } = value;
      if (raw === undefined || raw === null) continue; // keyword, eq and in conditions are all false
      if (gates.kind === "keywords" && value.isText) {
        for (const word of value.hits()) for (const position of gates.byKey.get(word) ?? NONE) gated.push(position);
      } else if (gates.kind === "values" && (value.isText || typeof raw === "number" || typeof raw === "boolean")) {
        for (const position of gates.byKey.get(value.isText ? value.text : raw) ?? NONE) gated.push(position);
      } else {
        // An unexpected type at run time (an unknown-typed field): the index says nothing, so test them all.
        gated.push(...gates.positions);
      }
    }
    if (gated.length === 0) return index.ungated;
    return merge(
      index,
      gated.sort((a, b) => a - b),
    );
  }
}

/** The ungated rules and the let-through gated ones, in rule order, each once. */
function merge(index: EventIndex, gated: readonly number[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  const ungated = index.ungatedPositions;
  let u = 0;
  let last = -1;
  for (const position of gated) {
    if (position === last) continue;
    last = position;
    while (u < ungated.length && (ungated[u] as number) < position)
      out.push(index.rules[ungated[u++] as number] as CompiledRule);
    out.push(index.rules[position] as CompiledRule);
  }
  while (u < ungated.length) out.push(index.rules[ungated[u++] as number] as CompiledRule);
  return out;
}
