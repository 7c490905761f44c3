import type * as z from "zod";
import { Interaction } from "../interaction/schema";

/** What a rule field path leads to in the Interaction schema. */
export interface FieldType {
  kind: "string" | "enum" | "datetime" | "number" | "boolean" | "object" | "unknown";
  /** The value is a list: an array field (tags) or a path through an array (attachments.type). */
  list: boolean;
  /** Allowed values of an enum field. */
  values?: readonly string[];
}

/**
 * Roots that rule actions change during one pass (tag, setPriority, assign, setStatus, startSla,
 * escalate, sync, …); everything else is fixed for a pass, so its normalised text may be cached.
 */
export const MUTABLE_ROOTS: ReadonlySet<string> = new Set([
  "tags",
  "priority",
  "status",
  "assignee",
  "sla",
  "sync",
  "escalation",
  "overrides",
  "history",
]);

export const isMutableField = (path: string) => MUTABLE_ROOTS.has(path.split(".", 1)[0] ?? "");

/** The parts of zod's schema definitions this walk reads. */
interface Def {
  type: z.core.$ZodTypeDef["type"];
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  format?: string;
  getter?: () => z.core.$ZodType;
  out?: z.core.$ZodType;
}
const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as Def;

/** Wrappers that do not change what a path can reach. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = def.type === "lazy" ? def.getter?.() : def.type === "pipe" ? def.out : def.innerType;
    if (
      !next ||
      !["optional", "nullable", "default", "prefault", "readonly", "catch", "lazy", "pipe"].includes(def.type)
    )
      return current;
    current = next;
  }
}

function describe(schema: z.core.$ZodType, list: boolean): FieldType {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return { kind: def.format === "datetime" ? "datetime" : "string", list };
    case "enum":
      return { kind: "enum", list, values: Object.values(def.entries ?? {}).map(String) };
    case "literal":
      return { kind: "enum", list, values: (def.values ?? []).map(String) };
    case "number":
    case "int":
      return { kind: "number", list };
    case "boolean":
      return { kind: "boolean", list };
    case "object":
    case "record":
      return { kind: "object", list };
    default:
      return { kind: "unknown", list };
  }
}

function walk(schema: z.core.$ZodType, segments: readonly string[], list: boolean): FieldType | undefined {
  let current = unwrap(schema);
  let through = list;
  // A path steps through arrays without an index: attachments.type is every attachment's type.
  while (defOf(current).type === "array") {
    const element = defOf(current).element;
    if (!element) return undefined;
    current = unwrap(element);
    through = true;
  }
  const [head, ...rest] = segments;
  if (head === undefined) return describe(current, through);
  if (head === "") return undefined;
  const def = defOf(current);
  if (def.type === "object") {
    const child = def.shape && Object.hasOwn(def.shape, head) ? def.shape[head] : undefined;
    return child ? walk(child, rest, through) : undefined;
  }
  if (def.type === "record" && def.valueType) return walk(def.valueType, rest, through);
  if (def.type === "unknown" || def.type === "any") return { kind: "unknown", list: through };
  return undefined;
}

const resolved = new Map<string, FieldType | undefined>();

/** The type a dotted path reaches in the Interaction schema, or undefined when no such field exists. */
export function resolveField(path: string): FieldType | undefined {
  if (!resolved.has(path)) resolved.set(path, walk(Interaction, path.split("."), false));
  return resolved.get(path);
}

export type Getter = (root: unknown) => unknown;

function read(value: unknown, segments: readonly string[], from: number): unknown {
  let current = value;
  for (let i = from; i < segments.length; i++) {
    if (Array.isArray(current)) {
      const found: unknown[] = [];
      for (const element of current) {
        const v = read(element, segments, i);
        if (Array.isArray(v)) found.push(...v);
        else if (v !== undefined && v !== null) found.push(v);
      }
      return found.length > 0 ? found : undefined;
    }
    if (typeof current !== "object" || current === null) return undefined;
    const key = segments[i] as string;
    // Record keys come from rules: never read inherited properties such as __proto__.
    current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/** Reads a dotted path; through an array it yields the list of the elements' values (undefined when none has one). */
export function fieldGetter(path: string): Getter {
  const segments = path.split(".");
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (root) =>
      typeof root === "object" && root !== null && Object.hasOwn(root, key)
        ? (root as Record<string, unknown>)[key]
        : undefined;
  }
  return (root) => read(root, segments, 0);
}
