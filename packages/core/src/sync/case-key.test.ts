import { describe, expect, it } from "vitest";
import { caseKeyOf, nextCase } from "./case-key";

const now = new Date("2026-11-22T12:00:00.000Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

describe("case keys (CONTRACT §7)", () => {
  it("is the thread id, then #2, #3… for later cases", () => {
    expect(caseKeyOf("104_7001", 1)).toBe("104_7001");
    expect(caseKeyOf("104_7001", 2)).toBe("104_7001#2");
    expect(caseKeyOf("104_7001", 3)).toBe("104_7001#3");
  });

  it.each([
    { name: "a first message opens case 1", current: undefined, next: { seq: 1 } },
    { name: "an open case takes the message", current: { seq: 2 }, next: { seq: 2 } },
    {
      name: "a case closed inside the window is reopened",
      current: { seq: 1, closedAt: daysAgo(6.9) },
      next: { seq: 1 },
    },
    {
      name: "a case closed longer ago gives way to the next",
      current: { seq: 1, closedAt: daysAgo(7.1) },
      next: { seq: 2 },
    },
    { name: "and so on", current: { seq: 2, closedAt: daysAgo(30) }, next: { seq: 3 } },
  ])("$name", ({ current, next }) => {
    expect(nextCase(current, now, 7)).toEqual(next);
  });
});
