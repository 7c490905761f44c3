import { describe, expect, it } from "vitest";
import { explainRule } from "./explain";
import { sampleInteraction, sampleRule } from "./fixtures";

describe("explainRule", () => {
  it("reports every group and leaf with what it saw, without short-circuiting", () => {
    const rule = sampleRule({
      when: {
        all: [
          { field: "direction", op: "eq", value: "outbound" },
          {
            any: [
              { field: "text", op: "containsAny", value: ["refund"] },
              { field: "sentiment.label", op: "eq", value: "negative" },
            ],
          },
          { not: { field: "author.followers", op: "lt", value: 100 } },
        ],
      },
    });
    expect(explainRule(rule, sampleInteraction())).toEqual({
      matched: false,
      conditions: [
        { path: "when", held: false },
        { path: "when.all[0]", field: "direction", op: "eq", value: "outbound", actual: "inbound", held: false },
        { path: "when.all[1]", held: true },
        {
          path: "when.all[1].any[0]",
          field: "text",
          op: "containsAny",
          value: ["refund"],
          actual: "My order arrived broken, I want a refund",
          held: true,
        },
        { path: "when.all[1].any[1]", field: "sentiment.label", op: "eq", value: "negative", held: false },
        { path: "when.all[2]", held: true },
        { path: "when.all[2].not", field: "author.followers", op: "lt", value: 100, actual: 12000, held: false },
      ],
    });
  });

  it("matches a rule without conditions", () => {
    expect(explainRule(sampleRule(), sampleInteraction())).toEqual({ matched: true, conditions: [] });
  });

  it("uses the calendars it is given", () => {
    const rule = sampleRule({ when: { field: "occurredAt", op: "withinBusinessHours", value: "office" } });
    const office = { id: "office", timezone: "UTC", week: { sun: [["00:00", "24:00"]] } } as const;
    const calendars = new Map([["office", { ...office, week: { sun: [["00:00", "24:00"] as [string, string]] } }]]);
    expect(explainRule(rule, sampleInteraction(), { calendars }).matched).toBe(true);
    expect(explainRule(rule, sampleInteraction()).matched).toBe(false);
  });
});
