import type { FieldDef, ObjectDef, Schema } from "./schema";
import { type Condition, caret, type FieldRef, type Literal, malformed, parseSoql, SoqlError } from "./soql-parser";
import { isWellFormedId, sameId } from "./values";

/**
 * Runs a parsed query against the org's schema: resolves object and field names (INVALID_TYPE /
 * INVALID_FIELD otherwise), checks that filtered and sorted fields allow it, types the literals
 * against the fields (quoted strings for text and ids, bare true/false and dateTimes), and builds
 * the predicate and ordering. Text comparisons are case-insensitive, as in SOQL.
 */

export { SoqlError } from "./soql-parser";

/** Decodes a quoted literal's escapes (SOQL and SOSL Reference, "Quoted String Escape Sequences"). */
function decodeLiteral(soql: string, literal: { raw: string; pos: number }, forLike: boolean): string {
  const simple: Record<string, string> = {
    n: "\n",
    r: "\r",
    t: "\t",
    b: "\b",
    f: "\f",
    '"': '"',
    "'": "'",
    "\\": "\\",
  };
  let out = "";
  for (let i = 0; i < literal.raw.length; i++) {
    const c = literal.raw.charAt(i);
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = literal.raw.charAt(++i);
    const mapped = simple[e] ?? simple[e.toLowerCase()];
    const hex = /^u[0-9a-fA-F]{4}/.exec(literal.raw.slice(i));
    if (mapped !== undefined && (e === e.toLowerCase() || "NRTBF".includes(e)))
      out += forLike && mapped === "\\" ? "\\\\" : mapped;
    else if (forLike && (e === "%" || e === "_")) out += `\\${e}`;
    else if (hex) {
      out += String.fromCharCode(Number.parseInt(hex[0].slice(1), 16));
      i += 4;
    } else
      throw malformed(
        soql,
        literal.pos,
        `Invalid string literal '${literal.raw}'. Illegal character sequence '\\${e}' in string literal.`,
      );
  }
  return out;
}

export interface CompiledQuery {
  object: ObjectDef;
  fields: FieldDef[];
  matches(record: Record<string, unknown>): boolean;
  compare(a: Record<string, unknown>, b: Record<string, unknown>): number;
  limit?: number;
  offset: number;
}

/** Resolves names against the org's schema and turns the conditions into a predicate. */
export function compileQuery(soql: string, schema: Schema): CompiledQuery {
  const query = parseSoql(soql);
  const object = schema.object(query.object.name);
  if (!object)
    throw new SoqlError(
      "INVALID_TYPE",
      caret(
        soql,
        query.object.pos,
        `sObject type '${query.object.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  const resolve = (ref: FieldRef): FieldDef => {
    const def = schema.field(object.name, ref.name);
    if (def) return def;
    const detail = ref.name.includes(".")
      ? `Didn't understand relationship '${ref.name.split(".")[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
      : `No such column '${ref.name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
    throw new SoqlError("INVALID_FIELD", caret(soql, ref.pos, detail));
  };
  const filterable = (ref: FieldRef): FieldDef => {
    const def = resolve(ref);
    if (!def.filterable)
      throw new SoqlError(
        "INVALID_FIELD",
        caret(soql, ref.pos, `field '${def.name}' can not be filtered in a query call`),
      );
    return def;
  };
  const literalValue = (def: FieldDef, literal: Literal): unknown => {
    const wrongType = (expected: string, quoted: boolean) =>
      new SoqlError(
        "INVALID_FIELD",
        caret(
          soql,
          literal.pos,
          `value of filter criterion for field '${def.name}' must be of type ${expected} and should ${quoted ? "" : "not "}be enclosed in quotes`,
        ),
      );
    if (literal.kind === "null") return null;
    if (def.type === "boolean") {
      if (literal.kind !== "boolean") throw wrongType("boolean", false);
      return literal.value;
    }
    if (def.type === "datetime") {
      if (literal.kind !== "datetime") throw wrongType("dateTime", false);
      return literal.value;
    }
    if (literal.kind !== "string")
      throw wrongType(def.type === "id" || def.type === "reference" ? "id" : "string", true);
    const text = decodeLiteral(soql, literal, false);
    if ((def.type === "id" || def.type === "reference") && text !== "" && !isWellFormedId(text))
      throw new SoqlError("INVALID_QUERY_FILTER_OPERATOR", caret(soql, literal.pos, `invalid ID field: ${text}`));
    return text;
  };
  const build = (cond: Condition): ((r: Record<string, unknown>) => boolean) => {
    switch (cond.kind) {
      case "and": {
        const parts = cond.items.map(build);
        return (r) => parts.every((p) => p(r));
      }
      case "or": {
        const parts = cond.items.map(build);
        return (r) => parts.some((p) => p(r));
      }
      case "not": {
        const inner = build(cond.item);
        return (r) => !inner(r);
      }
      case "in": {
        const def = filterable(cond.field);
        const values = cond.values.map((v) => literalValue(def, v));
        return (r) => values.some((v) => equal(def, r[def.name], v)) !== cond.negated;
      }
      case "like": {
        const def = filterable(cond.field);
        if (cond.pattern.kind !== "string") throw malformed(soql, cond.pattern.pos, "unexpected token");
        const regex = likeToRegex(decodeLiteral(soql, cond.pattern, true));
        return (r) => typeof r[def.name] === "string" && regex.test(r[def.name] as string);
      }
      case "compare": {
        const def = filterable(cond.field);
        const value = literalValue(def, cond.value);
        const op = cond.op;
        return (r) => {
          const actual = r[def.name] ?? null;
          if (op === "=") return equal(def, actual, value);
          if (op === "!=") return !equal(def, actual, value);
          if (actual === null || value === null) return false;
          const order = compareValues(def, actual, value);
          return op === "<" ? order < 0 : op === ">" ? order > 0 : op === "<=" ? order <= 0 : order >= 0;
        };
      }
    }
  };
  const orderBy = query.orderBy.map((o) => {
    const def = resolve(o.field);
    if (!def.filterable)
      throw new SoqlError(
        "INVALID_FIELD",
        caret(soql, o.field.pos, `field '${def.name}' can not be sorted in a query call`),
      );
    return { def, desc: o.desc, nullsLast: o.nullsLast };
  });
  return {
    object,
    fields: query.fields.map(resolve),
    matches: query.where ? build(query.where) : () => true,
    compare: (a, b) => {
      for (const { def, desc, nullsLast } of orderBy) {
        const x = a[def.name] ?? null;
        const y = b[def.name] ?? null;
        if (x === null && y === null) continue;
        if (x === null || y === null) return (x === null) === nullsLast ? 1 : -1;
        const order = compareValues(def, x, y) * (desc ? -1 : 1);
        if (order !== 0) return order;
      }
      return 0;
    },
    limit: query.limit,
    offset: query.offset ?? 0,
  };
}

function normalise(def: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (def.type === "datetime" && typeof value === "string") return Date.parse(value.replace(/\+0000$/, "Z"));
  if (def.type === "id" || def.type === "reference") return String(value).slice(0, 15);
  if (typeof value === "string") return value.toLowerCase();
  return value;
}

function equal(def: FieldDef, actual: unknown, expected: unknown): boolean {
  if (def.type === "id" || def.type === "reference")
    return actual == null ? expected == null : sameId(actual, expected);
  return normalise(def, actual) === normalise(def, expected);
}

function compareValues(def: FieldDef, a: unknown, b: unknown): number {
  const x = normalise(def, a) as string | number | boolean;
  const y = normalise(def, b) as string | number | boolean;
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeToRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") source += escapeRegex(pattern.charAt(++i));
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, "i");
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
