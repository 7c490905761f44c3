import * as z from "zod";
import { normaliseText } from "../text/normalise";
import type { FieldType } from "./fields";
import { compilePattern, TEXT_OPERATORS } from "./operators";
import type { Operator } from "./schema";

/** A problem with one key of a leaf condition. */
export interface LeafIssue {
  key: "field" | "op" | "value";
  message: string;
}

const isScalar = (v: unknown): v is string | number => typeof v === "string" || typeof v === "number";
const isList = (v: unknown): v is Array<string | number> => Array.isArray(v) && v.length > 0 && v.every(isScalar);
const DateTime = z.iso.datetime({ offset: true });
const isDateTime = (v: unknown) => DateTime.safeParse(v).success;
const LIST_OPERATORS: ReadonlySet<Operator> = new Set(["in", "nin", "containsAny", "containsAll"]);
const ORDER_OPERATORS: ReadonlySet<Operator> = new Set(["gt", "gte", "lt", "lte"]);

/** The value shape each operator takes, whatever the field. */
function shapeIssue(op: Operator, value: unknown): string | undefined {
  if (LIST_OPERATORS.has(op)) return isList(value) ? undefined : `${op} needs a non-empty array of strings or numbers`;
  if (ORDER_OPERATORS.has(op))
    return typeof value === "number" || isDateTime(value) ? undefined : `${op} needs a number or an ISO-8601 date-time`;
  switch (op) {
    case "eq":
    case "neq":
      return isScalar(value) || typeof value === "boolean" ? undefined : `${op} needs a string, number or boolean`;
    case "contains":
      return isScalar(value) ? undefined : "contains needs a string or number";
    case "startsWith":
      return typeof value === "string" ? undefined : "startsWith needs a string";
    case "matches":
      if (typeof value !== "string") return "matches needs a regular expression as a string";
      try {
        compilePattern(value);
        return undefined;
      } catch (error) {
        return `invalid regular expression: ${(error as Error).message}`;
      }
    case "exists":
      return value === undefined || typeof value === "boolean" ? undefined : "exists takes true or false";
    case "withinBusinessHours":
      return typeof value === "string" && value.length > 0 ? undefined : "withinBusinessHours needs a calendar id";
    default:
      return undefined;
  }
}

const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** Whether the operator and its value make sense for what the field holds. */
function fieldIssue(field: string, type: FieldType, op: Operator, value: unknown): LeafIssue | undefined {
  const name = JSON.stringify(field);
  if (op === "exists") return undefined;
  if (type.kind === "object") return { key: "op", message: `${name} is an object: only exists applies to it` };
  if (op === "withinBusinessHours")
    return type.kind === "datetime" || type.kind === "unknown"
      ? undefined
      : { key: "field", message: `withinBusinessHours needs a date-time field such as occurredAt; ${name} is not one` };
  if (type.kind === "unknown") return undefined;
  if (ORDER_OPERATORS.has(op)) {
    if (type.kind === "number" && typeof value !== "number") return { key: "value", message: `${name} is a number` };
    if (type.kind === "datetime" && typeof value !== "string")
      return { key: "value", message: `${name} is a date-time: compare it with an ISO-8601 date-time` };
    if (type.kind !== "number" && type.kind !== "datetime")
      return { key: "op", message: `${op} applies to numbers and date-times; ${name} is neither` };
    return undefined;
  }
  if ((TEXT_OPERATORS.has(op) || op === "matches") && !type.list && type.kind !== "string" && type.kind !== "enum")
    return { key: "op", message: `${op} applies to text and lists; ${name} is a ${type.kind}` };
  const expected = type.kind === "number" ? "number" : type.kind === "boolean" ? "boolean" : "string";
  if (op !== "matches" && valuesOf(value).some((v) => typeof v !== expected))
    return { key: "value", message: `${name} holds ${expected === "string" ? "text" : `${expected}s`}` };
  if (type.values && op !== "matches" && op !== "startsWith" && !TEXT_OPERATORS.has(op)) {
    const allowed = new Set(type.values.map(normaliseText));
    const unknown = valuesOf(value).find((v) => !allowed.has(normaliseText(String(v))));
    if (unknown !== undefined)
      return { key: "value", message: `${JSON.stringify(unknown)} is not one of ${type.values.join(", ")}` };
  }
  return undefined;
}

/** Keywords feed substring search: one that normalises to nothing would match every text. */
function keywordIssue(op: Operator, value: unknown): string | undefined {
  if (!TEXT_OPERATORS.has(op)) return undefined;
  return valuesOf(value).some((v) => normaliseText(String(v)) === "")
    ? "keywords must not be empty (after removing niqqud)"
    : undefined;
}

export function leafIssues(field: string, type: FieldType, op: Operator, value: unknown): LeafIssue[] {
  const shape = shapeIssue(op, value) ?? keywordIssue(op, value);
  if (shape) return [{ key: "value", message: shape }];
  const issue = fieldIssue(field, type, op, value);
  return issue ? [issue] : [];
}
