import { describe, expect, it } from "vitest";
import { notificationId } from "../decision/actions";
import { interactionFor } from "../decision/test-support";
import { Interaction, type SlaState } from "../interaction/schema";
import { advanceClocks, nextCheckpoint } from "./advance";
import { pauseClock, startClock, stopClock } from "./clock";
import type { EscalationStep } from "./policy";
import { lookupOf, nineToFive, resolvedPolicy, runningClock, slaPolicy, t } from "./test-support";

const started = "2026-11-22T12:00:00.000Z";
const withClocks = (sla: SlaState, overrides: Partial<Interaction> = {}) =>
  interactionFor({ occurredAt: started, sla, ...overrides });

/** The checkpoint event ids the advance derives: one per clock and checkpoint. */
const eventId = (metric: string, key: string, start = started) => `sla:fb_1:${metric}:${start}:${key}`;

const tagStep = (at: string, tag = at): EscalationStep => ({ at, actions: [{ type: "tag", tags: [tag] }] });

describe("advanceClocks", () => {
  const policy = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", escalations: [tagStep("breach", "late")] }));
  const lookup = lookupOf(policy);
  const fresh = withClocks({ firstResponse: runningClock() });

  it("fires nothing before the first checkpoint", () => {
    const result = advanceClocks(fresh, lookup, t("2026-11-22T12:47:59.999Z"));
    expect(result.triggers).toEqual([]);
    expect(result.effects).toEqual([]);
    expect(result.interaction).toEqual(fresh);
  });

  it("returns the very same interaction when nothing is due", () => {
    expect(advanceClocks(fresh, lookup, t("2026-11-22T12:30:00.000Z")).interaction).toBe(fresh);
  });

  it("returns the same interaction when it has no open clock", () => {
    const none = interactionFor();
    expect(advanceClocks(none, lookup, t("2026-11-22T12:30:00.000Z")).interaction).toBe(none);
    const met = withClocks({ firstResponse: stopClock(runningClock(), t("2026-11-22T12:10:00.000Z")) });
    expect(advanceClocks(met, lookup, t("2026-11-23T12:30:00.000Z")).interaction).toBe(met);
  });

  it("fires the warning at its time, with a trigger and a history entry", () => {
    const result = advanceClocks(fresh, lookup, t("2026-11-22T12:48:00.000Z"));
    expect(result.triggers).toEqual([
      { type: "sla.warning", metric: "firstResponse", policy: "p", eventId: eventId("firstResponse", "warning") },
    ]);
    expect(result.effects).toEqual([]);
    expect(result.interaction.sla?.firstResponse).toEqual({
      ...runningClock(),
      warnedAt: "2026-11-22T12:48:00.000Z",
      fired: ["warning"],
    });
    expect(result.interaction.history).toEqual([
      {
        at: "2026-11-22T12:48:00.000Z",
        type: "sla.warning",
        by: "sla:p@3",
        detail: { metric: "firstResponse", policy: "p", dueAt: "2026-11-22T13:00:00.000Z" },
      },
    ]);
  });

  it("fires each checkpoint exactly once: advancing again, at the same or a later time, fires nothing new", () => {
    const first = advanceClocks(fresh, lookup, t("2026-11-22T13:00:00.000Z"));
    expect(first.triggers.map((trigger) => trigger.type)).toEqual(["sla.warning", "sla.breached"]);
    const clock = first.interaction.sla?.firstResponse;
    expect(clock?.fired).toEqual(["warning", "breach", "step:0"]);
    expect(clock?.state).toBe("breached");
    expect(first.interaction.tags).toEqual(["late"]);

    for (const now of ["2026-11-22T13:00:00.000Z", "2026-11-22T14:00:00.000Z", "2026-11-30T00:00:00.000Z"]) {
      const again = advanceClocks(first.interaction, lookup, t(now));
      expect(again.triggers).toEqual([]);
      expect(again.effects).toEqual([]);
      expect(again.interaction).toEqual(first.interaction);
    }
  });

  it("fires in time order, each checkpoint recorded in the order it fired", () => {
    const ordered = resolvedPolicy(
      slaPolicy({
        firstResponse: "PT1H",
        escalations: [
          { at: "+PT30M", actions: [{ type: "escalate", level: 2 }] },
          { at: "breach", actions: [{ type: "setPriority", priority: "urgent" }] },
          tagStep("50%", "half"),
        ],
      }),
    );
    const result = advanceClocks(fresh, lookupOf(ordered), t("2026-11-22T14:00:00.000Z"));
    expect(result.interaction.sla?.firstResponse?.fired).toEqual(["warning", "step:2", "breach", "step:1", "step:0"]);
    expect(result.interaction.history.map((entry) => [entry.type, entry.detail?.name ?? entry.detail?.metric])).toEqual(
      [
        ["sla.warning", "firstResponse"],
        ["sla.step", "p: 50%"],
        ["sla.breached", "firstResponse"],
        ["sla.step", "p: breach"],
        ["sla.step", "p: +PT30M"],
      ],
    );
    expect(result.interaction.sla?.firstResponse).toMatchObject({
      state: "breached",
      warnedAt: "2026-11-22T12:30:00.000Z",
      breachedAt: "2026-11-22T13:00:00.000Z",
    });
    expect(result.interaction).toMatchObject({ tags: ["half"], priority: "urgent", escalation: { level: 2 } });
  });

  it("fires steps in working time: a `+PT30M` step after a breach at closing waits for the next opening", () => {
    const office = resolvedPolicy(
      slaPolicy({ firstResponse: "PT1H", escalations: [tagStep("+PT30M", "overdue")] }),
      nineToFive,
    );
    const clock = startClock(office, "firstResponse", t("2026-11-23T16:00:00.000Z"));
    const monday = withClocks({ firstResponse: clock }, { occurredAt: "2026-11-23T16:00:00.000Z" });
    const evening = advanceClocks(monday, lookupOf(office), t("2026-11-23T23:00:00.000Z"));
    expect(evening.triggers.map((trigger) => trigger.type)).toEqual(["sla.warning", "sla.breached"]);
    expect(evening.interaction.sla?.firstResponse?.breachedAt).toBe("2026-11-23T17:00:00.000Z");
    expect(evening.interaction.tags).toEqual([]);
    expect(nextCheckpoint(evening.interaction, lookupOf(office))?.toISOString()).toBe("2026-11-24T09:30:00.000Z");
    const tuesday = advanceClocks(evening.interaction, lookupOf(office), t("2026-11-24T09:30:00.000Z"));
    expect(tuesday.interaction.tags).toEqual(["overdue"]);
    expect(tuesday.interaction.sla?.firstResponse?.fired).toEqual(["warning", "breach", "step:0"]);
  });

  it("a late arrival gets its warning, breach and due steps at once, breached at the due time", () => {
    const escalating = resolvedPolicy(
      slaPolicy({
        firstResponse: "PT1H",
        escalations: [tagStep("90%", "nearly"), tagStep("breach", "late"), tagStep("+P3D", "much-later")],
      }),
    );
    const long = "2026-11-20T08:00:00.000Z";
    const clock = runningClock({ startedAt: long, runningSince: long, dueAt: "2026-11-20T09:00:00.000Z" });
    const arrived = withClocks({ firstResponse: clock }, { occurredAt: long });
    const result = advanceClocks(arrived, lookupOf(escalating), t("2026-11-22T12:00:00.000Z"));
    expect(result.triggers).toEqual([
      { type: "sla.warning", metric: "firstResponse", policy: "p", eventId: eventId("firstResponse", "warning", long) },
      { type: "sla.breached", metric: "firstResponse", policy: "p", eventId: eventId("firstResponse", "breach", long) },
    ]);
    expect(result.interaction.sla?.firstResponse).toMatchObject({
      state: "breached",
      warnedAt: "2026-11-20T08:54:00.000Z",
      breachedAt: "2026-11-20T09:00:00.000Z",
      fired: ["warning", "step:0", "breach", "step:1"],
    });
    expect(result.interaction.tags).toEqual(["nearly", "late"]);
    // The +P3D step is still to come.
    expect(nextCheckpoint(result.interaction, lookupOf(escalating))?.toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  it("advances every metric's clock", () => {
    const both = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", resolution: "PT2H" }));
    const interaction = withClocks({
      firstResponse: runningClock(),
      resolution: runningClock({ target: "PT2H", dueAt: "2026-11-22T14:00:00.000Z" }),
    });
    const result = advanceClocks(interaction, lookupOf(both), t("2026-11-22T13:40:00.000Z"));
    expect(result.triggers.map((trigger) => [trigger.metric, trigger.type])).toEqual([
      ["firstResponse", "sla.warning"],
      ["firstResponse", "sla.breached"],
      ["resolution", "sla.warning"],
    ]);
    expect(result.interaction.sla?.resolution?.state).toBe("running");
    expect(result.interaction.sla?.resolution?.warnedAt).toBe("2026-11-22T13:36:00.000Z");
  });

  describe("escalation steps", () => {
    const now = "2026-11-22T13:05:00.000Z";
    const breachStep = (actions: EscalationStep["actions"], overrides: Partial<Interaction> = {}) => {
      const stepPolicy = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", escalations: [{ at: "breach", actions }] }));
      const interaction = withClocks({ firstResponse: runningClock({ fired: ["warning"] }) }, overrides);
      return advanceClocks(interaction, lookupOf(stepPolicy), t(now));
    };
    const rule = { id: "p", version: 3, name: "p: breach" };

    it("apply their actions as a rule would, with a history entry `sla.step` by the policy", () => {
      const result = breachStep([
        { type: "setPriority", priority: "urgent" },
        { type: "assign", assignee: "care-team" },
        { type: "tag", tags: ["sla-breached"] },
        { type: "escalate", level: 2, reason: "first response breached" },
      ]);
      expect(result.interaction).toMatchObject({
        priority: "urgent",
        assignee: "care-team",
        tags: ["sla-breached"],
        escalation: { level: 2, reason: "first response breached", at: now, by: "sla:p@3" },
      });
      expect(result.effects).toEqual([{ type: "escalate", level: 2, reason: "first response breached", rule }]);
      const stepEntry = result.interaction.history.find((entry) => entry.type === "sla.step");
      expect(stepEntry).toEqual({
        at: now,
        type: "sla.step",
        by: "sla:p@3",
        detail: {
          rule: "p",
          version: 3,
          name: "p: breach",
          event: "sla.step",
          trigger: eventId("firstResponse", "step:0"),
          actions: [
            { type: "setPriority", priority: "urgent", outcome: "applied" },
            { type: "assign", assignee: "care-team", outcome: "applied" },
            { type: "tag", tags: ["sla-breached"], outcome: "applied" },
            { type: "escalate", level: 2, reason: "first response breached", outcome: "applied" },
          ],
        },
      });
      expect(result.interaction.history.map((entry) => entry.type)).toEqual(["sla.breached", "sla.step"]);
    });

    it("notify becomes an Effect with a notification id stable for the checkpoint", () => {
      const result = breachStep([{ type: "notify", url: "https://example.com/hook", note: "breached" }]);
      expect(result.effects).toEqual([
        {
          type: "notify",
          notificationId: notificationId("fb_1", eventId("firstResponse", "step:0"), "p", 0),
          url: "https://example.com/hook",
          note: "breached",
          rule,
        },
      ]);
      // Running the same checkpoint again (a retry from the stored state) asks for the same notification.
      expect(breachStep([{ type: "notify", url: "https://example.com/hook", note: "breached" }]).effects).toEqual(
        result.effects,
      );
    });

    it("sync becomes an Effect and marks the CRM sync pending", () => {
      const result = breachStep([{ type: "sync", target: "salesforce" }]);
      expect(result.effects).toEqual([{ type: "sync", target: "salesforce", rule }]);
      expect(result.interaction.sync).toEqual({ salesforce: { state: "pending" } });
    });

    it("an escalation below the level already reached changes nothing", () => {
      const result = breachStep([{ type: "escalate", level: 1 }], {
        escalation: { level: 2, at: started, by: "user:dana" },
      });
      expect(result.effects).toEqual([]);
      expect(result.interaction.escalation).toEqual({ level: 2, at: started, by: "user:dana" });
      expect(result.interaction.history.map((entry) => entry.type)).toEqual(["sla.breached"]);
    });

    it("respect a person's decision: an overridden priority stays, the outcome says so", () => {
      const person = { by: "user:dana", at: started };
      const result = breachStep([{ type: "setPriority", priority: "urgent" }], {
        priority: "low",
        overrides: { priority: person },
      });
      expect(result.interaction.priority).toBe("low");
      const stepEntry = result.interaction.history.find((entry) => entry.type === "sla.step");
      expect(stepEntry?.detail?.actions).toEqual([{ type: "setPriority", priority: "urgent", outcome: "overridden" }]);
      // The step counts as fired all the same: it is not retried.
      expect(result.interaction.sla?.firstResponse?.fired).toEqual(["warning", "breach", "step:0"]);
    });
  });

  it("after a restart between warning and breach, fires only the breach (state survives a JSON round trip)", () => {
    const both = resolvedPolicy(
      slaPolicy({
        firstResponse: "PT1H",
        escalations: [
          { at: "80%", actions: [{ type: "notify", url: "https://example.com/warn" }] },
          { at: "breach", actions: [{ type: "setPriority", priority: "urgent" }] },
        ],
      }),
    );
    const warned = advanceClocks(fresh, lookupOf(both), t("2026-11-22T12:48:00.000Z"));
    expect(warned.triggers.map((trigger) => trigger.type)).toEqual(["sla.warning"]);
    expect(warned.effects.map((effect) => effect.type)).toEqual(["notify"]);

    const stored = Interaction.parse(JSON.parse(JSON.stringify(warned.interaction)));
    expect(nextCheckpoint(stored, lookupOf(both))?.toISOString()).toBe("2026-11-22T13:00:00.000Z");
    const breached = advanceClocks(stored, lookupOf(both), t("2026-11-22T13:00:00.000Z"));
    expect(breached.triggers).toEqual([
      { type: "sla.breached", metric: "firstResponse", policy: "p", eventId: eventId("firstResponse", "breach") },
    ]);
    expect(breached.effects).toEqual([]);
    expect(breached.interaction.priority).toBe("urgent");
    expect(breached.interaction.sla?.firstResponse?.fired).toEqual(["warning", "step:0", "breach", "step:1"]);
    expect(breached.interaction.history.map((entry) => entry.type)).toEqual([
      "sla.warning",
      "sla.step",
      "sla.breached",
      "sla.step",
    ]);
  });

  it("a clock whose policy is gone still warns and breaches, without steps", () => {
    const orphan = withClocks({ firstResponse: runningClock({ policy: "gone", policyVersion: 2 }) });
    const result = advanceClocks(orphan, () => undefined, t("2026-11-22T13:00:00.000Z"));
    expect(result.triggers).toEqual([
      { type: "sla.warning", metric: "firstResponse", policy: "gone", eventId: eventId("firstResponse", "warning") },
      { type: "sla.breached", metric: "firstResponse", policy: "gone", eventId: eventId("firstResponse", "breach") },
    ]);
    expect(result.effects).toEqual([]);
    expect(result.interaction.sla?.firstResponse).toMatchObject({
      state: "breached",
      breachedAt: "2026-11-22T13:00:00.000Z",
      dueAt: "2026-11-22T13:00:00.000Z",
    });
    expect(result.interaction.history.map((entry) => [entry.type, entry.by])).toEqual([
      ["sla.warning", "sla:gone@2"],
      ["sla.breached", "sla:gone@2"],
    ]);
  });

  it("leaves paused and stopped clocks alone", () => {
    const paused = pauseClock(runningClock(), undefined, t("2026-11-22T12:10:00.000Z"));
    const interaction = withClocks({
      resolution: paused,
      firstResponse: stopClock(runningClock(), t("2026-11-22T13:30:00.000Z")),
    });
    const result = advanceClocks(interaction, lookup, t("2026-11-23T12:00:00.000Z"));
    expect(result.triggers).toEqual([]);
    expect(result.interaction.history).toEqual([]);
    expect(result.interaction.sla).toEqual(interaction.sla);
  });
});

describe("nextCheckpoint", () => {
  const policy = resolvedPolicy(
    slaPolicy({ firstResponse: "PT15M", resolution: "PT24H", escalations: [tagStep("+PT1H")] }),
  );
  const lookup = lookupOf(policy);
  const clocksAt = (at: string) => ({
    firstResponse: startClock(policy, "firstResponse", t(at)),
    resolution: startClock(policy, "resolution", t(at)),
  });

  it("is the earliest pending checkpoint across metrics", () => {
    const interaction = withClocks(clocksAt(started));
    expect(nextCheckpoint(interaction, lookup)?.toISOString()).toBe("2026-11-22T12:12:00.000Z");
    const warned = advanceClocks(interaction, lookup, t("2026-11-22T12:12:00.000Z")).interaction;
    expect(nextCheckpoint(warned, lookup)?.toISOString()).toBe("2026-11-22T12:15:00.000Z");
    const breached = advanceClocks(warned, lookup, t("2026-11-22T12:15:00.000Z")).interaction;
    // The first response's +PT1H step.
    expect(nextCheckpoint(breached, lookup)?.toISOString()).toBe("2026-11-22T13:15:00.000Z");
  });

  it("moves on to the other metric once a clock stops", () => {
    const clocks = clocksAt(started);
    const interaction = withClocks({
      ...clocks,
      firstResponse: clocks.firstResponse && stopClock(clocks.firstResponse, t("2026-11-22T12:05:00.000Z")),
    });
    // Resolution: 80% of 24 h.
    expect(nextCheckpoint(interaction, lookup)?.toISOString()).toBe("2026-11-23T07:12:00.000Z");
  });

  it("is undefined when nothing is open", () => {
    expect(nextCheckpoint(interactionFor(), lookup)).toBeUndefined();
    const clocks = clocksAt(started);
    const stopped = withClocks({
      firstResponse: clocks.firstResponse && stopClock(clocks.firstResponse, t("2026-11-22T12:05:00.000Z")),
      resolution: clocks.resolution && stopClock(clocks.resolution, t("2026-11-23T13:00:00.000Z")),
    });
    expect(nextCheckpoint(stopped, lookup)).toBeUndefined();
    const paused = withClocks({
      resolution: pauseClock(runningClock(), undefined, t("2026-11-22T12:10:00.000Z")),
    });
    expect(nextCheckpoint(paused, lookup)).toBeUndefined();
  });

  it("is undefined for a breached clock with nothing left to fire", () => {
    const done = withClocks({
      firstResponse: runningClock({
        state: "breached",
        breachedAt: "2026-11-22T13:00:00.000Z",
        fired: ["warning", "breach", "step:0"],
      }),
    });
    expect(nextCheckpoint(done, lookup)).toBeUndefined();
  });
});
