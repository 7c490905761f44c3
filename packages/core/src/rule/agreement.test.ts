import { describe, expect, it } from "vitest";
import type { NamedCalendar } from "../calendar/schema";
import type { Interaction } from "../interaction/schema";
import { seededRandom } from "../testing/seeded-random";
import { compileRules } from "./compile";
import { explainRule } from "./explain";
import { sampleInteraction, sampleRule } from "./fixtures";
import { Condition, type LeafCondition, type Rule } from "./schema";

const prng = seededRandom;

const random = prng(20260104);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(items: readonly T[], max: number): T[] =>
  Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items));

const WORDS = [
  "refund",
  "Broken",
  "fund",
  "החזר",
  "הֶחְזֵר",
  "שלום",
  "שָׁלוֹם",
  "כסף",
  "😡",
  "👍",
  "👍🏽",
  "ok",
  "ORDER",
  "ref",
];
const TAGS = ["vip", "VIP", "complaint", "spam", "x"];
const calendar: NamedCalendar = { id: "office", timezone: "Asia/Jerusalem", week: { sun: [["09:00", "18:00"]] } };

function randomInteraction(): Interaction {
  return sampleInteraction({
    platform: pick(["facebook", "instagram", "x"]),
    direction: pick(["inbound", "outbound"]),
    text: some(WORDS, 8).join(pick([" ", "", ", "])),
    tags: random() < 0.3 ? [] : some(TAGS, 3),
    priority: pick(["low", "normal", "high", "urgent"]),
    author: random() < 0.2 ? { id: "u" } : { id: "u", followers: Math.floor(random() * 20_000) },
    ...(random() < 0.5 ? { sentiment: { label: pick(["negative", "neutral", "positive"]), score: 0 } } : {}),
    ...(random() < 0.4 ? { attachments: [{ type: pick(["image", "video"]) }, { type: "image", caption: "ok" }] } : {}),
    occurredAt: new Date(Date.UTC(2026, 0, 4, Math.floor(random() * 24))).toISOString(),
  });
}

function randomLeaf(): LeafCondition {
  switch (Math.floor(random() * 12)) {
    case 0:
      return { field: pick(["text", "platform", "direction"]), op: pick(["eq", "neq"]), value: pick([...WORDS, "x"]) };
    case 1:
      return { field: pick(["text", "tags", "attachments.caption"]), op: "contains", value: pick([...WORDS, ...TAGS]) };
    case 2:
      return {
        field: pick(["text", "tags"]),
        op: pick(["containsAny", "containsAll"]),
        value: some([...WORDS, ...TAGS], 4),
      };
    case 3:
      return {
        field: pick(["platform", "tags", "priority", "sentiment.label"]),
        op: pick(["in", "nin"]),
        value: some(TAGS.concat(["x", "urgent", "negative"]), 3),
      };
    case 4:
      return { field: pick(["text", "attachments.type"]), op: "startsWith", value: pick([...WORDS, "vid"]) };
    case 5:
      return {
        field: "text",
        op: "matches",
        value: pick(["^ref", "fund\\b", "\\p{Extended_Pictographic}", "\\W", "שלום"]),
      };
    case 6:
      return { field: "author.followers", op: pick(["gt", "gte", "lt", "lte"]), value: pick([0, 5000, 10_000]) };
    case 7:
      return { field: "occurredAt", op: pick(["gt", "lt"]), value: "2026-01-04T12:00:00+02:00" };
    case 8:
      return {
        field: pick(["sentiment", "author.followers", "attachments.caption"]),
        op: "exists",
        value: pick([true, false]),
      };
    case 9:
      return { field: "occurredAt", op: "withinBusinessHours", value: pick(["office", "unknown"]) };
    case 10:
      return { field: "text", op: "contains", value: pick(WORDS) };
    default:
      return { field: "text", op: "containsAny", value: some(WORDS, 3) };
  }
}

function randomCondition(depth: number): Condition {
  for (;;) {
    const condition = generate(depth);
    // Only rules an admin could store: the evaluators need not agree on what validation rejects.
    if (Condition.safeParse(condition).success) return condition;
  }
}

function generate(depth: number): Condition {
  const roll = random();
  if (depth <= 0 || roll < 0.4) return randomLeaf();
  if (roll < 0.7) return { all: Array.from({ length: 1 + Math.floor(random() * 3) }, () => generate(depth - 1)) };
  if (roll < 0.9) return { any: Array.from({ length: 1 + Math.floor(random() * 3) }, () => generate(depth - 1)) };
  return { not: generate(depth - 1) };
}

describe("compiled and explaining evaluators", () => {
  it("agree on generated rules and interactions, and the pre-filter never drops a match", () => {
    const calendars = new Map([["office", calendar]]);
    let matches = 0;
    for (let round = 0; round < 40; round++) {
      const rules: Rule[] = Array.from({ length: 25 }, (_, i) => sampleRule({ id: `r${i}`, when: randomCondition(3) }));
      const set = compileRules(rules, { calendars });
      for (let n = 0; n < 25; n++) {
        const interaction = randomInteraction();
        const ctx = set.context(interaction);
        const candidates = new Set(set.candidates("interaction.received", ctx).map((r) => r.rule.id));
        for (const compiled of set.rules) {
          const expected = explainRule(compiled.rule, interaction, { calendars }).matched;
          const context = JSON.stringify({ when: compiled.rule.when, interaction });
          expect(compiled.test(interaction, ctx), context).toBe(expected);
          if (expected) expect(candidates.has(compiled.rule.id), context).toBe(true);
          if (expected) matches++;
        }
      }
    }
    // Guards against a generator so skewed that everything (or nothing) matches.
    expect(matches).toBeGreaterThan(2_000);
    expect(matches).toBeLessThan(20_000);
  });

  it("agree when contexts of one rule set are used interleaved (memo cells and keyword counts are shared)", () => {
    const calendars = new Map([["office", calendar]]);
    for (let round = 0; round < 10; round++) {
      const rules: Rule[] = Array.from({ length: 25 }, (_, i) => sampleRule({ id: `r${i}`, when: randomCondition(3) }));
      const set = compileRules(rules, { calendars });
      const interactions = Array.from({ length: 6 }, randomInteraction);
      const contexts = interactions.map((interaction) => set.context(interaction));
      const expected = interactions.map((interaction) =>
        set.rules.map((compiled) => explainRule(compiled.rule, interaction, { calendars }).matched),
      );
      for (let step = 0; step < 600; step++) {
        const k = Math.floor(random() * interactions.length);
        const interaction = interactions[k] as Interaction;
        const ctx = contexts[k] as ReturnType<typeof set.context>;
        if (random() < 0.2) {
          const list = set.candidates("interaction.received", ctx);
          const order = list.map((rule) => set.rules.indexOf(rule));
          expect(order, "candidates come in rule order").toEqual([...order].sort((a, b) => a - b));
          const candidates = new Set(list);
          set.rules.forEach((compiled, r) => {
            if (expected[k]?.[r]) expect(candidates.has(compiled), compiled.rule.id).toBe(true);
          });
          continue;
        }
        const r = Math.floor(random() * set.rules.length);
        const compiled = set.rules[r] as (typeof set.rules)[number];
        const context = JSON.stringify({ when: compiled.rule.when, interaction });
        expect(compiled.test(interaction, ctx), context).toBe(expected[k]?.[r]);
      }
    }
  });
});
