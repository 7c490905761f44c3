import { describe, expect, it } from "vitest";
import * as z from "zod";
import { RelayError } from "../errors";
import { formatIssues } from "./issues";
import { Condition, parseRuleInput, Rule, RuleInput } from "./schema";

const base = { name: "VIP complaints", then: [{ type: "tag", tags: ["vip"] }] };
const leaf = (field: string, op: string, value?: unknown) => ({ field, op, ...(value === undefined ? {} : { value }) });

/** The RelayError parseRuleInput throws for `input`. */
function rejection(input: unknown): RelayError {
  try {
    parseRuleInput(input);
  } catch (error) {
    if (error instanceof RelayError) return error;
    throw error;
  }
  throw new Error("expected parseRuleInput to throw");
}

describe("parseRuleInput", () => {
  it("accepts the CONTRACT §5 example", () => {
    const rule = parseRuleInput({
      name: "VIP complaints",
      enabled: true,
      order: 10,
      on: ["interaction.received"],
      when: {
        all: [
          { field: "direction", op: "eq", value: "inbound" },
          {
            any: [
              { field: "text", op: "containsAny", value: ["refund", "broken", "החזר"] },
              { field: "sentiment.label", op: "eq", value: "negative" },
            ],
          },
          { field: "author.followers", op: "gte", value: 10000 },
        ],
      },
      then: [
        { type: "tag", tags: ["complaint", "vip"] },
        { type: "setPriority", priority: "urgent" },
        { type: "startSla", policy: "social-first-response" },
        { type: "sync", target: "salesforce" },
      ],
      stop: false,
    });
    expect(rule.order).toBe(10);
    expect(rule.then).toHaveLength(4);
  });

  it("applies defaults", () => {
    expect(parseRuleInput(base)).toEqual({
      ...base,
      enabled: true,
      order: 100,
      on: ["interaction.received"],
      stop: false,
      workspaceId: "default",
    });
  });

  it("throws rule.invalid with the exact message for an unknown operator", () => {
    const error = rejection({ ...base, when: { all: [leaf("text", "contains", "x"), leaf("text", "containz", "x")] } });
    expect(error.code).toBe("rule.invalid");
    expect(error.kind).toBe("input");
    expect(error.message).toBe('when.all[1].op: unknown operator "containz"');
    expect(error.details).toEqual([{ field: "when.all[1].op", message: 'unknown operator "containz"' }]);
  });

  it.each([
    ["unknown field", { when: leaf("author.nickname", "eq", "x") }, "when.field", 'unknown field "author.nickname"'],
    ["unknown nested field", { when: { not: leaf("txt", "exists") } }, "when.not.field", 'unknown field "txt"'],
    [
      "bad regex",
      { when: { any: [leaf("text", "matches", "(refund")] } },
      "when.any[0].value",
      "invalid regular expression: Invalid regular expression: /(refund/iu: Unterminated group",
    ],
    [
      "in needs an array",
      { when: leaf("platform", "in", "facebook") },
      "when.value",
      "in needs a non-empty array of strings or numbers",
    ],
    [
      "in needs a non-empty array",
      { when: leaf("platform", "in", []) },
      "when.value",
      "in needs a non-empty array of strings or numbers",
    ],
    [
      "gt needs a number or date-time",
      { when: leaf("author.followers", "gt", "many") },
      "when.value",
      "gt needs a number or an ISO-8601 date-time",
    ],
    [
      "gt on a number field needs a number",
      { when: leaf("author.followers", "gt", "2026-01-01T00:00:00Z") },
      "when.value",
      '"author.followers" is a number',
    ],
    [
      "gt on text",
      { when: leaf("text", "gt", 3) },
      "when.op",
      'gt applies to numbers and date-times; "text" is neither',
    ],
    [
      "eq with an object",
      { when: leaf("text", "eq", { a: 1 }) },
      "when.value",
      "expected a string, number, boolean or an array of strings and numbers",
    ],
    ["eq with an array", { when: leaf("text", "eq", ["a"]) }, "when.value", "eq needs a string, number or boolean"],
    ["eq with a number on text", { when: leaf("platform", "eq", 3) }, "when.value", '"platform" holds text'],
    [
      "enum value",
      { when: leaf("priority", "in", ["high", "urgnt"]) },
      "when.value",
      '"urgnt" is not one of low, normal, high, urgent',
    ],
    ["exists with a string", { when: leaf("text", "exists", "yes") }, "when.value", "exists takes true or false"],
    [
      "contains on a number",
      { when: leaf("author.followers", "contains", 3) },
      "when.op",
      'contains applies to text and lists; "author.followers" is a number',
    ],
    [
      "keyword of niqqud only",
      { when: leaf("text", "contains", "ְ") },
      "when.value",
      "keywords must not be empty (after removing niqqud)",
    ],
    [
      "empty keyword",
      { when: leaf("text", "containsAny", ["a", ""]) },
      "when.value",
      "keywords must not be empty (after removing niqqud)",
    ],
    [
      "withinBusinessHours on text",
      { when: leaf("text", "withinBusinessHours", "office") },
      "when.field",
      'withinBusinessHours needs a date-time field such as occurredAt; "text" is not one',
    ],
    [
      "withinBusinessHours without a calendar",
      { when: leaf("occurredAt", "withinBusinessHours") },
      "when.value",
      "withinBusinessHours needs a calendar id",
    ],
    [
      "an object field",
      { when: leaf("author", "eq", "x") },
      "when.op",
      '"author" is an object: only exists applies to it',
    ],
    ["missing op", { when: { field: "text" } }, "when.op", "required"],
    ["empty all", { when: { all: [] } }, "when.all", "needs at least one condition"],
    ["unknown key in a leaf", { when: { ...leaf("text", "exists"), extra: 1 } }, "when.extra", "unknown key"],
    [
      "two group keys",
      { when: { all: [leaf("text", "exists")], any: [leaf("text", "exists")] } },
      "when",
      "expected exactly one of {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}",
    ],
    [
      "an empty condition",
      { when: {} },
      "when",
      "expected exactly one of {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}",
    ],
    ["a nested condition's key", { when: { not: { any: [{ field: "text" }] } } }, "when.not.any[0].op", "required"],
    ["unknown action", { then: [{ type: "tagg", tags: ["x"] }] }, "then[0].type", 'unknown action "tagg"'],
    ["action without type", { then: [{ tags: ["x"] }] }, "then[0].type", "required"],
    [
      "action field",
      { then: [{ type: "setPriority", priority: "asap" }] },
      "then[0].priority",
      'Invalid option: expected one of "low"|"normal"|"high"|"urgent"',
    ],
    ["notify url", { then: [{ type: "notify", url: "ftp://example.com" }] }, "then[0].url", "expected an http(s) URL"],
    [
      "escalate level",
      { then: [{ type: "escalate", level: 0 }] },
      "then[0].level",
      "Too small: expected number to be >=1",
    ],
    ["missing then", { then: undefined }, "then", "required"],
    ["empty then", { then: [] }, "then", "needs at least one action"],
    ["bad id", { id: "Not A Slug" }, "id", "expected a slug: a-z, 0-9, _ and -, at most 64 characters"],
    ["unknown event", { on: ["interaction.deleted"] }, "on[0]", expect.stringContaining("Invalid option")],
    ["unknown rule key", { priority: 1 }, "priority", "unknown key"],
  ])("reports %s", (_name, patch, field, message) => {
    const error = rejection({ ...base, ...patch });
    expect(error.details).toContainEqual({ field, message });
    expect(error.message).not.toContain("Invalid input");
  });

  it("reports several issues at once", () => {
    const error = rejection({ when: leaf("nope", "eq", 1), then: [{ type: "ignore", extra: true }] });
    expect(error.details).toEqual([
      { field: "name", message: "required" },
      { field: "when.field", message: 'unknown field "nope"' },
      { field: "then[0].extra", message: "unknown key" },
    ]);
    expect(error.message).toBe('name: required; when.field: unknown field "nope"; then[0].extra: unknown key');
  });
});

describe("Rule", () => {
  it("requires an id and a version on a stored rule", () => {
    const stored = { ...parseRuleInput(base), id: "vip", version: 1, createdAt: "2026-01-01T00:00:00Z" };
    const stamped = { ...stored, updatedAt: "2026-01-01T00:00:00Z", updatedBy: "admin" };
    expect(Rule.parse(stamped).id).toBe("vip");
    expect(formatIssues(Rule.safeParse({ ...stamped, id: undefined, version: 0 }).error ?? { issues: [] })).toEqual([
      { field: "id", message: "required" },
      { field: "version", message: "Too small: expected number to be >=1" },
    ]);
  });

  it("documents itself as JSON Schema for OpenAPI", () => {
    const schema = z.toJSONSchema(RuleInput, { io: "input" }) as { $defs?: Record<string, unknown> };
    expect(Object.keys(schema.$defs ?? {})).toEqual(expect.arrayContaining(["RuleCondition", "RuleAction"]));
    expect(z.toJSONSchema(Condition)).toBeTruthy();
  });
});
