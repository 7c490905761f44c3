import { describe, expect, it } from "vitest";
import { BusinessHours, NamedCalendar } from "./schema";

const valid = {
  timezone: "Asia/Jerusalem",
  week: { sun: [["09:00", "18:00"]], fri: [["22:00", "02:00"]], sat: [["18:00", "24:00"]] },
  holidays: ["2026-12-25"],
};

const messages = (input: unknown) =>
  (BusinessHours.safeParse(input).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("BusinessHours", () => {
  it("accepts the CONTRACT §6 shape with overnight and 24:00 ranges", () => {
    expect(BusinessHours.parse(valid)).toEqual(valid);
  });

  it.each([
    ["unknown zone", { ...valid, timezone: "Mars/Olympus" }, "timezone: unknown IANA time zone"],
    [
      "hour 25",
      { ...valid, week: { sun: [["09:00", "25:00"]] } },
      "week.sun.0.1: expected a local time HH:MM (00:00–24:00)",
    ],
    [
      "single-digit hour",
      { ...valid, week: { sun: [["9:00", "18:00"]] } },
      "week.sun.0.0: expected a local time HH:MM (00:00–24:00)",
    ],
    ["start at 24:00", { ...valid, week: { sun: [["24:00", "02:00"]] } }, "week.sun.0: a range cannot start at 24:00"],
    ["empty range", { ...valid, week: { sun: [["09:00", "09:00"]] } }, "week.sun.0: a range must not be empty"],
    ["unknown day", { ...valid, week: { sunday: [] } }, 'week: Unrecognized key: "sunday"'],
    ["impossible holiday", { ...valid, holidays: ["2026-02-30"] }, "holidays.0: not a calendar date"],
    ["holiday format", { ...valid, holidays: ["25/12/2026"] }, "holidays.0: expected a local date YYYY-MM-DD"],
  ])("rejects %s", (_name, input, expected) => {
    expect(messages(input)).toContain(expected);
  });
});

describe("NamedCalendar", () => {
  it("adds an id", () => {
    expect(NamedCalendar.parse({ ...valid, id: "il-office" }).id).toBe("il-office");
    expect(NamedCalendar.safeParse(valid).success).toBe(false);
  });
});
