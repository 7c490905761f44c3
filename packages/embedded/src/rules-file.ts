import { readFileSync } from "node:fs";
import { applyRulesFile, type Logger, parseRulesFile, type RulesAdminDeps, type RulesFile } from "@scrm/core";

/** Rules as code: read and validate (every problem named with the file and its path). */
export function readRulesFile(path: string): RulesFile & { path: string } {
  return { ...parseRulesFile(readFileSync(path, "utf8"), path), path };
}

/** A valid file becomes new versions only where it differs from what is stored. */
export async function applyRules(file: RulesFile & { path: string }, deps: RulesAdminDeps, logger: Logger) {
  const changed = await applyRulesFile(deps, file, `file:${file.path}`);
  logger.info("rules file loaded", {
    path: file.path,
    rules: file.rules.length,
    calendars: file.calendars.length,
    changed,
  });
}
