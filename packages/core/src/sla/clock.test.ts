import { describe, expect, it } from "vitest";
import type { BusinessHours } from "../calendar/schema";
import type { SlaClock } from "../interaction/schema";
import type { SlaMetricName } from "../rule/actions";
import {
  type Checkpoint,
  checkpoints,
  isOpenClock,
  pauseClock,
  type ResolvedPolicy,
  remainingOf,
  resumeClock,
  startClock,
  stopClock,
  usedMs,
  warningFraction,
} from "./clock";
import type { EscalationStep } from "./policy";
import { neverOpen, nineToFive, resolvedPolicy, runningClock, slaPolicy, t } from "./test-support";

const MINUTE = 60_000;

/** The CONTRACT §6 hours: Sunday and Monday 09:00–18:00 in Jerusalem (UTC+2 in winter). */
const jerusalem: BusinessHours = {
  timezone: "Asia/Jerusalem",
  week: { sun: [["09:00", "18:00"]], mon: [["09:00", "18:00"]] },
  holidays: ["2026-12-25"],
};

const always = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", resolution: "PT24H" }));

/** A clock that must exist (the calendar opens). */
function started(resolved: ResolvedPolicy, metric: SlaMetricName, at: string): SlaClock {
  const clock = startClock(resolved, metric, t(at));
  if (!clock) throw new Error(`expected ${metric} to start at ${at}`);
  return clock;
}

const steps = (...entries: Array<Pick<EscalationStep, "at"> & Partial<EscalationStep>>): EscalationStep[] =>
  entries.map((entry) => ({ actions: [{ type: "tag", tags: [entry.at] }], ...entry }));

const summary = (list: Checkpoint[]) => list.map(({ key, at, kind }) => ({ key, kind, at: at.toISOString() }));

describe("startClock", () => {
  it("runs 24/7 without business hours: due is the start plus the target", () => {
    expect(startClock(always, "firstResponse", t("2026-11-22T12:00:00.000Z"))).toEqual(
      runningClock({
        startedAt: "2026-11-22T12:00:00.000Z",
        runningSince: "2026-11-22T12:00:00.000Z",
        dueAt: "2026-11-22T13:00:00.000Z",
      }),
    );
    expect(startClock(always, "resolution", t("2026-11-22T12:00:00.000Z"))?.dueAt).toBe("2026-11-23T12:00:00.000Z");
  });

  it("starts nothing for a metric the policy has no target for", () => {
    expect(startClock(always, "nextResponse", t("2026-11-22T12:00:00.000Z"))).toBeUndefined();
    expect(startClock(always, "periodicUpdate", t("2026-11-22T12:00:00.000Z"))).toBeUndefined();
  });

  it("inside business hours counts working time only, carrying over to the next working day", () => {
    const office = resolvedPolicy(slaPolicy({ firstResponse: "PT1H" }), nineToFive);
    // Monday 16:30: half an hour on Monday, half an hour from Tuesday's opening.
    expect(started(office, "firstResponse", "2026-11-23T16:30:00.000Z").dueAt).toBe("2026-11-24T09:30:00.000Z");
    // Monday 10:00: all within the day.
    expect(started(office, "firstResponse", "2026-11-23T10:00:00.000Z").dueAt).toBe("2026-11-23T11:00:00.000Z");
    // Monday 16:00: the target uses the day up exactly, so it is due at closing, not at the next opening.
    expect(started(office, "firstResponse", "2026-11-23T16:00:00.000Z").dueAt).toBe("2026-11-23T17:00:00.000Z");
  });

  it("a start outside business hours is due counting from the next opening", () => {
    const office = resolvedPolicy(slaPolicy({ firstResponse: "PT2H" }), nineToFive);
    // Saturday 10:00 → Monday 09:00 + 2 h.
    const weekend = started(office, "firstResponse", "2026-11-21T10:00:00.000Z");
    expect(weekend.dueAt).toBe("2026-11-23T11:00:00.000Z");
    // The clock still records the platform's event time as its start.
    expect(weekend.startedAt).toBe("2026-11-21T10:00:00.000Z");
    expect(weekend.runningSince).toBe("2026-11-21T10:00:00.000Z");
    // Tuesday 06:00, before opening → Tuesday 09:00 + 2 h.
    expect(started(office, "firstResponse", "2026-11-24T06:00:00.000Z").dueAt).toBe("2026-11-24T11:00:00.000Z");
    // Friday 17:00, just closed → Monday 11:00.
    expect(started(office, "firstResponse", "2026-11-27T17:00:00.000Z").dueAt).toBe("2026-11-30T11:00:00.000Z");
  });

  it("follows the CONTRACT §6 calendar in its own time zone, skipping closed days and holidays", () => {
    const contract = resolvedPolicy(slaPolicy({ firstResponse: "PT15M" }), jerusalem);
    // Friday (closed) → Sunday 09:00 Jerusalem = 07:00 UTC.
    expect(started(contract, "firstResponse", "2026-11-20T10:00:00.000Z").dueAt).toBe("2026-11-22T07:15:00.000Z");
    // Monday 17:50 Jerusalem: 10 minutes left that day, 5 more on the next Sunday.
    expect(started(contract, "firstResponse", "2026-11-23T15:50:00.000Z").dueAt).toBe("2026-11-29T07:05:00.000Z");
    const holiday = resolvedPolicy(slaPolicy({ firstResponse: "PT15M" }), { ...jerusalem, holidays: ["2026-12-27"] });
    // Monday 21 Dec after closing; Sunday 27 Dec is a holiday → Monday 28 Dec 09:00 Jerusalem.
    expect(started(holiday, "firstResponse", "2026-12-21T16:30:00.000Z").dueAt).toBe("2026-12-28T07:15:00.000Z");
  });

  it("returns undefined when the calendar never opens (the clock could never be met or breached)", () => {
    const closed = resolvedPolicy(slaPolicy({ firstResponse: "PT1H" }), neverOpen);
    expect(startClock(closed, "firstResponse", t("2026-11-23T10:00:00.000Z"))).toBeUndefined();
  });
});

describe("pauseClock and resumeClock", () => {
  it("a pause keeps the working time used; resuming moves the due time by the paused time (24/7)", () => {
    const clock = started(always, "firstResponse", "2026-11-22T12:00:00.000Z");
    const paused = pauseClock(clock, undefined, t("2026-11-22T12:20:00.000Z"));
    expect(paused).toEqual({
      ...clock,
      runningSince: undefined,
      elapsedMs: 20 * MINUTE,
      pausedAt: "2026-11-22T12:20:00.000Z",
      state: "paused",
    });
    expect(usedMs(paused, undefined, t("2026-11-22T18:00:00.000Z"))).toBe(20 * MINUTE);

    const resumed = resumeClock(paused, undefined, t("2026-11-22T14:20:00.000Z"));
    expect(resumed).toEqual({
      ...paused,
      pausedAt: undefined,
      runningSince: "2026-11-22T14:20:00.000Z",
      dueAt: "2026-11-22T15:00:00.000Z",
      state: "running",
    });
    expect(usedMs(resumed, undefined, t("2026-11-22T14:30:00.000Z"))).toBe(30 * MINUTE);
  });

  it("with business hours the due time moves by the paused working time only", () => {
    const office = resolvedPolicy(slaPolicy({ resolution: "PT2H" }), nineToFive);
    const clock = started(office, "resolution", "2026-11-23T16:00:00.000Z");
    expect(clock.dueAt).toBe("2026-11-24T10:00:00.000Z");
    // Paused Monday 16:30 (30 min used), resumed Tuesday 08:00 before opening: the pause took
    // 30 minutes of working time (Monday 16:30–17:00), so the due time moves from 10:00 to 10:30.
    const paused = pauseClock(clock, nineToFive, t("2026-11-23T16:30:00.000Z"));
    expect(paused.elapsedMs).toBe(30 * MINUTE);
    const resumed = resumeClock(paused, nineToFive, t("2026-11-24T08:00:00.000Z"));
    expect(resumed.dueAt).toBe("2026-11-24T10:30:00.000Z");
    expect(resumed.runningSince).toBe("2026-11-24T08:00:00.000Z");
  });

  it("a second pause adds to the working time used", () => {
    const clock = started(always, "resolution", "2026-11-22T12:00:00.000Z");
    let next = pauseClock(clock, undefined, t("2026-11-22T13:00:00.000Z"));
    next = resumeClock(next, undefined, t("2026-11-22T15:00:00.000Z"));
    next = pauseClock(next, undefined, t("2026-11-22T16:00:00.000Z"));
    expect(next.elapsedMs).toBe(120 * MINUTE);
    next = resumeClock(next, undefined, t("2026-11-23T00:00:00.000Z"));
    // 22 hours left from midnight.
    expect(next.dueAt).toBe("2026-11-23T22:00:00.000Z");
  });

  it("pausing a breached, met or paused clock does nothing; resuming a running one does nothing", () => {
    const breached = runningClock({ state: "breached", breachedAt: "2026-11-22T13:00:00.000Z" });
    expect(pauseClock(breached, undefined, t("2026-11-22T13:30:00.000Z"))).toBe(breached);
    const met = runningClock({ state: "met", metAt: "2026-11-22T12:30:00.000Z" });
    expect(pauseClock(met, undefined, t("2026-11-22T12:40:00.000Z"))).toBe(met);
    const paused = pauseClock(runningClock(), undefined, t("2026-11-22T12:10:00.000Z"));
    expect(pauseClock(paused, undefined, t("2026-11-22T12:20:00.000Z"))).toBe(paused);
    const running = runningClock();
    expect(resumeClock(running, undefined, t("2026-11-22T12:20:00.000Z"))).toBe(running);
    expect(resumeClock(breached, undefined, t("2026-11-22T13:30:00.000Z"))).toBe(breached);
  });
});

describe("stopClock", () => {
  const clock = runningClock();

  it("is met when the stop's event time is before the due time", () => {
    expect(stopClock(clock, t("2026-11-22T12:40:00.000Z"))).toEqual({
      ...clock,
      runningSince: undefined,
      state: "met",
      metAt: "2026-11-22T12:40:00.000Z",
    });
  });

  it("is met exactly at the due time", () => {
    const stopped = stopClock(clock, t("2026-11-22T13:00:00.000Z"));
    expect(stopped.state).toBe("met");
    expect(stopped.metAt).toBe("2026-11-22T13:00:00.000Z");
  });

  it("is met when the reply came in time even though the breach already fired (the reply arrived late)", () => {
    const breached = runningClock({
      state: "breached",
      breachedAt: "2026-11-22T13:00:00.000Z",
      fired: ["warning", "breach"],
    });
    const stopped = stopClock(breached, t("2026-11-22T12:59:00.000Z"));
    expect(stopped.state).toBe("met");
    expect(stopped.metAt).toBe("2026-11-22T12:59:00.000Z");
    expect(stopped.stoppedAt).toBeUndefined();
    expect(stopped.runningSince).toBeUndefined();
    expect(isOpenClock(stopped)).toBe(false);
  });

  it("after the due time is breached (at the due time) and stopped at the stop", () => {
    const stopped = stopClock(clock, t("2026-11-22T13:20:00.000Z"));
    expect(stopped).toEqual({
      ...clock,
      runningSince: undefined,
      state: "breached",
      breachedAt: "2026-11-22T13:00:00.000Z",
      stoppedAt: "2026-11-22T13:20:00.000Z",
    });
    expect(isOpenClock(stopped)).toBe(false);
  });

  it("keeps the breach time of a clock whose breach fired", () => {
    const breached = runningClock({ state: "breached", breachedAt: "2026-11-22T13:00:00.000Z" });
    const stopped = stopClock(breached, t("2026-11-22T15:00:00.000Z"));
    expect(stopped.state).toBe("breached");
    expect(stopped.breachedAt).toBe("2026-11-22T13:00:00.000Z");
    expect(stopped.stoppedAt).toBe("2026-11-22T15:00:00.000Z");
  });

  it("a paused clock (within its target) is met", () => {
    const paused = pauseClock(clock, undefined, t("2026-11-22T12:30:00.000Z"));
    const stopped = stopClock(paused, t("2026-11-22T18:00:00.000Z"));
    expect(stopped.state).toBe("met");
    expect(stopped.metAt).toBe("2026-11-22T18:00:00.000Z");
    expect(stopped.pausedAt).toBeUndefined();
  });

  it("a clock paused after its due time (breach timer not yet run) is not met when stopped", () => {
    const late = pauseClock(clock, undefined, t("2026-11-22T13:05:00.000Z"));
    const stopped = stopClock(late, t("2026-11-22T14:00:00.000Z"));
    expect(stopped.state).toBe("breached");
    expect(stopped.breachedAt).toBe("2026-11-22T13:00:00.000Z");
    expect(stopped.stoppedAt).toBe("2026-11-22T14:00:00.000Z");
  });

  it("stopping twice changes nothing", () => {
    const met = stopClock(clock, t("2026-11-22T12:40:00.000Z"));
    expect(stopClock(met, t("2026-11-22T12:50:00.000Z"))).toBe(met);
    expect(stopClock(met, t("2026-11-22T14:00:00.000Z"))).toBe(met);
    const late = stopClock(clock, t("2026-11-22T13:20:00.000Z"));
    expect(stopClock(late, t("2026-11-22T13:30:00.000Z"))).toBe(late);
    // Even an earlier event time does not turn a stopped breach into a met clock.
    expect(stopClock(late, t("2026-11-22T12:30:00.000Z"))).toBe(late);
  });
});

describe("warningFraction", () => {
  it("is 80% without percentage steps, else the earliest percentage step", () => {
    expect(warningFraction(slaPolicy({ firstResponse: "PT1H" }))).toBe(0.8);
    expect(warningFraction(slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "breach" }) }))).toBe(0.8);
    expect(
      warningFraction(slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "90%" }, { at: "50%" }) })),
    ).toBe(0.5);
  });
});

describe("checkpoints", () => {
  const plain = resolvedPolicy(slaPolicy({ firstResponse: "PT1H" }));

  it("warns at 80% and breaches at the due time without escalations", () => {
    expect(summary(checkpoints(runningClock(), "firstResponse", plain))).toEqual([
      { key: "warning", kind: "warning", at: "2026-11-22T12:48:00.000Z" },
      { key: "breach", kind: "breach", at: "2026-11-22T13:00:00.000Z" },
    ]);
  });

  it("warns at the earliest percentage step, and places every step", () => {
    const policy = resolvedPolicy(
      slaPolicy({
        firstResponse: "PT1H",
        escalations: steps({ at: "+PT30M" }, { at: "breach" }, { at: "75%" }, { at: "50%" }),
      }),
    );
    const list = checkpoints(runningClock(), "firstResponse", policy);
    expect(summary(list)).toEqual([
      { key: "warning", kind: "warning", at: "2026-11-22T12:30:00.000Z" },
      { key: "step:3", kind: "step", at: "2026-11-22T12:30:00.000Z" },
      { key: "step:2", kind: "step", at: "2026-11-22T12:45:00.000Z" },
      { key: "breach", kind: "breach", at: "2026-11-22T13:00:00.000Z" },
      { key: "step:1", kind: "step", at: "2026-11-22T13:00:00.000Z" },
      { key: "step:0", kind: "step", at: "2026-11-22T13:30:00.000Z" },
    ]);
    expect(list.find((c) => c.key === "step:2")).toMatchObject({ stepIndex: 2, step: { at: "75%" } });
  });

  it("at one instant: the warning before a step, the breach before a breach step", () => {
    const policy = resolvedPolicy(
      slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "breach" }, { at: "80%" }) }),
    );
    expect(summary(checkpoints(runningClock(), "firstResponse", policy)).map((c) => c.key)).toEqual([
      "warning",
      "step:1",
      "breach",
      "step:0",
    ]);
  });

  it("places a `+PT30M` step in working time after the breach", () => {
    const office = resolvedPolicy(
      slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "+PT30M" }) }),
      nineToFive,
    );
    // Monday 16:00 + 1 h is due at closing (17:00); 30 working minutes later is Tuesday 09:30.
    const clock = started(office, "firstResponse", "2026-11-23T16:00:00.000Z");
    expect(summary(checkpoints(clock, "firstResponse", office))).toEqual([
      { key: "warning", kind: "warning", at: "2026-11-23T16:48:00.000Z" },
      { key: "breach", kind: "breach", at: "2026-11-23T17:00:00.000Z" },
      { key: "step:0", kind: "step", at: "2026-11-24T09:30:00.000Z" },
    ]);
  });

  it("places the percentages in working time, from a start outside hours", () => {
    const office = resolvedPolicy(slaPolicy({ firstResponse: "PT2H", escalations: steps({ at: "25%" }) }), nineToFive);
    const clock = started(office, "firstResponse", "2026-11-21T10:00:00.000Z");
    expect(summary(checkpoints(clock, "firstResponse", office))).toEqual([
      { key: "warning", kind: "warning", at: "2026-11-23T09:30:00.000Z" },
      { key: "step:0", kind: "step", at: "2026-11-23T09:30:00.000Z" },
      { key: "breach", kind: "breach", at: "2026-11-23T11:00:00.000Z" },
    ]);
  });

  it("a step with `metrics` watches only those clocks", () => {
    const policy = resolvedPolicy(
      slaPolicy({
        firstResponse: "PT1H",
        resolution: "PT1H",
        escalations: [
          { at: "breach", metrics: ["resolution"], actions: [{ type: "tag", tags: ["late-resolution"] }] },
          {
            at: "breach",
            metrics: ["firstResponse", "nextResponse"],
            actions: [{ type: "tag", tags: ["late-reply"] }],
          },
        ],
      }),
    );
    const keys = (metric: SlaMetricName) => checkpoints(runningClock(), metric, policy).map((c) => c.key);
    expect(keys("firstResponse")).toEqual(["warning", "breach", "step:1"]);
    expect(keys("resolution")).toEqual(["warning", "breach", "step:0"]);
  });

  it("leaves out what already fired", () => {
    const policy = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "90%" }) }));
    const clock = runningClock({ fired: ["warning"], warnedAt: "2026-11-22T12:54:00.000Z" });
    expect(checkpoints(clock, "firstResponse", policy).map((c) => c.key)).toEqual(["step:0", "breach"]);
    const all = runningClock({ fired: ["warning", "step:0", "breach"], state: "breached" });
    expect(checkpoints(all, "firstResponse", policy)).toEqual([]);
  });

  it("after the breach fired, only the steps at or after the breach are left", () => {
    const policy = resolvedPolicy(
      slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "breach" }, { at: "+PT30M" }, { at: "+PT2H" }) }),
    );
    const breached = runningClock({
      state: "breached",
      breachedAt: "2026-11-22T13:00:00.000Z",
      fired: ["warning", "breach", "step:0"],
    });
    expect(summary(checkpoints(breached, "firstResponse", policy))).toEqual([
      { key: "step:1", kind: "step", at: "2026-11-22T13:30:00.000Z" },
      { key: "step:2", kind: "step", at: "2026-11-22T15:00:00.000Z" },
    ]);
  });

  it("has nothing while paused, nor after a stop", () => {
    const policy = resolvedPolicy(slaPolicy({ firstResponse: "PT1H", escalations: steps({ at: "+PT30M" }) }));
    const clock = runningClock();
    expect(checkpoints(pauseClock(clock, undefined, t("2026-11-22T12:10:00.000Z")), "firstResponse", policy)).toEqual(
      [],
    );
    expect(checkpoints(stopClock(clock, t("2026-11-22T12:10:00.000Z")), "firstResponse", policy)).toEqual([]);
    const lateStop = stopClock(
      runningClock({ state: "breached", breachedAt: "2026-11-22T13:00:00.000Z", fired: ["warning", "breach"] }),
      t("2026-11-22T13:10:00.000Z"),
    );
    expect(checkpoints(lateStop, "firstResponse", policy)).toEqual([]);
  });

  it("counts from the working time used before a pause", () => {
    const clock = started(plain, "firstResponse", "2026-11-22T12:00:00.000Z");
    const resumed = resumeClock(
      pauseClock(clock, undefined, t("2026-11-22T12:30:00.000Z")),
      undefined,
      t("2026-11-22T14:00:00.000Z"),
    );
    expect(summary(checkpoints(resumed, "firstResponse", plain))).toEqual([
      { key: "warning", kind: "warning", at: "2026-11-22T14:18:00.000Z" },
      { key: "breach", kind: "breach", at: "2026-11-22T14:30:00.000Z" },
    ]);
  });
});

describe("remainingOf", () => {
  it("is the working time left while running", () => {
    expect(remainingOf(runningClock(), undefined, t("2026-11-22T12:20:00.000Z"))).toBe("PT40M");
    expect(remainingOf(runningClock(), undefined, t("2026-11-22T12:00:00.000Z"))).toBe("PT1H");
  });

  it("is negative once overdue, whether or not the breach fired", () => {
    expect(remainingOf(runningClock(), undefined, t("2026-11-22T13:30:00.000Z"))).toBe("-PT30M");
    const breached = runningClock({ state: "breached", breachedAt: "2026-11-22T13:00:00.000Z" });
    expect(remainingOf(breached, undefined, t("2026-11-22T14:30:00.000Z"))).toBe("-PT1H30M");
    expect(remainingOf(breached, undefined, t("2026-11-24T13:00:00.000Z"))).toBe("-P2D");
  });

  it("counts working time only with business hours", () => {
    const office = resolvedPolicy(slaPolicy({ firstResponse: "PT1H" }), nineToFive);
    const clock = started(office, "firstResponse", "2026-11-23T16:30:00.000Z");
    // Monday 16:50: 20 minutes used.
    expect(remainingOf(clock, nineToFive, t("2026-11-23T16:50:00.000Z"))).toBe("PT40M");
    // Overnight nothing is used.
    expect(remainingOf(clock, nineToFive, t("2026-11-24T08:00:00.000Z"))).toBe("PT30M");
    const breached = { ...clock, state: "breached" as const, breachedAt: clock.dueAt };
    // Due Tuesday 09:30: at Wednesday 09:10 it is 7 h 30 min (Tuesday) + 10 min overdue.
    expect(remainingOf(breached, nineToFive, t("2026-11-25T09:10:00.000Z"))).toBe("-PT7H40M");
  });

  it("stays put while paused", () => {
    const paused = pauseClock(runningClock(), undefined, t("2026-11-22T12:45:00.000Z"));
    expect(remainingOf(paused, undefined, t("2026-11-22T20:00:00.000Z"))).toBe("PT15M");
  });

  it("is undefined once stopped, met or breached", () => {
    expect(
      remainingOf(stopClock(runningClock(), t("2026-11-22T12:30:00.000Z")), undefined, t("2026-11-22T12:40:00.000Z")),
    ).toBeUndefined();
    expect(
      remainingOf(stopClock(runningClock(), t("2026-11-22T13:30:00.000Z")), undefined, t("2026-11-22T14:00:00.000Z")),
    ).toBeUndefined();
  });
});
