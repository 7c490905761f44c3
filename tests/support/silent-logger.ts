import type { Logger } from "@scrm/core";

/** A logger that drops everything: tests check what was written, not what was logged. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
