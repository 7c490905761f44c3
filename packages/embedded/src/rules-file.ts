import { readFileSync } from "node:fs";
import { applyRulesFile, type Logger, parseRulesFile, type RulesAdminDeps } from "@scrm/core";

/**
 * Rules as code at start: an invalid file stops the start with every problem named (file and
 * path); a valid one becomes new versions only where it differs from what is stored.
 */
export async function loadRulesFile(path: string, deps: RulesAdminDeps, logger: Logger): Promise<void> {
  const file = parseRulesFile(readFileSync(path, "utf8"), path);
  const changed = await applyRulesFile(deps, file, `file:${path}`);
  logger.info("rules file loaded", { path, rules: file.rules.length, calendars: file.calendars.length, changed });
}
