import type * as z from "zod";
import { inputError } from "../errors";

/** One problem in a request body, at a path such as `when.all[1].op`. */
export interface FieldIssue {
  field: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A key that was not given at all (a union of objects reports it once per branch). */
function isMissing(issue: Issue): boolean {
  if (issue.message === "required") return true;
  if (issue.code === "invalid_type") return issue.message.endsWith("received undefined");
  return (
    issue.code === "invalid_union" &&
    issue.errors.length > 0 &&
    issue.errors.every((branch) => branch.some((i) => i.path.length === 0 && isMissing(i)))
  );
}

/**
 * How badly a union branch disagrees with the input: worst when it wants another type altogether
 * (text where an object was given), then by keys it does not know, or keys it needs and lacks.
 */
const misfit = (issues: readonly Issue[]) =>
  (issues.some((i) => i.code === "invalid_type" && i.path.length === 0) ? 1000 : 0) +
  issues.filter((i) => (i.code === "unrecognized_keys" && i.path.length === 0) || (i.path.length === 1 && isMissing(i)))
    .length;

/**
 * The branch of a failed union that the input's keys point at (`{all}`, `{field, op}`, …): the only
 * one with the fewest key mismatches. Undefined when the keys fit no branch better than another.
 */
function chooseBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const scores = branches.map(misfit);
  const best = Math.min(...scores);
  const winners = branches.filter((_, i) => scores[i] === best);
  return winners.length === 1 ? winners[0] : undefined;
}

function collect(issue: Issue, prefix: readonly PropertyKey[], out: FieldIssue[]): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0 && !isMissing(issue)) {
    const branch = chooseBranch(issue.errors);
    if (branch) {
      for (const inner of branch) collect(inner, path, out);
      return;
    }
  }
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    // A record key that its key schema refused: that schema's own words (e.g. the pattern's message).
    out.push({ field: formatPath(path), message: issue.issues.map((inner) => inner.message).join("; ") });
    return;
  }
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) out.push({ field: formatPath([...path, key]), message: "unknown key" });
    return;
  }
  out.push({ field: formatPath(path), message: isMissing(issue) ? "required" : issue.message });
}

/**
 * A zod error as a flat list of `{field, message}`, for any schema. A failed union reports the issues
 * of the branch the input's keys select, instead of zod's generic "Invalid input".
 */
export function formatIssues(error: { issues: readonly Issue[] }): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) collect(issue, [], out);
  return out;
}

export const describeIssues = (issues: readonly FieldIssue[]) =>
  issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join("; ");

/** Parses with `schema` or throws `inputError(code)` whose details are the formatted issues. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, code: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = formatIssues(result.error);
  throw inputError(code, describeIssues(details), details);
}
