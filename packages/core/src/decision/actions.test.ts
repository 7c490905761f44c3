import { describe, expect, it } from "vitest";
import type { Interaction } from "../interaction/schema";
import type { Action, Rule } from "../rule";
import { type ActionOutcome, applyRuleActions, dropIgnoredEffects, notificationId } from "./actions";
import { at, interactionFor } from "./test-support";

const base: Interaction = interactionFor({ text: "החזר בבקשה 😡", tags: ["existing"] });

const rule = (then: Action[]): Rule =>
  ({
    id: "r1",
    workspaceId: "default",
    name: "rule one",
    enabled: true,
    order: 1,
    on: ["interaction.received"],
    then,
    stop: false,
    version: 3,
    createdAt: at,
    updatedAt: at,
    updatedBy: "admin",
  }) as Rule;

const apply = (then: Action[], interaction: Interaction = base) =>
  applyRuleActions(interaction, { rule: rule(then), trigger: { type: "interaction.received", eventId: "e1" }, at });

const person = { by: "user:dana", at };

describe("applyRuleActions", () => {
  const cases: Array<{
    name: string;
    action: Action;
    given?: Partial<Interaction>;
    expect: Partial<Interaction>;
    outcome: ActionOutcome;
  }> = [
    {
      name: "tag adds missing tags once",
      action: { type: "tag", tags: ["vip", "existing"] },
      expect: { tags: ["existing", "vip"] },
      outcome: "applied",
    },
    {
      name: "tag of present tags changes nothing",
      action: { type: "tag", tags: ["existing"] },
      expect: { tags: ["existing"] },
      outcome: "unchanged",
    },
    { name: "untag removes", action: { type: "untag", tags: ["existing"] }, expect: { tags: [] }, outcome: "applied" },
    {
      name: "setPriority",
      action: { type: "setPriority", priority: "urgent" },
      expect: { priority: "urgent" },
      outcome: "applied",
    },
    {
      name: "setStatus",
      action: { type: "setStatus", status: "pending" },
      expect: { status: "pending" },
      outcome: "applied",
    },
    {
      name: "assign",
      action: { type: "assign", assignee: "team-he" },
      expect: { assignee: "team-he" },
      outcome: "applied",
    },
    {
      name: "ignore sets status ignored",
      action: { type: "ignore" },
      expect: { status: "ignored" },
      outcome: "applied",
    },
    {
      name: "a person's priority wins",
      action: { type: "setPriority", priority: "urgent" },
      given: { priority: "low", overrides: { priority: person } },
      expect: { priority: "low" },
      outcome: "overridden",
    },
    {
      name: "a tag a person removed is not added back",
      action: { type: "tag", tags: ["complaint"] },
      given: { overrides: { "tag:complaint": person } },
      expect: { tags: ["existing"] },
      outcome: "overridden",
    },
    {
      name: "a tag a person added is not removed",
      action: { type: "untag", tags: ["existing"] },
      given: { overrides: { "tag:existing": person } },
      expect: { tags: ["existing"] },
      outcome: "overridden",
    },
    {
      name: "a person's status wins over ignore",
      action: { type: "ignore" },
      given: { overrides: { status: person } },
      expect: { status: "open" },
      outcome: "overridden",
    },
    {
      name: "escalate raises the level",
      action: { type: "escalate", level: 2, reason: "VIP" },
      expect: { escalation: { level: 2, reason: "VIP", at, by: "rule:r1@3" } },
      outcome: "applied",
    },
    {
      name: "escalate never lowers the level",
      action: { type: "escalate", level: 1 },
      given: { escalation: { level: 2, at, by: "user:dana" } },
      expect: { escalation: { level: 2, at, by: "user:dana" } },
      outcome: "unchanged",
    },
    {
      name: "sync marks the CRM pending",
      action: { type: "sync", target: "salesforce" },
      expect: { sync: { salesforce: { state: "pending" } } },
      outcome: "requested",
    },
    { name: "startSla is requested", action: { type: "startSla", policy: "p1" }, expect: {}, outcome: "requested" },
    { name: "stopSla is requested", action: { type: "stopSla" }, expect: {}, outcome: "requested" },
    {
      name: "notify is requested",
      action: { type: "notify", url: "https://hooks.example/x" },
      expect: {},
      outcome: "requested",
    },
  ];

  it.each(cases)("$name", ({ action, given, expect: wanted, outcome }) => {
    const result = apply([action], { ...base, ...given });
    expect(result.outcomes).toEqual([{ action, outcome }]);
    expect(result.interaction).toMatchObject(wanted);
  });

  it("records one history entry per matched rule, naming the rule and its version", () => {
    const result = apply([
      { type: "tag", tags: ["vip"] },
      { type: "setPriority", priority: "normal" },
    ]);
    expect(result.interaction.history).toEqual([
      {
        at,
        type: "rule",
        by: "rule:r1@3",
        detail: {
          rule: "r1",
          version: 3,
          name: "rule one",
          event: "interaction.received",
          trigger: "e1",
          actions: [
            { type: "tag", tags: ["vip"], outcome: "applied" },
            { type: "setPriority", priority: "normal", outcome: "unchanged" },
          ],
        },
      },
    ]);
  });

  it("writes no history when nothing changed", () => {
    expect(apply([{ type: "tag", tags: ["existing"] }]).interaction.history).toEqual([]);
  });

  it("asks for effects with stable ids", () => {
    const effects = apply([
      { type: "notify", url: "https://hooks.example/x", note: "vip" },
      { type: "sync", target: "hubspot" },
      { type: "startSla", policy: "social" },
    ]).effects;
    expect(effects.map((effect) => effect.type)).toEqual(["notify", "sync", "startSla"]);
    expect(effects[0]).toMatchObject({ notificationId: notificationId("fb_1", "e1", "r1", 0), note: "vip" });
    expect(notificationId("fb_1", "e1", "r1", 0)).not.toBe(notificationId("fb_1", "e2", "r1", 0));
  });

  it("an ignored interaction is neither synced nor timed", () => {
    const result = apply([
      { type: "ignore" },
      { type: "sync", target: "salesforce" },
      { type: "startSla", policy: "p" },
      { type: "notify", url: "https://h.example" },
    ]);
    expect(dropIgnoredEffects(result.interaction, result.effects).map((effect) => effect.type)).toEqual(["notify"]);
  });
});
