import type { BusinessHours } from "../calendar/schema";
import { isWithinBusinessHours } from "../calendar/within";
import { normaliseLetters, normaliseText } from "../text/normalise";
import { requiredLiterals } from "./literals";
import type { ConditionValue, LeafCondition, Operator } from "./schema";

/**
 * The one implementation of operator semantics. The compiled evaluator and the explaining one both
 * call `prepareOperand` and `evaluate`; they differ only in the TextView they pass for a string.
 */

/** A string value after normaliseText; `has` answers "does it contain this normalised keyword". */
export interface TextView {
  readonly text: string;
  has(keyword: string): boolean;
}

export function plainView(raw: string): TextView {
  const text = normaliseText(raw);
  return { text, has: (keyword) => text.includes(keyword) };
}

export interface Env {
  calendars?: ReadonlyMap<string, BusinessHours> | undefined;
}

type Comparable = string | number | boolean;

/**
 * A condition's value parsed once: keywords normalised, lists as Sets, regexes compiled, bounds as
 * numbers. Every operand has every property so the evaluator's property reads stay monomorphic.
 */
export interface Operand {
  readonly op: Operator;
  /** neq, nin and exists:false are the negations of eq, in and exists. */
  readonly negated: boolean;
  /** Values as compared with an element or a whole scalar (strings normalised). */
  readonly keys: readonly Comparable[];
  readonly set: ReadonlySet<Comparable>;
  /** Text-operator keywords, normalised. */
  readonly words: readonly string[];
  readonly regex: RegExp | undefined;
  /** matches: strings one of which every match contains, checked before the regex runs (see literals.ts). */
  readonly literals: readonly string[] | undefined;
  /** gt…lte: the number, or the instant in ms when `instant`. */
  readonly bound: number;
  readonly instant: boolean;
  readonly calendar: string | undefined;
}

export const TEXT_OPERATORS: ReadonlySet<Operator> = new Set(["contains", "containsAny", "containsAll", "startsWith"]);
const ORDER_OPERATORS: ReadonlySet<Operator> = new Set(["gt", "gte", "lt", "lte"]);

/** Short strings (tags, platform names, attachment types) recur endlessly: normalise each once. */
const shortForms = new Map<string, string>();
function comparable(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.length > 64) return normaliseText(value);
  let form = shortForms.get(value);
  if (form === undefined) {
    if (shortForms.size >= 10_000) shortForms.clear();
    form = normaliseText(value);
    shortForms.set(value, form);
  }
  return form;
}

/** Compiles a matches pattern as it runs: case kept (so \W stays \W), letters normalised like the text. */
export const compilePattern = (pattern: string) => new RegExp(normaliseLetters(pattern), "iu");

export function prepareOperand(leaf: LeafCondition): Operand {
  const { op, value } = leaf;
  const list: readonly ConditionValue[] = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const keys = list.filter((v): v is Comparable => typeof v !== "object").map((v) => comparable(v) as Comparable);
  const ordered = ORDER_OPERATORS.has(op);
  return {
    op,
    negated: op === "exists" ? value === false : op === "neq" || op === "nin",
    keys,
    set: new Set(keys),
    words: keys.map(String),
    regex: op === "matches" ? compilePattern(String(value)) : undefined,
    literals: op === "matches" ? requiredLiterals(normaliseLetters(String(value))) : undefined,
    bound: !ordered ? Number.NaN : typeof value === "number" ? value : Date.parse(String(value)),
    instant: ordered && typeof value !== "number",
    calendar: op === "withinBusinessHours" ? String(value) : undefined,
  };
}

function compare(op: Operator, actual: number, bound: number): boolean {
  if (Number.isNaN(actual)) return false;
  if (op === "gt") return actual > bound;
  if (op === "gte") return actual >= bound;
  if (op === "lt") return actual < bound;
  return actual <= bound;
}

/** contains and containsAny hold when one of the keywords occurs, containsAll when all of them do. */
export function keywordsHold(op: Operator, found: number, total: number): boolean {
  return op === "containsAll" ? found === total : found > 0;
}

function found(text: TextView, words: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < words.length; i++) if (text.has(words[i] as string)) count++;
  return count;
}

/** Whether `text` contains one of a pattern's required literals (true when it has none). */
function hasLiteral(literals: readonly string[] | undefined, text: string): boolean {
  if (!literals) return true;
  for (let i = 0; i < literals.length; i++) if (text.includes(literals[i] as string)) return true;
  return false;
}

function scalarHolds(o: Operand, actual: unknown, view: TextView | undefined, env: Env): boolean {
  const text = typeof actual === "string" ? (view ?? plainView(actual)) : undefined;
  switch (o.op) {
    case "eq":
    case "neq":
    case "in":
    case "nin":
      return o.set.has(text ? text.text : (actual as Comparable));
    case "contains":
    case "containsAny":
    case "containsAll":
      return text !== undefined && keywordsHold(o.op, found(text, o.words), o.words.length);
    case "startsWith":
      return text !== undefined && o.words.some((w) => text.text.startsWith(w));
    case "matches":
      if (text === undefined || !o.regex) return false;
      return hasLiteral(o.literals, text.text) && o.regex.test(text.text);
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (o.instant) return typeof actual === "string" && compare(o.op, Date.parse(actual), o.bound);
      return typeof actual === "number" && compare(o.op, actual, o.bound);
    case "withinBusinessHours": {
      const calendar = o.calendar === undefined ? undefined : env.calendars?.get(o.calendar);
      return calendar !== undefined && typeof actual === "string" && isWithinBusinessHours(calendar, new Date(actual));
    }
    default:
      return false;
  }
}

/** On a list, membership operators compare elements; every other operator holds when it holds for some element. */
function listHolds(o: Operand, actual: readonly unknown[], env: Env): boolean {
  switch (o.op) {
    case "eq":
    case "neq":
    case "in":
    case "nin":
    case "contains":
    case "containsAny":
      for (let i = 0; i < actual.length; i++) if (o.set.has(comparable(actual[i]) as Comparable)) return true;
      return false;
    case "containsAll": {
      const present = new Set(actual.map(comparable));
      return o.keys.every((key) => present.has(key));
    }
    default:
      return actual.some(
        (e) => e !== null && e !== undefined && !Array.isArray(e) && scalarHolds(o, e, undefined, env),
      );
  }
}

/**
 * Whether a condition holds for the value its field has (`actual`, undefined when missing). A
 * missing field makes every operator false except neq, nin and exists:false.
 */
export function evaluate(o: Operand, actual: unknown, view: TextView | undefined, env: Env): boolean {
  const present = actual !== undefined && actual !== null;
  if (o.op === "exists") return present !== o.negated;
  if (!present) return o.negated;
  const holds = Array.isArray(actual) ? listHolds(o, actual, env) : scalarHolds(o, actual, view, env);
  return holds !== o.negated;
}
