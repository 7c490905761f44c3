import { describe, expect, it } from "vitest";
import { compileRules, type Rule } from "../rule";
import { sampleRule } from "../rule/fixtures";
import { runRuleCycle } from "./pass";
import { at, interactionFor } from "./test-support";

const received = { type: "interaction.received" as const, eventId: "e1" };
const cycle = (rules: Rule[], text = "refund please") =>
  runRuleCycle(compileRules(rules), interactionFor({ text }), received, at);
const fired = (result: ReturnType<typeof cycle>) => result.matches.map((match) => match.ruleId);

describe("a rule cycle", () => {
  it("runs matching rules in order, then id", () => {
    const result = cycle([
      sampleRule({ id: "c", order: 20, then: [{ type: "tag", tags: ["c"] }] }),
      sampleRule({ id: "b", order: 10, then: [{ type: "tag", tags: ["b"] }] }),
      sampleRule({ id: "a", order: 20, then: [{ type: "tag", tags: ["a"] }] }),
    ]);
    expect(fired(result)).toEqual(["b", "a", "c"]);
    expect(result.interaction.tags).toEqual(["b", "a", "c"]);
  });

  it("a later rule sees what an earlier one did", () => {
    const result = cycle([
      sampleRule({ id: "tagger", order: 1, then: [{ type: "tag", tags: ["complaint"] }] }),
      sampleRule({
        id: "router",
        order: 2,
        when: { field: "tags", op: "contains", value: "complaint" },
        then: [{ type: "assign", assignee: "care-team" }],
      }),
    ]);
    expect(result.interaction.assignee).toBe("care-team");
  });

  it("stop ends the cycle", () => {
    const result = cycle([
      sampleRule({ id: "first", order: 1, stop: true, then: [{ type: "setPriority", priority: "high" }] }),
      sampleRule({ id: "second", order: 2, then: [{ type: "setPriority", priority: "low" }] }),
      sampleRule({ id: "later", order: 3, on: ["interaction.updated"], then: [{ type: "tag", tags: ["never"] }] }),
    ]);
    expect(fired(result)).toEqual(["first"]);
    expect(result.interaction.priority).toBe("high");
  });

  it("skips rules that do not listen to the trigger, and keyword rules whose words are absent", () => {
    const result = cycle([
      sampleRule({ id: "on-update", on: ["interaction.updated"] }),
      sampleRule({ id: "words", when: { field: "text", op: "containsAny", value: ["broken", "שבור"] } }),
    ]);
    expect(fired(result)).toEqual([]);
    expect(result.passes).toBe(1);
  });

  it("a rule-caused change runs the interaction.updated rules once more, in the same cycle", () => {
    const result = cycle([
      sampleRule({ id: "tag-vip", then: [{ type: "tag", tags: ["vip"] }] }),
      sampleRule({
        id: "vip-updated",
        on: ["interaction.updated"],
        when: { field: "tags", op: "contains", value: "vip" },
        then: [{ type: "setPriority", priority: "urgent" }],
      }),
    ]);
    expect(fired(result)).toEqual(["tag-vip", "vip-updated"]);
    expect(result.interaction.priority).toBe("urgent");
    expect(result.passes).toBe(3);
  });

  it("rules that keep changing each other stop: each fires once per cycle, and passes are bounded", () => {
    const flip = (id: string, from: string, to: string): Rule =>
      sampleRule({
        id,
        on: ["interaction.received", "interaction.updated"],
        when: { field: "tags", op: "contains", value: from },
        then: [
          { type: "untag", tags: [from] },
          { type: "tag", tags: [to] },
        ],
      });
    const rules = [sampleRule({ id: "0-seed", order: 1, then: [{ type: "tag", tags: ["t0"] }] })];
    for (let n = 0; n < 12; n++) rules.push(flip(`flip-${String(n).padStart(2, "0")}`, `t${n}`, `t${(n + 1) % 12}`));
    const result = cycle(rules);
    expect(result.passes).toBeLessThanOrEqual(4);
    expect(new Set(fired(result)).size).toBe(fired(result).length);
  });

  it("the cycle ends as soon as a pass changes nothing", () => {
    const result = cycle([sampleRule({ id: "tag", on: ["interaction.received", "interaction.updated"] })]);
    expect(result.passes).toBe(2);
    expect(result.interaction.history.filter((entry) => entry.type === "rule")).toHaveLength(1);
  });
});
