import type * as z from "zod";
import type { BusinessHours } from "../calendar/schema";
import type { SlaClock } from "../interaction/schema";
import type { PolicyLookup } from "./advance";
import type { ResolvedPolicy } from "./clock";
import { SlaPolicy } from "./policy";

/** Shared by the SLA unit tests: policies, calendars and a lookup, all plain data. */

export const t = (iso: string) => new Date(iso);

/** A stored policy with the schema's defaults (id `p`, version 3); override what the case is about. */
export function slaPolicy(overrides: Partial<z.input<typeof SlaPolicy>> = {}): SlaPolicy {
  return SlaPolicy.parse({
    id: "p",
    version: 3,
    updatedAt: "2026-11-01T00:00:00.000Z",
    updatedBy: "user:admin",
    ...overrides,
  });
}

export const resolvedPolicy = (policy: SlaPolicy, calendar?: BusinessHours): ResolvedPolicy => ({ policy, calendar });

/** A lookup over the given policies by id (undefined for any other id). */
export const lookupOf =
  (...policies: ResolvedPolicy[]): PolicyLookup =>
  (id) =>
    policies.find((resolved) => resolved.policy.id === id);

/** Monday to Friday 09:00–17:00 UTC, so expectations read as plain UTC instants. 2026-11-23 is a Monday. */
export const nineToFive: BusinessHours = {
  timezone: "UTC",
  week: {
    mon: [["09:00", "17:00"]],
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "17:00"]],
    fri: [["09:00", "17:00"]],
  },
};

/** A calendar without a single working range: it never opens. */
export const neverOpen: BusinessHours = { timezone: "UTC", week: {} };

/** A running clock as `startClock` makes it, for cases that need a particular shape. */
export function runningClock(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    policy: "p",
    policyVersion: 3,
    target: "PT1H",
    startedAt: "2026-11-22T12:00:00.000Z",
    elapsedMs: 0,
    runningSince: "2026-11-22T12:00:00.000Z",
    dueAt: "2026-11-22T13:00:00.000Z",
    state: "running",
    fired: [],
    ...overrides,
  };
}
