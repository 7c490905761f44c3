/**
 * A tiny escaping SOQL builder. Values are always rendered as literals (strings quoted with the
 * escapes of the SOQL and SOSL Reference, "Quoted String Escape Sequences"); names of objects and
 * fields only enter a query through `soqlName()` / `soql.id()`, which validates them, so a value
 * can never become SOQL syntax.
 *
 * @example
 *   soql`SELECT Id FROM ${soql.id("Contact")} WHERE Email IN ${emails} AND CreatedDate > ${since}`
 */

/** A building mistake (bad name, unrenderable value): a bug of the caller, never sent to Salesforce. */
export class SoqlBuildError extends Error {
  override readonly name = "SoqlBuildError";
}

/** An API name of an object or field (custom `__c`, relationship `__r`), optionally a dotted relationship path. */
const namePart = /^[A-Za-z][A-Za-z0-9_]*(__c|__r)?$/;

/** A validated object or field name: rendered as is, never quoted. */
export class SoqlName {
  readonly name: string;
  constructor(name: string) {
    if (typeof name !== "string" || name === "" || !name.split(".").every((part) => namePart.test(part)))
      throw new SoqlBuildError(`not a Salesforce API name: ${JSON.stringify(name)}`);
    this.name = name;
  }
  toString() {
    return this.name;
  }
}

/** A raw LIKE pattern whose `%`/`_` wildcards are meant; build one with `soqlLike`. */
export class SoqlLike {
  constructor(readonly literal: string) {}
}

export type SoqlScalar = string | number | boolean | null | Date;
export type SoqlValue = SoqlScalar | readonly SoqlScalar[] | SoqlName | SoqlLike;

export const soqlName = (name: string) => new SoqlName(name);

/**
 * A string's body inside single quotes: `\` first (so later escapes are not doubled), then `'`,
 * `"`, newline, carriage return, tab, backspace and form feed.
 */
export function escapeSoqlString(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replaceAll("\b", "\\b")
    .replace(/\f/g, "\\f");
}

/** A value as a SOQL literal: `'text'`, `42`, `true`, `null`, `2026-11-22T10:00:00Z`, `('a','b')`. */
export function soqlLiteral(value: SoqlValue): string {
  if (value instanceof SoqlName) throw new SoqlBuildError("a name is not a value; interpolate it in soql`…`");
  if (value instanceof SoqlLike) return value.literal;
  if (Array.isArray(value)) {
    if (value.length === 0) throw new SoqlBuildError("an empty list cannot be rendered (IN () is not SOQL)");
    return `(${value.map((item) => scalar(item)).join(",")})`;
  }
  return scalar(value as SoqlScalar);
}

function scalar(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `'${escapeSoqlString(value)}'`;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    const text = String(value);
    if (!Number.isFinite(value) || /e/i.test(text))
      throw new SoqlBuildError(`number not representable in SOQL: ${text}`);
    return text;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    const iso = Number.isNaN(time) ? "" : value.toISOString();
    if (!/^\d{4}-/.test(iso)) throw new SoqlBuildError("invalid or out-of-range Date");
    return iso.replace(/\.000Z$/, "Z");
  }
  throw new SoqlBuildError(`cannot render ${value === undefined ? "undefined" : typeof value} as a SOQL value`);
}

/**
 * A LIKE pattern matching `text` literally (its `%` and `_` escaped) at the start, the end, or
 * anywhere: `soql\`… WHERE Name LIKE ${soqlLike("50%", "startsWith")}\`` gives `'50\%%'`.
 */
export function soqlLike(text: string, match: "startsWith" | "endsWith" | "contains" | "exact" = "contains"): SoqlLike {
  const body = escapeSoqlString(text).replace(/[%_]/g, "\\$&");
  const before = match === "endsWith" || match === "contains" ? "%" : "";
  const after = match === "startsWith" || match === "contains" ? "%" : "";
  return new SoqlLike(`'${before}${body}${after}'`);
}

function render(strings: TemplateStringsArray, ...values: SoqlValue[]): string {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += (value instanceof SoqlName ? value.name : soqlLiteral(value)) + (strings[index + 1] ?? "");
  });
  return out;
}

/**
 * The tagged template: every interpolation is a literal unless it is a name made by `soql.id`
 * (`soqlName`); `soql.like` and `soql.literal` are `soqlLike` and `soqlLiteral`.
 */
export const soql = Object.assign(render, { id: soqlName, like: soqlLike, literal: soqlLiteral });

/** Equality (`=`, or `IN` for a list) of each field with its value, ANDed. */
export type SoqlWhere = Record<string, SoqlScalar | readonly SoqlScalar[]>;

export interface SoqlSelect {
  fields: readonly string[];
  from: string;
  where?: SoqlWhere;
  orderBy?: string | { field: string; desc?: boolean };
  limit?: number;
}

/** The function API: `SELECT fields FROM object [WHERE a = x AND b IN (…)] [ORDER BY f] [LIMIT n]`. */
export function soqlSelect(query: SoqlSelect): string {
  if (query.fields.length === 0) throw new SoqlBuildError("SELECT needs at least one field");
  const fields = query.fields.map((field) => soqlName(field).name).join(", ");
  let text = `SELECT ${fields} FROM ${soqlName(query.from).name}`;
  const conditions = Object.entries(query.where ?? {}).map(([field, value]) => {
    const name = soqlName(field).name;
    return Array.isArray(value) ? `${name} IN ${soqlLiteral(value)}` : `${name} = ${soqlLiteral(value as SoqlScalar)}`;
  });
  if (conditions.length) text += ` WHERE ${conditions.join(" AND ")}`;
  if (query.orderBy) {
    const order = typeof query.orderBy === "string" ? { field: query.orderBy } : query.orderBy;
    text += ` ORDER BY ${soqlName(order.field).name}${order.desc ? " DESC" : ""}`;
  }
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 0) throw new SoqlBuildError(`bad LIMIT ${query.limit}`);
    text += ` LIMIT ${query.limit}`;
  }
  return text;
}
