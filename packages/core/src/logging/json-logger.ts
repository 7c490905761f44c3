import type { Config } from "../config";
import type { Logger } from "../ports";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/**
 * One JSON line per entry (stdout by default): CloudWatch keeps each line as one event and Logs
 * Insights reads its fields; written raw, so the Lambda runtime adds no text prefix. The embedded
 * stack writes the same lines to stderr, keeping stdout for what `npm start` prints.
 */
export function jsonLogger(
  level: Config["LOG_LEVEL"],
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const entry = (entryLevel: "info" | "warn" | "error") => (message: string, fields?: Record<string, unknown>) => {
    if (levels[entryLevel] < levels[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: entryLevel, message, ...fields })}\n`);
  };
  return { info: entry("info"), warn: entry("warn"), error: entry("error") };
}
