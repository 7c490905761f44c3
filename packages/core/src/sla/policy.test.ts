import { describe, expect, it } from "vitest";
import { contractSlaPolicy } from "../../../../tests/support/contract-sla-policy";
import { RelayError } from "../errors";
import { EscalationAt, parseSlaPolicyInput, SlaPolicy, SlaPolicyInput, targetMs } from "./policy";

const minimal = { id: "p", firstResponse: "PT1H" };

/** The RelayError parseSlaPolicyInput throws for `input`. */
function rejection(input: unknown): RelayError {
  try {
    parseSlaPolicyInput(input);
  } catch (error) {
    if (error instanceof RelayError) return error;
    throw error;
  }
  throw new Error("expected parseSlaPolicyInput to throw");
}

const atMessage =
  'expected a percentage of the target below 100 ("80%"), "breach", or an ISO-8601 offset after the breach ("+PT30M")';

describe("parseSlaPolicyInput", () => {
  it("accepts the CONTRACT §6 example, with defaults", () => {
    expect(parseSlaPolicyInput(contractSlaPolicy)).toEqual({
      ...contractSlaPolicy,
      enabled: true,
      order: 100,
      workspaceId: "default",
      pauseWhenPending: true,
    });
  });

  it("accepts a policy with one target and nothing else, running 24/7", () => {
    expect(parseSlaPolicyInput({ resolution: "P2D" })).toEqual({
      resolution: "P2D",
      enabled: true,
      order: 100,
      workspaceId: "default",
      pauseWhenPending: true,
      escalations: [],
    });
  });

  it("accepts every kind of step and action an escalation can take", () => {
    const policy = parseSlaPolicyInput({
      ...minimal,
      calendar: "office",
      when: { field: "author.followers", op: "gte", value: 10000 },
      escalations: [
        { at: "50%", metrics: ["firstResponse"], actions: [{ type: "tag", tags: ["halfway"] }] },
        { at: "99%", actions: [{ type: "untag", tags: ["calm"] }] },
        { at: "1%", actions: [{ type: "assign", assignee: "care-team" }] },
        { at: "breach", actions: [{ type: "setStatus", status: "open" }] },
        { at: "+PT30M", actions: [{ type: "sync", target: "salesforce" }] },
        { at: "+P1DT2H", actions: [{ type: "escalate", level: 3, reason: "a day late" }] },
      ],
    });
    expect(policy.escalations.map((step) => step.at)).toEqual(["50%", "99%", "1%", "breach", "+PT30M", "+P1DT2H"]);
  });

  it("rejects a policy without any target", () => {
    const error = rejection({ id: "p", name: "no target" });
    expect(error.code).toBe("sla_policy.invalid");
    expect(error.kind).toBe("input");
    expect(error.details).toEqual([
      { field: "", message: "needs at least one target: firstResponse, nextResponse, resolution or periodicUpdate" },
    ]);
    expect(error.message).toBe("needs at least one target: firstResponse, nextResponse, resolution or periodicUpdate");
  });

  it("rejects businessHours together with a named calendar", () => {
    const error = rejection({ ...minimal, businessHours: contractSlaPolicy.businessHours, calendar: "office" });
    expect(error.details).toEqual([{ field: "calendar", message: "give businessHours or calendar, not both" }]);
  });

  it.each([
    [
      "years",
      { firstResponse: "P1Y" },
      "firstResponse",
      "use days, hours, minutes or seconds (years and months have no fixed length)",
    ],
    [
      "months",
      { resolution: "P1M" },
      "resolution",
      "use days, hours, minutes or seconds (years and months have no fixed length)",
    ],
    [
      "not a duration",
      { nextResponse: "1 hour" },
      "nextResponse",
      'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"',
    ],
    ["zero", { periodicUpdate: "PT0S" }, "periodicUpdate", "a duration must be positive (at least 1 ms)"],
    [
      "120%",
      { escalations: [{ at: "120%", actions: [{ type: "tag", tags: ["x"] }] }] },
      "escalations[0].at",
      atMessage,
    ],
    [
      "100%",
      { escalations: [{ at: "100%", actions: [{ type: "tag", tags: ["x"] }] }] },
      "escalations[0].at",
      atMessage,
    ],
    ["0%", { escalations: [{ at: "0%", actions: [{ type: "tag", tags: ["x"] }] }] }, "escalations[0].at", atMessage],
    ["+PT", { escalations: [{ at: "+PT", actions: [{ type: "tag", tags: ["x"] }] }] }, "escalations[0].at", atMessage],
    [
      "unsigned offset",
      { escalations: [{ at: "PT30M", actions: [{ type: "tag", tags: ["x"] }] }] },
      "escalations[0].at",
      atMessage,
    ],
    [
      "no actions",
      { escalations: [{ at: "breach", actions: [] }] },
      "escalations[0].actions",
      "needs at least one action",
    ],
    [
      "an unknown metric",
      { escalations: [{ at: "breach", metrics: ["reply"], actions: [{ type: "tag", tags: ["x"] }] }] },
      "escalations[0].metrics[0]",
      expect.stringContaining("Invalid option"),
    ],
    ["an unknown key", { target: "PT1H" }, "target", "unknown key"],
  ])("rejects %s", (_name, patch, field, message) => {
    const error = rejection({ ...minimal, ...patch });
    expect(error.code).toBe("sla_policy.invalid");
    expect(error.details).toContainEqual({ field, message });
  });

  it.each([
    ["unknown", { type: "reply", text: "sorry" }],
    ["rule-only startSla", { type: "startSla", policy: "other" }],
    ["rule-only stopSla", { type: "stopSla" }],
    ["rule-only ignore", { type: "ignore" }],
  ])("rejects an action a step cannot take: %s", (_name, action) => {
    const error = rejection({ ...minimal, escalations: [{ at: "breach", actions: [action] }] });
    expect(error.details).toEqual([
      {
        field: "escalations[0].actions[0].type",
        message:
          "expected an action an escalation can take: tag, untag, setPriority, assign, setStatus, escalate, sync or notify",
      },
    ]);
  });

  it("reports a bad field inside a known step action", () => {
    const error = rejection({
      ...minimal,
      escalations: [{ at: "80%", actions: [{ type: "notify", url: "ftp://example.com/hook" }] }],
    });
    expect(error.details).toEqual([{ field: "escalations[0].actions[0].url", message: "expected an http(s) URL" }]);
  });
});

describe("EscalationAt", () => {
  it.each(["1%", "80%", "99%", "breach", "+PT30M", "+P1D", "+PT0.5S"])("accepts %s", (at) => {
    expect(EscalationAt.safeParse(at).success).toBe(true);
  });

  it.each(["", "80", "80.5%", "1000%", "-PT30M", "+", "+P1Y", "+PT0S", "Breach", " breach"])("rejects %j", (at) => {
    expect(EscalationAt.safeParse(at).success).toBe(false);
  });
});

describe("SlaPolicy (stored)", () => {
  it("needs an id, a version and who updated it", () => {
    expect(SlaPolicy.safeParse({ firstResponse: "PT1H" }).success).toBe(false);
    const stored = SlaPolicy.parse({
      ...contractSlaPolicy,
      version: 2,
      updatedAt: "2026-11-01T00:00:00.000Z",
      updatedBy: "user:admin",
    });
    expect(stored).toMatchObject({ id: "social-first-response", version: 2, enabled: true, pauseWhenPending: true });
  });

  it("the input schema is strict, the stored one is not", () => {
    expect(SlaPolicyInput.safeParse({ ...minimal, version: 1 }).success).toBe(false);
  });
});

describe("targetMs", () => {
  it("is the target in milliseconds, or undefined when the policy has none for that clock", () => {
    const policy = parseSlaPolicyInput(contractSlaPolicy);
    expect(targetMs(policy, "firstResponse")).toBe(15 * 60_000);
    expect(targetMs(policy, "resolution")).toBe(24 * 3_600_000);
    expect(targetMs(policy, "periodicUpdate")).toBeUndefined();
  });
});
