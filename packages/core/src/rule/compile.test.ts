import { afterEach, describe, expect, it, vi } from "vitest";
import type { Interaction } from "../interaction/schema";
import { compileRules } from "./compile";
import { sampleInteraction, sampleRule } from "./fixtures";
import { KeywordMatcher } from "./matcher";
import type { Condition, Rule, RuleEvent } from "./schema";

const refund: Condition = { field: "text", op: "containsAny", value: ["refund", "החזר"] };
const vip: Condition = { field: "author.followers", op: "gte", value: 10_000 };

/** Ids of the rules that match, the way the rules pass runs them. */
function matching(rules: Rule[], interaction: Interaction, event: RuleEvent = "interaction.received") {
  const set = compileRules(rules);
  const ctx = set.context(interaction);
  return set
    .candidates(event, ctx)
    .filter((r) => r.test(interaction, ctx))
    .map((r) => r.rule.id);
}

const candidateIds = (rules: Rule[], interaction: Interaction, event: RuleEvent = "interaction.received") => {
  const set = compileRules(rules);
  return set.candidates(event, set.context(interaction)).map((r) => r.rule.id);
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("compileRules", () => {
  it("orders rules by order, then id, and drops disabled ones", () => {
    const rules = [
      sampleRule({ id: "b", order: 1 }),
      sampleRule({ id: "a", order: 1 }),
      sampleRule({ id: "c", order: 0 }),
      sampleRule({ id: "d", order: -5, enabled: false }),
      sampleRule({ id: "aa", order: 1 }),
    ];
    const set = compileRules(rules);
    expect(set.rules.map((r) => r.rule.id)).toEqual(["c", "a", "aa", "b"]);
    expect(candidateIds(rules, sampleInteraction())).toEqual(["c", "a", "aa", "b"]);
  });

  it("indexes rules by event", () => {
    const rules = [
      sampleRule({ id: "received", on: ["interaction.received"] }),
      sampleRule({ id: "breached", on: ["sla.breached"] }),
      sampleRule({ id: "both", on: ["interaction.received", "sla.breached"] }),
    ];
    const interaction = sampleInteraction();
    expect(candidateIds(rules, interaction, "interaction.received")).toEqual(["both", "received"]);
    expect(candidateIds(rules, interaction, "sla.breached")).toEqual(["both", "breached"]);
    expect(candidateIds(rules, interaction, "sla.warning")).toEqual([]);
  });

  it("treats a rule without when as always matching", () => {
    expect(matching([sampleRule({ id: "always" })], sampleInteraction())).toEqual(["always"]);
  });

  it("matches the CONTRACT §5 rule", () => {
    const when: Condition = {
      all: [
        { field: "direction", op: "eq", value: "inbound" },
        { any: [refund, { field: "sentiment.label", op: "eq", value: "negative" }] },
        vip,
      ],
    };
    const rules = [sampleRule({ id: "vip", when })];
    expect(matching(rules, sampleInteraction())).toEqual(["vip"]);
    expect(
      matching(rules, sampleInteraction({ text: "love it", sentiment: { label: "negative", score: -0.8 } })),
    ).toEqual(["vip"]);
    expect(matching(rules, sampleInteraction({ text: "love it" }))).toEqual([]);
    expect(matching(rules, sampleInteraction({ direction: "outbound" }))).toEqual([]);
  });

  it("leaves out a rule whose required keywords do not occur, without evaluating it", () => {
    const facebook: Condition = { field: "platform", op: "eq", value: "facebook" };
    const rules = [
      sampleRule({ id: "gated", when: { all: [vip, refund] } }),
      sampleRule({ id: "open", when: facebook }),
    ];
    const set = compileRules(rules);
    const pass = (text: string) => {
      const reads = { author: 0 };
      const interaction = sampleInteraction({ text });
      const author = interaction.author;
      const get = () => {
        reads.author++;
        return author;
      };
      Object.defineProperty(interaction, "author", { enumerable: true, get });
      const ctx = set.context(interaction);
      const matched = set
        .candidates("interaction.received", ctx)
        .filter((r) => r.test(interaction, ctx))
        .map((r) => r.rule.id);
      return { matched, reads: reads.author };
    };
    // Only the gated rule reads author.followers: without its keyword, nothing of it runs.
    expect(pass("love the new colours")).toEqual({ matched: ["open"], reads: 0 });
    expect(pass("I want a refund")).toEqual({ matched: ["gated", "open"], reads: 1 });
  });

  it("keeps a gated rule when one of its keywords occurs, niqqud and all", () => {
    const rules = [sampleRule({ id: "gated", when: { all: [vip, refund] } })];
    expect(matching(rules, sampleInteraction({ text: "אני רוצה הֶחְזֵר" }))).toEqual(["gated"]);
  });

  it.each([
    ["under any", { any: [refund, vip] }],
    ["under not", { not: refund }],
    ["on tags (element membership)", { field: "tags", op: "contains", value: "refund" }],
    ["on a mutable text field", { field: "assignee", op: "contains", value: "refund" }],
  ] as Array<[string, Condition]>)("does not gate on a keyword %s", (_name, when) => {
    expect(candidateIds([sampleRule({ id: "r", when })], sampleInteraction({ text: "nothing here" }))).toEqual(["r"]);
  });

  it("scans each text field once per evaluation, however many rules use it", () => {
    const scan = vi.spyOn(KeywordMatcher.prototype, "scan");
    const rules = Array.from({ length: 20 }, (_, i) =>
      sampleRule({
        id: `r${i}`,
        when: { all: [{ field: "text", op: "containsAny", value: [`word${i}`, "broken"] }, { not: refund }] },
      }),
    );
    const set = compileRules(rules);
    const interaction = sampleInteraction({ text: "arrived broken" });
    const ctx = set.context(interaction);
    const matched = set.candidates("interaction.received", ctx).filter((r) => r.test(interaction, ctx));
    expect(matched).toHaveLength(20);
    expect(scan).toHaveBeenCalledTimes(1);
  });

  it("reads fields actions change from the interaction being tested, not the cached one", () => {
    const rules = [
      sampleRule({ id: "tagged", when: { field: "tags", op: "contains", value: "vip" } }),
      sampleRule({ id: "urgent", when: { field: "priority", op: "eq", value: "urgent" } }),
    ];
    const set = compileRules(rules);
    const before = sampleInteraction();
    const ctx = set.context(before);
    const after = { ...before, tags: ["vip"], priority: "urgent" as const };
    const [tagged, urgent] = set.candidates("interaction.received", ctx);
    expect(tagged?.test(before, ctx)).toBe(false);
    expect(tagged?.test(after, ctx)).toBe(true);
    expect(urgent?.test(after, ctx)).toBe(true);
  });

  it("tests every gated rule when the field is not a string at run time", () => {
    const odd = sampleInteraction({ text: ["refund"] as unknown as string });
    const rules = [sampleRule({ id: "gated", when: { all: [refund] } })];
    expect(matching(rules, odd)).toEqual(["gated"]);
  });

  it("agrees with explainRule on an empty keyword that only unvalidated data can hold", () => {
    const rules = [
      sampleRule({ id: "any", when: { field: "text", op: "containsAny", value: ["", "nope"] } }),
      sampleRule({ id: "starts", when: { field: "text", op: "startsWith", value: "" } }),
    ];
    expect(matching(rules, sampleInteraction())).toEqual(["any", "starts"]);
  });

  it("warns about unknown calendars and rules that cannot compile, and keeps the rest", () => {
    const rules = [
      sampleRule({ id: "hours", when: { field: "occurredAt", op: "withinBusinessHours", value: "nope" } }),
      sampleRule({ id: "broken", when: { field: "text", op: "matches", value: "(" } }),
      sampleRule({ id: "fine" }),
    ];
    const set = compileRules(rules, { calendars: new Map() });
    expect(set.warnings).toEqual([
      'rule "broken" skipped: Invalid regular expression: /(/iu: Unterminated group',
      'rule "hours": unknown calendar "nope" (the condition is false)',
    ]);
    expect(matching(rules, sampleInteraction())).toEqual(["fine"]);
  });

  it("derives a version that changes with the rules", () => {
    const one = [sampleRule({ id: "a" }), sampleRule({ id: "b" })];
    expect(compileRules(one).version).toBe(compileRules([...one].reverse()).version);
    expect(compileRules(one).version).not.toBe(
      compileRules([one[0] as Rule, sampleRule({ id: "b", version: 2 })]).version,
    );
    expect(compileRules(one).version).not.toBe(compileRules([one[0] as Rule]).version);
  });
});
