import { parse as parseYaml } from "yaml";
import type * as z from "zod";
import { inputError } from "../errors";
import { formatIssues } from "../rule/issues";

/**
 * How a settings document is written: JSON, YAML, or `auto` (JSON when it parses as JSON, else
 * YAML: for inline text, which has no file extension to tell).
 */
export type SettingsFormat = "json" | "yaml" | "auto";

/** The format a settings file's name says: `.json` JSON, `.yaml`/`.yml` YAML, anything else `auto`. */
export const formatOfFile = (fileName: string): SettingsFormat =>
  /\.ya?ml$/i.test(fileName) ? "yaml" : /\.json$/i.test(fileName) ? "json" : "auto";

function parseText(text: string, format: SettingsFormat): unknown {
  if (format === "json") return JSON.parse(text);
  if (format === "yaml") return parseYaml(text);
  try {
    return JSON.parse(text);
  } catch {
    return parseYaml(text);
  }
}

/**
 * A settings document (a file's text, or the same inline in a variable) parsed and validated whole
 * with `schema`. Throws an input error whose message names the source and every problem with its
 * path (`crm-mapping.yaml: salesforce.social: Invalid option…; hubspot.mapping.pipelineId: …`), as
 * rules files do; `details` lists them as `{ field, message }`.
 */
export function parseSettingsDocument<S extends z.ZodType>(
  schema: S,
  text: string,
  source: string,
  format: SettingsFormat,
): z.output<S> {
  let document: unknown;
  try {
    document = parseText(text, format);
  } catch (error) {
    throw inputError("settings.unreadable", `${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // An empty file is an empty document: nothing over the defaults.
  const result = schema.safeParse(document ?? {});
  if (result.success) return result.data;
  const problems = formatIssues(result.error);
  const lines = problems.map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message));
  throw inputError("settings.invalid", `${source}: ${lines.join("; ")}`, problems);
}
