import { parse } from "tinyduration";
import * as z from "zod";

const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
/** A day of clock time (24 h), as durations count it. */
export const DAY_MS = 24 * HOUR_MS;

/**
 * tinyduration's own pattern is unanchored (it would read "PT1H" out of "xPT1Hy") and accepts a
 * dangling "T", so the whole string is held to the ISO-8601 shape first.
 */
const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const SHAPE = new RegExp(
  `^-?P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?=\\d)(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);
const COMPONENT = /\d+(?:[.,]\d+)?[YMWDHS]/g;

type Reading = { ok: true; ms: number } | { ok: false; message: string };

function read(iso: string): Reading {
  if (!SHAPE.test(iso) || iso === "P" || iso === "-P") {
    return { ok: false, message: 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"' };
  }
  const components = iso.match(COMPONENT) ?? [];
  // ISO-8601 allows a fraction only on the smallest unit given: "PT1.5H30M" has no agreed meaning.
  if (components.slice(0, -1).some((c) => /[.,]/.test(c))) {
    return { ok: false, message: "only the last (smallest) unit may have a fraction" };
  }
  const duration = parse(iso);
  if (duration.years || duration.months) {
    return { ok: false, message: "use days, hours, minutes or seconds (years and months have no fixed length)" };
  }
  if (duration.negative) return { ok: false, message: "a duration must be positive" };
  const ms = Math.round(
    (duration.weeks ?? 0) * 7 * DAY_MS +
      (duration.days ?? 0) * DAY_MS +
      (duration.hours ?? 0) * HOUR_MS +
      (duration.minutes ?? 0) * MINUTE_MS +
      (duration.seconds ?? 0) * SECOND_MS,
  );
  if (ms <= 0) return { ok: false, message: "a duration must be positive (at least 1 ms)" };
  if (!Number.isSafeInteger(ms)) return { ok: false, message: "a duration this long cannot be represented" };
  return { ok: true, ms };
}

/**
 * A positive, fixed-length ISO-8601 duration ("PT4H", "P2D", "P1W", "PT0.5S"). Kept as text so
 * configuration reads the way it was written; `durationMs` turns it into milliseconds.
 */
export const IsoDuration = z
  .string()
  .superRefine((iso, ctx) => {
    const reading = read(iso);
    if (!reading.ok) ctx.addIssue({ code: "custom", message: reading.message });
  })
  .meta({
    description:
      "ISO-8601 duration in weeks, days, hours, minutes and seconds; a day is 24 hours of clock time (P1D = PT24H)",
    examples: ["PT4H", "P2D", "PT30M"],
  });
export type IsoDuration = z.infer<typeof IsoDuration>;

/**
 * Milliseconds in a duration that `IsoDuration` accepts. A day is always 24 hours here: an SLA of
 * "P1D" means a day's worth of clock (or working) time, not "the same wall-clock time tomorrow".
 * Throws a RangeError naming the problem for anything `IsoDuration` rejects.
 */
export function durationMs(iso: string): number {
  const reading = read(iso);
  if (!reading.ok) throw new RangeError(`invalid duration "${iso}": ${reading.message}`);
  return reading.ms;
}

/**
 * The ISO-8601 text for a number of milliseconds, largest units first ("P1DT2H", "PT1H30M",
 * "PT0.25S"), rounded to the millisecond. Zero is "PT0S". A negative amount (an overdue SLA's
 * `remaining`) gets a leading "-", the common extension that `IsoDuration` does not accept.
 */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`cannot format ${ms} ms as a duration`);
  const total = Math.round(Math.abs(ms));
  if (total === 0) return "PT0S";
  const days = Math.floor(total / DAY_MS);
  const hours = Math.floor((total % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((total % HOUR_MS) / MINUTE_MS);
  const millis = total % MINUTE_MS;
  const seconds =
    millis % SECOND_MS === 0 ? String(millis / SECOND_MS) : (millis / SECOND_MS).toFixed(3).replace(/0+$/, "");
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${millis ? `${seconds}S` : ""}`;
  return `${ms < 0 ? "-" : ""}P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}
