import { describe, expect, it } from "vitest";
import type { BusinessHours } from "./schema";
import { nightShift, office } from "./test-calendars";
import { isWithinBusinessHours } from "./within";

const withHoliday = (calendar: BusinessHours, holidays: string[]): BusinessHours => ({ ...calendar, holidays });

describe("isWithinBusinessHours", () => {
  it.each([
    // Jerusalem is UTC+2 in winter.
    ["weekday, inside", office, "2026-01-04T08:00:00Z", true],
    ["weekday, opening minute", office, "2026-01-04T07:00:00Z", true],
    ["weekday, a minute before opening", office, "2026-01-04T06:59:00Z", false],
    ["weekday, last minute", office, "2026-01-04T15:59:00Z", true],
    ["weekday, closing minute (end is exclusive)", office, "2026-01-04T16:00:00Z", false],
    ["weekend (Saturday has no ranges)", office, "2026-01-03T10:00:00Z", false],
    ["several ranges: first", office, "2026-01-05T09:30:00Z", true],
    ["several ranges: lunch gap", office, "2026-01-05T10:30:00Z", false],
    ["several ranges: second", office, "2026-01-05T11:30:00Z", true],
    ["holiday", office, "2026-12-24T08:00:00Z", false],
    ["day before the holiday", office, "2026-12-23T08:00:00Z", true],
    // New York is UTC-5 in winter; Friday 2026-01-09.
    ["overnight: Friday 23:00", nightShift, "2026-01-10T04:00:00Z", true],
    ["overnight: Saturday 01:00, after midnight", nightShift, "2026-01-10T06:00:00Z", true],
    ["overnight: Saturday 02:00, end exclusive", nightShift, "2026-01-10T07:00:00Z", false],
    ["overnight: Friday 21:00, before start", nightShift, "2026-01-10T02:00:00Z", false],
    ["overnight: Saturday 23:00 (Saturday has no range)", nightShift, "2026-01-11T04:00:00Z", false],
    ["24:00 end: Sunday 23:59", nightShift, "2026-01-12T04:59:00Z", true],
    ["24:00 end: Monday 00:00", nightShift, "2026-01-12T05:00:00Z", false],
  ] as const)("%s", (_name, calendar, iso, expected) => {
    expect(isWithinBusinessHours(calendar, new Date(iso))).toBe(expected);
  });

  it("reads holidays as local dates in the calendar's zone", () => {
    const always: Array<[string, string]> = [["00:00", "24:00"]];
    const week = { wed: always, thu: always, fri: always };
    const jerusalem: BusinessHours = { timezone: "Asia/Jerusalem", week, holidays: ["2026-12-24"] };
    const utc: BusinessHours = { ...jerusalem, timezone: "UTC" };
    // 22:30Z on the 23rd is already 00:30 on the 24th in Jerusalem.
    const instant = new Date("2026-12-23T22:30:00Z");
    expect(isWithinBusinessHours(jerusalem, instant)).toBe(false);
    expect(isWithinBusinessHours(utc, instant)).toBe(true);
  });

  it("gives an overnight range to the day it starts on when holidays apply", () => {
    const saturday1am = new Date("2026-01-10T06:00:00Z");
    expect(isWithinBusinessHours(withHoliday(nightShift, ["2026-01-10"]), saturday1am)).toBe(true);
    expect(isWithinBusinessHours(withHoliday(nightShift, ["2026-01-09"]), saturday1am)).toBe(false);
    expect(isWithinBusinessHours(withHoliday(nightShift, ["2026-01-09"]), new Date("2026-01-10T04:00:00Z"))).toBe(
      false,
    );
  });

  it("follows the wall clock across the New York spring-forward day", () => {
    const sunday = { timezone: "America/New_York", week: { sun: [["09:00", "17:00"]] } } as BusinessHours;
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT; 09:00 is 13:00Z instead of 14:00Z.
    expect(isWithinBusinessHours(sunday, new Date("2026-03-08T13:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours(sunday, new Date("2026-03-08T12:59:00Z"))).toBe(false);
    expect(isWithinBusinessHours(sunday, new Date("2026-03-01T13:00:00Z"))).toBe(false);
    expect(isWithinBusinessHours(sunday, new Date("2026-03-01T14:00:00Z"))).toBe(true);
  });

  it("counts both 01:30s of the New York fall-back day", () => {
    const early = { timezone: "America/New_York", week: { sun: [["01:00", "02:00"]] } } as BusinessHours;
    expect(isWithinBusinessHours(early, new Date("2026-11-01T05:30:00Z"))).toBe(true); // 01:30 EDT
    expect(isWithinBusinessHours(early, new Date("2026-11-01T06:30:00Z"))).toBe(true); // 01:30 EST
    expect(isWithinBusinessHours(early, new Date("2026-11-01T07:00:00Z"))).toBe(false); // 02:00 EST
  });

  it("follows the wall clock across the Jerusalem spring-forward day", () => {
    const calendar = {
      timezone: "Asia/Jerusalem",
      week: { fri: [["02:00", "04:00"]], sun: [["09:00", "18:00"]] },
    } as BusinessHours;
    // 2026-03-27 (Friday): 02:00 IST jumps to 03:00 IDT at 00:00Z.
    expect(isWithinBusinessHours(calendar, new Date("2026-03-26T23:59:00Z"))).toBe(false); // 01:59 IST
    expect(isWithinBusinessHours(calendar, new Date("2026-03-27T00:30:00Z"))).toBe(true); // 03:30 IDT
    expect(isWithinBusinessHours(calendar, new Date("2026-03-27T01:00:00Z"))).toBe(false); // 04:00 IDT
    expect(isWithinBusinessHours(calendar, new Date("2026-03-29T06:00:00Z"))).toBe(true); // 09:00 IDT
    expect(isWithinBusinessHours(calendar, new Date("2026-03-22T06:00:00Z"))).toBe(false); // 08:00 IST
  });

  it("is false for an invalid instant", () => {
    expect(isWithinBusinessHours(office, new Date("nope"))).toBe(false);
  });
});
