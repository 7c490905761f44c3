import { describe, expect, it } from "vitest";
import type { NamedCalendar } from "../calendar/schema";
import type { Interaction } from "../interaction/schema";
import { compileRules } from "./compile";
import { explainRule } from "./explain";
import { sampleInteraction, sampleRule } from "./fixtures";
import type { LeafCondition } from "./schema";

const office: NamedCalendar = {
  id: "office",
  timezone: "Asia/Jerusalem",
  week: { sun: [["09:00", "18:00"]] },
};
const calendars = new Map([["office", office]]);

/** Runs one condition through both evaluators; they must agree before the case is judged. */
function holds(leaf: LeafCondition, overrides: Partial<Interaction>): boolean {
  const interaction = sampleInteraction(overrides);
  const rule = sampleRule({ when: leaf });
  const set = compileRules([rule], { calendars });
  const ctx = set.context(interaction);
  const compiled = set.candidates("interaction.received", ctx).some((r) => r.test(interaction, ctx));
  const explained = explainRule(rule, interaction, { calendars }).matched;
  expect(compiled).toBe(explained);
  return compiled;
}

type Case = [string, LeafCondition, Partial<Interaction>, boolean];

const hebrew = { text: "שָׁלוֹם, אני רוצה החזרים על הכסף" };
const emoji = { text: "Thanks 👍🏽 but the box was broken 😡 👨‍👩‍👧" };
const tagged = { tags: ["complaint", "VIP"] };
const attachments = { attachments: [{ type: "image" }, { type: "video", caption: "Unboxing" }] };
const noSentiment = {};

const cases: Case[] = [
  ["eq: case-insensitive", { field: "platform", op: "eq", value: "FaceBook" }, {}, true],
  ["eq: different", { field: "platform", op: "eq", value: "instagram" }, {}, false],
  ["eq: number", { field: "author.followers", op: "eq", value: 12000 }, {}, true],
  ["eq: number is not text", { field: "author.followers", op: "eq", value: "12000" }, {}, false],
  ["eq: niqqud ignored", { field: "text", op: "eq", value: "שָׁלוֹם" }, { text: "שלום" }, true],
  ["eq: missing field", { field: "sentiment.label", op: "eq", value: "negative" }, noSentiment, false],
  ["eq: some list element", { field: "attachments.type", op: "eq", value: "video" }, attachments, true],
  ["neq: different", { field: "platform", op: "neq", value: "instagram" }, {}, true],
  ["neq: equal", { field: "platform", op: "neq", value: "facebook" }, {}, false],
  ["neq: missing field is true", { field: "sentiment.label", op: "neq", value: "negative" }, noSentiment, true],
  ["neq: a list element equals", { field: "attachments.type", op: "neq", value: "video" }, attachments, false],
  ["in: scalar", { field: "platform", op: "in", value: ["instagram", "FACEBOOK"] }, {}, true],
  ["in: scalar absent", { field: "platform", op: "in", value: ["instagram", "x"] }, {}, false],
  ["in: numbers", { field: "author.followers", op: "in", value: [1, 12000] }, {}, true],
  ["in: any tag", { field: "tags", op: "in", value: ["vip", "spam"] }, tagged, true],
  ["in: no tags", { field: "tags", op: "in", value: ["vip"] }, {}, false],
  ["in: missing field", { field: "sentiment.label", op: "in", value: ["negative"] }, noSentiment, false],
  ["nin: scalar", { field: "platform", op: "nin", value: ["instagram"] }, {}, true],
  ["nin: a tag is listed", { field: "tags", op: "nin", value: ["vip"] }, tagged, false],
  ["nin: missing field is true", { field: "sentiment.label", op: "nin", value: ["negative"] }, noSentiment, true],
  ["contains: substring, any case", { field: "text", op: "contains", value: "REFUND" }, {}, true],
  ["contains: inside a word", { field: "text", op: "contains", value: "fund" }, {}, true],
  ["contains: absent", { field: "text", op: "contains", value: "cancel" }, {}, false],
  ["contains: Hebrew with niqqud", { field: "text", op: "contains", value: "הֶחזֵר" }, hebrew, true],
  ["contains: final letter in keyword", { field: "text", op: "contains", value: "שלום" }, hebrew, true],
  ["contains: final letter mid-text", { field: "text", op: "contains", value: "לום," }, hebrew, true],
  ["contains: emoji", { field: "text", op: "contains", value: "😡" }, emoji, true],
  ["contains: emoji without its skin tone", { field: "text", op: "contains", value: "👍" }, emoji, true],
  ["contains: emoji with its skin tone", { field: "text", op: "contains", value: "👍🏽" }, emoji, true],
  ["contains: ZWJ sequence", { field: "text", op: "contains", value: "👨‍👩‍👧" }, emoji, true],
  ["contains: other skin tone", { field: "text", op: "contains", value: "👍🏿" }, emoji, false],
  ["contains: tag element, any case", { field: "tags", op: "contains", value: "vip" }, tagged, true],
  ["contains: tags are elements, not text", { field: "tags", op: "contains", value: "vi" }, tagged, false],
  ["contains: missing field", { field: "author.handle", op: "contains", value: "x" }, {}, false],
  ["containsAny: one hits", { field: "text", op: "containsAny", value: ["nope", "Broken"] }, {}, true],
  ["containsAny: none hit", { field: "text", op: "containsAny", value: ["nope", "zzz"] }, {}, false],
  ["containsAny: Hebrew", { field: "text", op: "containsAny", value: ["קנייה", "כֶּסֶף"] }, hebrew, true],
  ["containsAny: tags", { field: "tags", op: "containsAny", value: ["spam", "VIP"] }, tagged, true],
  ["containsAll: all hit", { field: "text", op: "containsAll", value: ["broken", "refund"] }, {}, true],
  ["containsAll: one missing", { field: "text", op: "containsAll", value: ["broken", "nope"] }, {}, false],
  ["containsAll: emoji", { field: "text", op: "containsAll", value: ["😡", "broken"] }, emoji, true],
  ["containsAll: tags", { field: "tags", op: "containsAll", value: ["vip", "complaint"] }, tagged, true],
  ["containsAll: a tag missing", { field: "tags", op: "containsAll", value: ["vip", "spam"] }, tagged, false],
  ["startsWith: any case", { field: "text", op: "startsWith", value: "my ORDER" }, {}, true],
  ["startsWith: not at the start", { field: "text", op: "startsWith", value: "order" }, {}, false],
  ["startsWith: Hebrew with niqqud", { field: "text", op: "startsWith", value: "שָׁלו" }, hebrew, true],
  ["startsWith: some list element", { field: "attachments.type", op: "startsWith", value: "vid" }, attachments, true],
  ["matches: word boundary", { field: "text", op: "matches", value: "\\brefund\\b" }, {}, true],
  ["matches: case-insensitive", { field: "text", op: "matches", value: "^MY\\s+ORDER" }, {}, true],
  ["matches: \\W keeps its meaning", { field: "text", op: "matches", value: "broken\\W\\s" }, {}, true],
  ["matches: \\W is not \\w", { field: "text", op: "matches", value: "arrive\\W" }, {}, false],
  ["matches: Hebrew final letter", { field: "text", op: "matches", value: "^שָׁלוֹם" }, hebrew, true],
  ["matches: emoji property", { field: "text", op: "matches", value: "\\p{Extended_Pictographic}" }, emoji, true],
  ["matches: no emoji", { field: "text", op: "matches", value: "\\p{Extended_Pictographic}" }, {}, false],
  ["matches: missing field", { field: "author.handle", op: "matches", value: ".*" }, {}, false],
  ["gt: above", { field: "author.followers", op: "gt", value: 10000 }, {}, true],
  ["gt: equal", { field: "author.followers", op: "gt", value: 12000 }, {}, false],
  ["gte: equal", { field: "author.followers", op: "gte", value: 12000 }, {}, true],
  ["lt: equal", { field: "author.followers", op: "lt", value: 12000 }, {}, false],
  ["lte: equal", { field: "author.followers", op: "lte", value: 12000 }, {}, true],
  ["gt: missing field", { field: "author.followers", op: "gt", value: 0 }, { author: { id: "u" } }, false],
  ["gt: instant", { field: "occurredAt", op: "gt", value: "2026-01-01T00:00:00Z" }, {}, true],
  ["lt: same instant, other offset", { field: "occurredAt", op: "lt", value: "2026-01-04T10:00:00+02:00" }, {}, false],
  ["lte: same instant, other offset", { field: "occurredAt", op: "lte", value: "2026-01-04T10:00:00+02:00" }, {}, true],
  ["exists: present", { field: "text", op: "exists" }, {}, true],
  ["exists: missing", { field: "sentiment", op: "exists" }, noSentiment, false],
  ["exists false: missing", { field: "sentiment.label", op: "exists", value: false }, noSentiment, true],
  ["exists false: present", { field: "text", op: "exists", value: false }, {}, false],
  ["withinBusinessHours: Sunday 10:00", { field: "occurredAt", op: "withinBusinessHours", value: "office" }, {}, true],
  [
    "withinBusinessHours: Sunday 20:00",
    { field: "occurredAt", op: "withinBusinessHours", value: "office" },
    { occurredAt: "2026-01-04T18:00:00.000Z" },
    false,
  ],
  [
    "withinBusinessHours: unknown calendar",
    { field: "occurredAt", op: "withinBusinessHours", value: "nope" },
    {},
    false,
  ],
];

describe("operators", () => {
  it.each(cases)("%s", (_name, leaf, overrides, expected) => {
    expect(holds(leaf, overrides)).toBe(expected);
  });
});
