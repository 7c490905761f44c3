import { describe, expect, it } from "vitest";
import { durationMs, formatDurationMs, IsoDuration } from "./duration";

const HOUR = 3_600_000;

const messages = (input: unknown) => (IsoDuration.safeParse(input).error?.issues ?? []).map((i) => i.message);

describe("durationMs", () => {
  it.each([
    ["PT4H", 4 * HOUR],
    ["PT1H30M", 1.5 * HOUR],
    ["PT90M", 1.5 * HOUR],
    ["P1D", 24 * HOUR],
    ["P1DT12H", 36 * HOUR],
    ["P1W", 7 * 24 * HOUR],
    ["P1W2D", 9 * 24 * HOUR],
    ["PT1.5H", 1.5 * HOUR],
    ["PT1,5H", 1.5 * HOUR],
    ["PT0.5S", 500],
    ["PT0.0015S", 2],
    ["PT45S", 45_000],
  ])("%s is %d ms", (iso, ms) => {
    expect(durationMs(iso)).toBe(ms);
    expect(IsoDuration.parse(iso)).toBe(iso);
  });

  it("throws the reason for text IsoDuration rejects", () => {
    expect(() => durationMs("P1M")).toThrow(
      'invalid duration "P1M": use days, hours, minutes or seconds (years and months have no fixed length)',
    );
    expect(() => durationMs("4 hours")).toThrow(RangeError);
  });
});

describe("IsoDuration", () => {
  it.each([
    ["a year", "P1Y", "use days, hours, minutes or seconds (years and months have no fixed length)"],
    ["a month", "P1M", "use days, hours, minutes or seconds (years and months have no fixed length)"],
    [
      "a month hidden among days",
      "P1M2DT3H",
      "use days, hours, minutes or seconds (years and months have no fixed length)",
    ],
    ["zero", "PT0S", "a duration must be positive (at least 1 ms)"],
    ["under a millisecond", "PT0.0001S", "a duration must be positive (at least 1 ms)"],
    ["negative", "-PT1H", "a duration must be positive"],
    ["plain words", "4 hours", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["hours without T", "P4H", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["a bare P", "P", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["a dangling T", "P1DT", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["text around it", "xPT1Hy", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["units out of order", "PT30M1H", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["lower case", "pt1h", 'expected an ISO-8601 duration such as "PT4H", "P2D" or "P1DT12H"'],
    ["a fraction before the last unit", "PT1.5H30M", "only the last (smallest) unit may have a fraction"],
    ["more than fits in a number", `P${"9".repeat(20)}D`, "a duration this long cannot be represented"],
  ])("rejects %s", (_name, input, expected) => {
    expect(messages(input)).toEqual([expected]);
  });

  it("rejects what is not a string", () => {
    expect(IsoDuration.safeParse(3600).success).toBe(false);
  });
});

describe("formatDurationMs", () => {
  it.each([
    [1.5 * HOUR, "PT1H30M"],
    [4 * HOUR, "PT4H"],
    [26 * HOUR, "P1DT2H"],
    [48 * HOUR, "P2D"],
    [61_000, "PT1M1S"],
    [1_500, "PT1.5S"],
    [250, "PT0.25S"],
    [0, "PT0S"],
    [0.4, "PT0S"],
    [-30 * 60_000, "-PT30M"],
  ])("%d ms is %s", (ms, iso) => {
    expect(formatDurationMs(ms)).toBe(iso);
  });

  it("round-trips through durationMs", () => {
    for (const ms of [1, 999, 1_001, 59_999, 3_600_001, 86_399_999, 90_061_001, 1_234_567_890]) {
      expect(durationMs(formatDurationMs(ms))).toBe(ms);
    }
  });

  it("refuses what is not a number of milliseconds", () => {
    expect(() => formatDurationMs(Number.NaN)).toThrow(RangeError);
  });
});
