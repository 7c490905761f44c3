import type { Logger } from "@scrm/core";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof levels;

/** One JSON line per entry on stderr, the same shape CloudWatch gets from the functions. */
export function jsonLogger(level: LogLevel): Logger {
  const write = (entryLevel: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (levels[entryLevel] < levels[level]) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: entryLevel, message, ...fields })}\n`,
    );
  };
  return { info: write("info"), warn: write("warn"), error: write("error") };
}
