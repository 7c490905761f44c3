import * as z from "zod";
import type { Attachment } from "../../interaction/schema";
import type { NormaliseResult, Observation, Skipped } from "../observation";

/** Meta sends ids as strings, but its test tools and some older fields send numbers. */
export const Id = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
]);

/** Epoch times arrive as numbers (Page feed, Messenger) or as strings of digits (WhatsApp). */
export const Epoch = z.union([
  z.number().nonnegative(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((s) => Number(s)),
]);

/**
 * An optional field that never sinks the whole event: Meta changes the type of secondary fields now
 * and then, and losing a customer's message over a malformed `caption` would be worse than losing the caption.
 */
export const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export type DraftAttachment = z.infer<typeof Attachment>;

/** The newest instant `toISOString` can still write as a four-digit year (the Interaction schema wants that). */
const maxMs = 253_402_300_799_999;

/**
 * Meta mixes seconds (feed `created_time`, change entries' `time`) and milliseconds (messaging
 * `timestamp` and its `entry.time`). 1e11 seconds is the year 5138 and 1e11 ms is 1973, so the
 * magnitude tells them apart safely and a payload in the "wrong" unit still lands on the right day.
 */
export function epochToIso(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value) || value < 0) return undefined;
  const ms = value >= 1e11 ? value : value * 1000;
  return ms <= maxMs ? new Date(Math.floor(ms)).toISOString() : undefined;
}

/** Per-entry facts every family needs. */
export interface EntryContext {
  /** The brand account that received the event: Page id, Instagram account id. */
  accountId: string;
  /** `entry.time`, unit unknown (see `epochToIso`). */
  time: number | undefined;
}

/** What one item became: an observation, or the reason it was skipped. */
export interface Skip {
  skip: Skipped["kind"];
  reason: string;
}
export type Outcome = Observation | Skip;

export const ignored = (reason: string): Skip => ({ skip: "ignored", reason });
export const unrecognised = (reason: string): Skip => ({ skip: "unrecognised", reason });

export function record(out: NormaliseResult, path: string, outcome: Outcome): void {
  if ("skip" in outcome) out.skipped.push({ path, kind: outcome.skip, reason: outcome.reason });
  else out.observations.push(outcome);
}

export function join(base: string, key: string, index?: number): string {
  const step = index === undefined ? key : `${key}[${index}]`;
  return base ? `${base}.${step}` : step;
}

/** A short, loggable reason out of a zod error (the first few issues, with their paths). */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "(root)";
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : "";
  return issues.join("; ") + more;
}

/** Drops keys whose value is `undefined`, so drafts compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** "[image]", "[story mention]": what a care agent reads when a message has no text of its own. */
export function placeholder(type: string, detail?: string): string {
  const label = type.replace(/_/g, " ");
  return detail ? `[${label}: ${detail}]` : `[${label}]`;
}

/** One malformed item must not cost the rest of the batch (Meta sends up to 1,000 updates per POST). */
export function guarded(out: NormaliseResult, path: string, run: (path: string) => void): void {
  try {
    run(path);
  } catch (error) {
    record(out, path, unrecognised(`normaliser failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}
