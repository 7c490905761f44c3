import { describe, expect, it, vi } from "vitest";
import type { Effect, RuleRef } from "../decision/actions";
import { interactionFor } from "../decision/test-support";
import type { Interaction, SlaState } from "../interaction/schema";
import { advanceClocks } from "./advance";
import { pauseClock, type ResolvedPolicy, startClock } from "./clock";
import { reconcileClocks, type SlaInputs } from "./reconcile";
import { lookupOf, nineToFive, resolvedPolicy, runningClock, slaPolicy, t } from "./test-support";

const occurredAt = "2026-11-22T11:58:00.000Z";
const now = "2026-11-22T12:00:00.000Z";
const rule: RuleRef = { id: "r1", version: 2, name: "rule" };

const social = resolvedPolicy(
  slaPolicy({ id: "social", firstResponse: "PT15M", nextResponse: "PT1H", resolution: "PT24H" }),
);

const arrival = (overrides: Partial<Interaction> = {}) =>
  interactionFor({ occurredAt, text: "my order arrived broken, refund please", ...overrides });

/** One rules pass's inputs: a fresh arrival by default, no effects, nothing replied before. */
function inputs(overrides: Partial<SlaInputs> & { policiesList?: ResolvedPolicy[] } = {}): SlaInputs {
  const { policiesList = [social], ...rest } = overrides;
  const after = rest.after ?? arrival();
  return {
    after,
    received: true,
    changes: [],
    effects: [],
    policies: policiesList,
    lookup: lookupOf(...policiesList),
    calendars: undefined,
    brandRepliedBefore: async () => false,
    now: t(now),
    ...rest,
  };
}

const startSla = (policy: string): Effect => ({ type: "startSla", policy, rule });
const metrics = (interaction: Interaction) => Object.keys(interaction.sla ?? {});

describe("reconcileClocks: starts", () => {
  it("starts the first-response and resolution clocks from a rule's startSla, at the event time", async () => {
    const result = await reconcileClocks(inputs({ policiesList: [social], effects: [startSla("social")] }));
    expect(result.sla).toEqual({
      firstResponse: {
        policy: "social",
        policyVersion: 3,
        target: "PT15M",
        startedAt: occurredAt,
        elapsedMs: 0,
        runningSince: occurredAt,
        dueAt: "2026-11-22T12:13:00.000Z",
        state: "running",
        fired: [],
      },
      resolution: {
        policy: "social",
        policyVersion: 3,
        target: "PT24H",
        startedAt: occurredAt,
        elapsedMs: 0,
        runningSince: occurredAt,
        dueAt: "2026-11-23T11:58:00.000Z",
        state: "running",
        fired: [],
      },
    });
    expect(result.history).toEqual([
      {
        at: now,
        type: "sla.started",
        by: "sla:social@3",
        detail: { metric: "firstResponse", policy: "social", state: "running", dueAt: "2026-11-22T12:13:00.000Z" },
      },
      {
        at: now,
        type: "sla.started",
        by: "sla:social@3",
        detail: { metric: "resolution", policy: "social", state: "running", dueAt: "2026-11-23T11:58:00.000Z" },
      },
    ]);
  });

  it("a startSla naming a disabled policy starts nothing (kept, not used)", async () => {
    const disabled = { ...social, policy: { ...social.policy, enabled: false } };
    const result = await reconcileClocks(inputs({ policiesList: [disabled], effects: [startSla("social")] }));
    expect(result.sla).toBeUndefined();
  });

  it("a startSla starts the named policy even on an update, and only that one", async () => {
    const other = resolvedPolicy(slaPolicy({ id: "other", firstResponse: "PT5M" }));
    const autoPicked = resolvedPolicy(
      slaPolicy({ id: "auto", firstResponse: "PT1M", when: { field: "direction", op: "eq", value: "inbound" } }),
    );
    const result = await reconcileClocks(
      inputs({ policiesList: [autoPicked, social, other], effects: [startSla("other")], received: false }),
    );
    expect(metrics(result)).toEqual(["firstResponse"]);
    expect(result.sla?.firstResponse).toMatchObject({ policy: "other", dueAt: "2026-11-22T12:03:00.000Z" });
  });

  it("a startSla naming an unknown policy starts nothing", async () => {
    const result = await reconcileClocks(inputs({ effects: [startSla("missing")] }));
    expect(result.sla).toBeUndefined();
    expect(result.history).toEqual([]);
  });

  it("does not restart a clock the interaction already has", async () => {
    const existing: SlaState = { firstResponse: runningClock({ policy: "social" }) };
    const result = await reconcileClocks(
      inputs({ after: arrival({ sla: existing }), effects: [startSla("social")], received: false }),
    );
    expect(result.sla?.firstResponse).toEqual(existing.firstResponse);
    expect(result.history.map((entry) => entry.detail?.metric)).toEqual(["resolution"]);
  });

  it("starts in business hours from the next opening", async () => {
    const office = resolvedPolicy(slaPolicy({ id: "office", firstResponse: "PT1H" }), nineToFive);
    // Sunday 11:58 UTC: the office opens Monday 09:00.
    const result = await reconcileClocks(inputs({ policiesList: [office], effects: [startSla("office")] }));
    expect(result.sla?.firstResponse?.dueAt).toBe("2026-11-23T10:00:00.000Z");
  });

  describe("without a rule's startSla, on arrival", () => {
    const noWhen = resolvedPolicy(slaPolicy({ id: "manual", order: 1, firstResponse: "PT1M" }));
    const refunds = resolvedPolicy(
      slaPolicy({
        id: "refunds",
        order: 2,
        firstResponse: "PT10M",
        when: { field: "text", op: "containsAny", value: ["refund"] },
      }),
    );
    const everyone = resolvedPolicy(
      slaPolicy({
        id: "everyone",
        order: 3,
        firstResponse: "PT2H",
        resolution: "P2D",
        when: { field: "direction", op: "eq", value: "inbound" },
      }),
    );
    const policiesList = [noWhen, refunds, everyone];

    it("picks the first policy whose conditions hold, in the given order", async () => {
      const refund = await reconcileClocks(inputs({ policiesList }));
      expect(metrics(refund)).toEqual(["firstResponse"]);
      expect(refund.sla?.firstResponse).toMatchObject({ policy: "refunds", dueAt: "2026-11-22T12:08:00.000Z" });

      const hello = await reconcileClocks(inputs({ policiesList, after: arrival({ text: "hello there" }) }));
      expect(metrics(hello)).toEqual(["firstResponse", "resolution"]);
      expect(hello.sla?.firstResponse).toMatchObject({ policy: "everyone", dueAt: "2026-11-22T13:58:00.000Z" });
      expect(hello.sla?.resolution).toMatchObject({ policy: "everyone", dueAt: "2026-11-24T11:58:00.000Z" });

      const reversed = await reconcileClocks(inputs({ policiesList: [everyone, refunds] }));
      expect(reversed.sla?.firstResponse?.policy).toBe("everyone");
    });

    it("a policy without conditions is never picked by itself", async () => {
      const result = await reconcileClocks(inputs({ policiesList: [noWhen] }));
      expect(result.sla).toBeUndefined();
    });

    it("not on updates", async () => {
      const result = await reconcileClocks(inputs({ policiesList, received: false }));
      expect(result.sla).toBeUndefined();
      expect(result.history).toEqual([]);
    });

    it("not for the brand's own (outbound) messages, even when asked by a rule", async () => {
      const outbound = arrival({ direction: "outbound" });
      expect((await reconcileClocks(inputs({ policiesList, after: outbound }))).sla).toBeUndefined();
      const asked = await reconcileClocks(inputs({ policiesList, after: outbound, effects: [startSla("refunds")] }));
      expect(asked.sla).toBeUndefined();
    });

    it("not for a message that arrives resolved or ignored", async () => {
      for (const status of ["resolved", "ignored"] as const) {
        const result = await reconcileClocks(inputs({ policiesList, after: arrival({ status }) }));
        expect(result.sla).toBeUndefined();
      }
    });

    it("not when the interaction already has clocks", async () => {
      const existing: SlaState = { resolution: runningClock({ policy: "social" }) };
      const result = await reconcileClocks(inputs({ policiesList, after: arrival({ sla: existing }) }));
      expect(result.sla).toEqual(existing);
    });
  });

  it("starts nextResponse instead of firstResponse when the brand replied before", async () => {
    const replied = vi.fn(async () => true);
    const result = await reconcileClocks(inputs({ effects: [startSla("social")], brandRepliedBefore: replied }));
    expect(metrics(result)).toEqual(["nextResponse", "resolution"]);
    expect(result.sla?.nextResponse).toMatchObject({ target: "PT1H", dueAt: "2026-11-22T12:58:00.000Z" });
    expect(replied).toHaveBeenCalledTimes(1);
  });

  it("starts firstResponse when the brand has not replied", async () => {
    const result = await reconcileClocks(
      inputs({ effects: [startSla("social")], brandRepliedBefore: async () => false }),
    );
    expect(metrics(result)).toEqual(["firstResponse", "resolution"]);
  });

  it("does not ask whether the brand replied when the policy has no nextResponse target", async () => {
    const firstOnly = resolvedPolicy(slaPolicy({ id: "first", firstResponse: "PT15M" }));
    const replied = vi.fn(async () => true);
    const result = await reconcileClocks(
      inputs({ policiesList: [firstOnly], effects: [startSla("first")], brandRepliedBefore: replied }),
    );
    expect(metrics(result)).toEqual(["firstResponse"]);
    expect(replied).not.toHaveBeenCalled();
  });
});

describe("reconcileClocks: stops, pauses and resumes", () => {
  const later = "2026-11-22T12:10:00.000Z";
  const other = resolvedPolicy(slaPolicy({ id: "other", resolution: "PT8H" }));
  /** An interaction with a social first-response clock and another policy's resolution clock. */
  const timed = (overrides: Partial<Interaction> = {}) =>
    arrival({
      sla: {
        firstResponse: startClock(social, "firstResponse", t(occurredAt)),
        resolution: startClock(other, "resolution", t(occurredAt)),
      },
      ...overrides,
    });
  const pass = (overrides: Partial<SlaInputs>) =>
    reconcileClocks(inputs({ policiesList: [social, other], received: false, now: t(later), ...overrides }));

  it("stopSla by policy stops only that policy's clocks (met in time)", async () => {
    const result = await pass({ after: timed(), effects: [{ type: "stopSla", policy: "social", rule }] });
    expect(result.sla?.firstResponse).toMatchObject({ state: "met", metAt: later });
    expect(result.sla?.resolution?.state).toBe("running");
    expect(result.history).toEqual([
      {
        at: later,
        type: "sla.met",
        by: "sla:social@3",
        detail: {
          metric: "firstResponse",
          policy: "social",
          state: "met",
          dueAt: "2026-11-22T12:13:00.000Z",
          by: "rule:r1@2",
        },
      },
    ]);
  });

  it("stopSla by metric stops only that metric", async () => {
    const result = await pass({ after: timed(), effects: [{ type: "stopSla", metric: "resolution", rule }] });
    expect(result.sla?.firstResponse?.state).toBe("running");
    expect(result.sla?.resolution).toMatchObject({ state: "met", metAt: later });
    expect(result.history.map((entry) => [entry.type, entry.detail?.metric])).toEqual([["sla.met", "resolution"]]);
  });

  it("stopSla with neither stops every open clock; one naming another policy stops none", async () => {
    const all = await pass({ after: timed(), effects: [{ type: "stopSla", rule }] });
    expect([all.sla?.firstResponse?.state, all.sla?.resolution?.state]).toEqual(["met", "met"]);
    const none = await pass({ after: timed(), effects: [{ type: "stopSla", policy: "unrelated", rule }] });
    expect(none.sla).toEqual(timed().sla);
    expect(none.history).toEqual([]);
  });

  it("status resolved stops everything: met in time, stopped after a breach", async () => {
    const resolvedAt = "2026-11-22T12:30:00.000Z";
    // The first response breached at 12:13 (the timer fired); the resolution is within its target.
    const breached = advanceClocks(timed(), lookupOf(social, other), t("2026-11-22T12:13:00.000Z")).interaction;
    expect(breached.sla?.firstResponse?.state).toBe("breached");
    const result = await pass({
      after: { ...breached, status: "resolved" },
      now: t(resolvedAt),
    });
    expect(result.sla?.firstResponse).toMatchObject({
      state: "breached",
      breachedAt: "2026-11-22T12:13:00.000Z",
      stoppedAt: resolvedAt,
    });
    expect(result.sla?.resolution).toMatchObject({ state: "met", metAt: resolvedAt });
    expect(result.history.slice(breached.history.length)).toEqual([
      {
        at: resolvedAt,
        type: "sla.stopped",
        by: "sla:social@3",
        detail: {
          metric: "firstResponse",
          policy: "social",
          state: "breached",
          dueAt: "2026-11-22T12:13:00.000Z",
          reason: "status resolved",
        },
      },
      {
        at: resolvedAt,
        type: "sla.met",
        by: "sla:other@3",
        detail: {
          metric: "resolution",
          policy: "other",
          state: "met",
          dueAt: "2026-11-22T19:58:00.000Z",
          reason: "status resolved",
        },
      },
    ]);
  });

  it("status ignored stops everything too", async () => {
    const result = await pass({ after: timed({ status: "ignored" }) });
    expect([result.sla?.firstResponse?.state, result.sla?.resolution?.state]).toEqual(["met", "met"]);
    expect(result.history.map((entry) => entry.detail?.reason)).toEqual(["status ignored", "status ignored"]);
  });

  it("status pending pauses resolution, not the response clocks", async () => {
    const result = await pass({ after: timed({ status: "pending" }) });
    expect(result.sla?.firstResponse?.state).toBe("running");
    expect(result.sla?.resolution).toMatchObject({ state: "paused", pausedAt: later, elapsedMs: 12 * 60_000 });
    expect(result.history).toEqual([
      {
        at: later,
        type: "sla.paused",
        by: "sla:other@3",
        detail: { metric: "resolution", policy: "other", state: "paused", dueAt: "2026-11-22T19:58:00.000Z" },
      },
    ]);
  });

  it("status open again resumes, with the due time moved by the pause", async () => {
    const paused = timed({ status: "pending" });
    const pausedSla = {
      ...paused.sla,
      resolution: pauseClock(paused.sla?.resolution ?? runningClock(), undefined, t(later)),
    };
    const before = { ...paused, sla: pausedSla };
    const reopened = "2026-11-22T14:10:00.000Z";
    const result = await pass({ after: { ...before, status: "open" }, now: t(reopened) });
    expect(result.sla?.resolution).toMatchObject({ state: "running", runningSince: reopened });
    // 8 h target, 12 min used before the pause: due 7 h 48 min after 14:10.
    expect(result.sla?.resolution?.dueAt).toBe("2026-11-22T21:58:00.000Z");
    expect(result.history.map((entry) => [entry.type, entry.detail?.metric])).toEqual([["sla.resumed", "resolution"]]);
  });

  it("`pauseWhenPending: false` keeps the resolution clock running", async () => {
    const keepGoing = resolvedPolicy(slaPolicy({ id: "other", resolution: "PT8H", pauseWhenPending: false }));
    const result = await reconcileClocks(
      inputs({
        policiesList: [social, keepGoing],
        received: false,
        now: t(later),
        after: timed({ status: "pending" }),
      }),
    );
    expect(result.sla?.resolution?.state).toBe("running");
    expect(result.history).toEqual([]);
  });

  it("an unchanged status does nothing, pending or open", async () => {
    const same = await pass({ after: timed() });
    expect(same.history).toEqual([]);
    expect(same.sla).toEqual(timed().sla);
    const paused = await pass({ after: timed({ status: "pending" }) });
    const stillPending = await pass({ after: paused, now: t("2026-11-22T15:00:00.000Z") });
    expect(stillPending).toEqual(paused);
  });

  it("a clock that ran out before a pause the timer had not caught up with is not met on resolve", async () => {
    const overdue = "2026-11-22T19:59:00.000Z";
    const paused = await pass({ after: timed({ status: "pending" }), now: t(overdue) });
    const result = await pass({
      after: { ...paused, status: "resolved" },
      now: t("2026-11-23T09:00:00.000Z"),
    });
    expect(result.sla?.resolution).toMatchObject({ state: "breached", breachedAt: "2026-11-22T19:58:00.000Z" });
    expect(result.history.at(-1)?.type).toBe("sla.stopped");
  });

  it("`crm.case-answered` stops the response clocks only", async () => {
    const withNext = timed();
    const both = {
      ...withNext,
      sla: { ...withNext.sla, nextResponse: startClock(social, "nextResponse", t(occurredAt)) },
    };
    const result = await pass({ after: both, changes: ["crm.case-answered"] });
    expect(result.sla?.firstResponse).toMatchObject({ state: "met", metAt: later });
    expect(result.sla?.nextResponse).toMatchObject({ state: "met", metAt: later });
    expect(result.sla?.resolution?.state).toBe("running");
    expect(result.history.map((entry) => [entry.type, entry.detail?.metric, entry.detail?.reason])).toEqual([
      ["sla.met", "firstResponse", "crm.case-answered"],
      ["sla.met", "nextResponse", "crm.case-answered"],
    ]);
  });

  it("`crm.case-answered` after the due time stops a response clock as breached", async () => {
    const result = await pass({ after: timed(), changes: ["crm.case-answered"], now: t("2026-11-22T12:20:00.000Z") });
    expect(result.sla?.firstResponse).toMatchObject({
      state: "breached",
      breachedAt: "2026-11-22T12:13:00.000Z",
      stoppedAt: "2026-11-22T12:20:00.000Z",
    });
    expect(result.history.map((entry) => entry.type)).toEqual(["sla.stopped"]);
  });

  it("a closed clock is not touched again", async () => {
    const met = await pass({ after: timed(), effects: [{ type: "stopSla", rule }] });
    const again = await pass({
      after: { ...met, status: "resolved" },
      effects: [{ type: "stopSla", rule }],
      changes: ["crm.case-answered"],
      now: t("2026-11-23T12:00:00.000Z"),
    });
    expect(again.sla).toEqual(met.sla);
    expect(again.history).toEqual(met.history);
  });

  it("starting and stopping in one pass each go on the history", async () => {
    const result = await reconcileClocks(
      inputs({
        after: arrival({ status: "pending" }),
        effects: [startSla("social")],
      }),
    );
    expect(result.history.map((entry) => [entry.type, entry.detail?.metric])).toEqual([
      ["sla.started", "firstResponse"],
      ["sla.started", "resolution"],
      ["sla.paused", "resolution"],
    ]);
    // Paused at the pass's time, with the working time since the event already used.
    expect(result.sla?.resolution).toMatchObject({ state: "paused", pausedAt: now, elapsedMs: 2 * 60_000 });
  });
});
