import { afterEach, describe, expect, it, vi } from "vitest";
import { seededRandom } from "../testing/seeded-random";
import { addWorkingTime, nextOpening, workingTimeBetween } from "./business-time";
import type { BusinessHours } from "./schema";
import { nightShift, office } from "./test-calendars";
import { isWithinBusinessHours } from "./within";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

/** Ranges that start, end, overlap and run overnight right where New York's clocks change. */
const dstEdges: BusinessHours = {
  timezone: "America/New_York",
  week: {
    sat: [["20:00", "02:30"]],
    sun: [
      ["01:00", "03:00"],
      ["02:30", "06:00"],
      ["22:00", "24:00"],
    ],
    mon: [["00:00", "01:30"]],
    wed: [["09:00", "17:00"]],
  },
  holidays: ["2026-07-04", "2026-12-26"],
};

const allDay = (timezone: string, day: keyof BusinessHours["week"]): BusinessHours => ({
  timezone,
  week: { [day]: [["00:00", "24:00"]] },
});

describe("without a calendar (24/7)", () => {
  it("is plain clock arithmetic", () => {
    const start = at("2026-03-08T06:30:00Z");
    expect(iso(addWorkingTime(undefined, start, 90 * MINUTE))).toBe("2026-03-08T08:00:00.000Z");
    expect(workingTimeBetween(undefined, start, at("2026-03-09T06:30:00Z"))).toBe(DAY);
    expect(nextOpening(undefined, start)).toEqual(start);
  });
});

describe("addWorkingTime", () => {
  it.each([
    ["within a day", office, "2026-01-04T07:00:00Z", 4 * HOUR, "2026-01-04T11:00:00.000Z"],
    ["across the lunch gap", office, "2026-01-05T09:00:00Z", 2 * HOUR, "2026-01-05T12:00:00.000Z"],
    ["to closing time exactly, not the next opening", office, "2026-01-04T15:00:00Z", HOUR, "2026-01-04T16:00:00.000Z"],
    ["overnight: past midnight", nightShift, "2026-01-10T04:00:00Z", 2 * HOUR, "2026-01-10T06:00:00.000Z"],
    ["overnight: on to Sunday evening", nightShift, "2026-01-10T04:00:00Z", 3.5 * HOUR, "2026-01-11T23:30:00.000Z"],
    ["over the weekend", office, "2026-01-09T10:00:00Z", 2 * HOUR, "2026-01-11T08:00:00.000Z"],
    ["over a holiday", office, "2026-12-23T15:00:00Z", 2 * HOUR, "2026-12-25T08:00:00.000Z"],
    [
      "from outside hours: waits for the opening",
      office,
      "2026-01-06T08:00:00Z",
      30 * MINUTE,
      "2026-01-07T07:30:00.000Z",
    ],
    ["from outside hours, by a minute", office, "2026-01-04T16:00:00Z", MINUTE, "2026-01-05T07:01:00.000Z"],
    ["with seconds and milliseconds", office, "2026-01-04T07:00:00.250Z", 1_500, "2026-01-04T07:00:01.750Z"],
    ["zero: due at once, even when closed", office, "2026-01-06T08:00:00Z", 0, "2026-01-06T08:00:00.000Z"],
    ["several weeks", office, "2026-01-04T07:00:00Z", 84 * HOUR, "2026-01-18T15:00:00.000Z"],
  ] as const)("%s", (_name, calendar, start, ms, due) => {
    expect(iso(addWorkingTime(calendar, at(start), ms))).toBe(due);
  });

  it("drops an overnight range whose start day is a holiday, after midnight too", () => {
    const friday9pm = at("2026-01-10T02:00:00Z");
    // Holiday on Friday: nothing until Sunday 18:00.
    expect(iso(addWorkingTime({ ...nightShift, holidays: ["2026-01-09"] }, friday9pm, HOUR))).toBe(
      "2026-01-12T00:00:00.000Z",
    );
    // Holiday on Saturday: Friday's range still runs past midnight into it.
    expect(iso(addWorkingTime({ ...nightShift, holidays: ["2026-01-10"] }, friday9pm, 3 * HOUR))).toBe(
      "2026-01-10T06:00:00.000Z",
    );
  });

  it("merges touching and overlapping ranges into one stretch", () => {
    // Saturday 20:00 EDT to Sunday 06:00 EDT on 2026-06-06/07: three ranges, ten hours.
    const saturday8pm = at("2026-06-07T00:00:00Z");
    expect(iso(addWorkingTime(dstEdges, saturday8pm, 10 * HOUR))).toBe("2026-06-07T10:00:00.000Z");
    expect(workingTimeBetween(dstEdges, saturday8pm, at("2026-06-07T12:00:00Z"))).toBe(10 * HOUR);
  });

  it("refuses a negative or non-finite amount and an invalid start", () => {
    expect(() => addWorkingTime(office, at("2026-01-04T07:00:00Z"), -1)).toThrow(RangeError);
    expect(() => addWorkingTime(office, at("2026-01-04T07:00:00Z"), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingTime(office, at("nope"), HOUR)).toThrow("start is not a valid Date");
  });
});

describe("workingTimeBetween", () => {
  it.each([
    ["inside one range", office, "2026-01-04T08:00:00Z", "2026-01-04T09:30:00Z", 90 * MINUTE],
    ["over the lunch gap", office, "2026-01-05T09:00:00Z", "2026-01-05T12:00:00Z", 2 * HOUR],
    ["a whole office week", office, "2026-01-03T00:00:00Z", "2026-01-10T00:00:00Z", 38 * HOUR],
    ["a week with a holiday", office, "2026-12-20T00:00:00Z", "2026-12-27T00:00:00Z", 29 * HOUR],
    ["from inside an overnight range", nightShift, "2026-01-10T06:00:00Z", "2026-01-12T00:00:00Z", 2 * HOUR],
    ["closed all along", office, "2026-01-06T00:00:00Z", "2026-01-06T23:00:00Z", 0],
    ["backwards", office, "2026-01-05T00:00:00Z", "2026-01-04T00:00:00Z", 0],
  ] as const)("%s", (_name, calendar, from, to, ms) => {
    expect(workingTimeBetween(calendar, at(from), at(to))).toBe(ms);
  });
});

describe("nextOpening", () => {
  it("is the instant itself while open", () => {
    expect(iso(nextOpening(office, at("2026-01-04T08:00:00Z")))).toBe("2026-01-04T08:00:00.000Z");
  });

  it("is the next range's start while closed", () => {
    expect(iso(nextOpening(office, at("2026-01-06T08:00:00Z")))).toBe("2026-01-07T07:00:00.000Z");
    expect(iso(nextOpening(office, at("2026-01-05T10:00:00Z")))).toBe("2026-01-05T11:00:00.000Z");
    expect(iso(nextOpening(office, at("2026-01-04T16:00:00Z")))).toBe("2026-01-05T07:00:00.000Z");
    expect(iso(nextOpening(office, at("2026-12-23T16:00:00Z")))).toBe("2026-12-25T07:00:00.000Z");
  });
});

describe("daylight saving time", () => {
  it("counts 23 hours in New York's spring-forward Sunday and 25 in its fall-back Sunday", () => {
    const sunday = allDay("America/New_York", "sun");
    // 2026-03-08 00:00 EST is 05:00Z; 2026-03-09 00:00 EDT is 04:00Z.
    expect(workingTimeBetween(sunday, at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"))).toBe(23 * HOUR);
    expect(iso(addWorkingTime(sunday, at("2026-03-08T05:00:00Z"), 3 * HOUR))).toBe("2026-03-08T08:00:00.000Z");
    expect(iso(addWorkingTime(sunday, at("2026-03-08T05:00:00Z"), 23 * HOUR))).toBe("2026-03-09T04:00:00.000Z");
    // 2026-11-01 00:00 EDT is 04:00Z; 2026-11-02 00:00 EST is 05:00Z.
    expect(workingTimeBetween(sunday, at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"))).toBe(25 * HOUR);
    expect(iso(addWorkingTime(sunday, at("2026-11-01T04:00:00Z"), 25 * HOUR))).toBe("2026-11-02T05:00:00.000Z");
  });

  it("counts 23 hours in Jerusalem's spring-forward Friday and 25 in its fall-back Sunday", () => {
    // 2026-03-27 00:00 IST is 03-26 22:00Z; 2026-03-28 00:00 IDT is 03-27 21:00Z.
    const friday = allDay("Asia/Jerusalem", "fri");
    expect(workingTimeBetween(friday, at("2026-03-25T00:00:00Z"), at("2026-03-29T00:00:00Z"))).toBe(23 * HOUR);
    expect(iso(nextOpening(friday, at("2026-03-26T12:00:00Z")))).toBe("2026-03-26T22:00:00.000Z");
    // 2026-10-25 00:00 IDT is 10-24 21:00Z; 2026-10-26 00:00 IST is 10-25 22:00Z.
    const sunday = allDay("Asia/Jerusalem", "sun");
    expect(workingTimeBetween(sunday, at("2026-10-23T00:00:00Z"), at("2026-10-27T00:00:00Z"))).toBe(25 * HOUR);
    expect(iso(addWorkingTime(sunday, at("2026-10-24T21:00:00Z"), 25 * HOUR))).toBe("2026-10-25T22:00:00.000Z");
  });

  it("follows the wall clock for office hours either side of Jerusalem's change", () => {
    // Thursday 17:00 IST: one hour left; Friday opens at 09:00 IDT, 06:00Z.
    expect(iso(addWorkingTime(office, at("2026-03-26T15:00:00Z"), 3 * HOUR))).toBe("2026-03-27T08:00:00.000Z");
    // Thursday 17:00 IDT to Sunday 10:00 IST: one hour, four hours, one hour.
    expect(workingTimeBetween(office, at("2026-10-22T14:00:00Z"), at("2026-10-25T08:00:00Z"))).toBe(6 * HOUR);
  });

  it("moves a start in the spring-forward gap forward by the gap", () => {
    const early = { timezone: "America/New_York", week: { sun: [["02:30", "05:00"]] } } as BusinessHours;
    // 02:30 does not exist on 2026-03-08: it reads as 03:30 EDT, 07:30Z.
    expect(iso(nextOpening(early, at("2026-03-08T05:00:00Z")))).toBe("2026-03-08T07:30:00.000Z");
    expect(workingTimeBetween(early, at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"))).toBe(90 * MINUTE);
    // A week earlier it is 02:30 EST, 07:30Z too, but the range is 2.5 hours long.
    expect(workingTimeBetween(early, at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z"))).toBe(150 * MINUTE);
  });

  it("starts a range at the first of two identical fall-back times", () => {
    const early = { timezone: "America/New_York", week: { sun: [["01:30", "03:00"]] } } as BusinessHours;
    // 01:30 EDT (05:30Z) comes before 01:30 EST (06:30Z); 03:00 EST is 08:00Z.
    expect(iso(nextOpening(early, at("2026-11-01T00:00:00Z")))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(addWorkingTime(early, at("2026-11-01T00:00:00Z"), 150 * MINUTE))).toBe("2026-11-01T08:00:00.000Z");
  });

  it("runs an overnight range through the change", () => {
    // Saturday 2026-03-07 20:00 EST (03-08 01:00Z) to Sunday 06:00 EDT (10:00Z): the merged stretch.
    expect(workingTimeBetween(dstEdges, at("2026-03-08T00:00:00Z"), at("2026-03-08T12:00:00Z"))).toBe(9 * HOUR);
    // Saturday 2026-10-31 20:00 EDT (11-01 00:00Z) to Sunday 06:00 EST (11:00Z).
    expect(workingTimeBetween(dstEdges, at("2026-10-31T23:00:00Z"), at("2026-11-01T12:00:00Z"))).toBe(11 * HOUR);
  });
});

describe("agreement", () => {
  const calendars = { office, nightShift, dstEdges } as const;
  const transitions = ["2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-03-27T00:00:00Z", "2026-10-24T23:00:00Z"];

  it.each(Object.entries(calendars))("workingTimeBetween undoes addWorkingTime (%s)", (_name, calendar) => {
    const random = seededRandom(20260308);
    const yearStart = Date.parse("2026-01-01T00:00:00Z");
    for (let i = 0; i < 300; i++) {
      // Half the starts fall within three days of a DST change, where mistakes would be.
      const near = transitions[Math.floor(random() * transitions.length)] ?? "";
      const start =
        i % 2 === 0
          ? Date.parse(near) + Math.floor((random() - 0.5) * 6 * DAY)
          : yearStart + Math.floor(random() * 365 * DAY);
      const ms = 1 + Math.floor(random() * (random() < 0.5 ? 3 * HOUR : 60 * HOUR));
      const due = addWorkingTime(calendar, new Date(start), ms);
      const replay = `start ${new Date(start).toISOString()}, ms ${ms}`;
      expect(due, replay).toBeDefined();
      if (!due) continue;
      expect(workingTimeBetween(calendar, new Date(start), due), replay).toBe(ms);
      // The last millisecond before the due instant was working time: nothing closed is tacked on.
      expect(workingTimeBetween(calendar, new Date(due.getTime() - 1), due), replay).toBe(1);
    }
  });

  // isWithinBusinessHours reads the wall clock, so it only agrees where no range boundary falls in
  // a DST gap or repeat; these calendars and weeks have none.
  it.each([
    ["office, Jerusalem spring-forward week", office, "2026-03-22T00:00:00Z"],
    ["office, Jerusalem fall-back week", office, "2026-10-21T00:00:00Z"],
    ["office, Christmas week", office, "2026-12-20T00:00:00Z"],
    ["night shift, New York spring-forward week", nightShift, "2026-03-04T00:00:00Z"],
    ["night shift, New York fall-back week", nightShift, "2026-10-28T00:00:00Z"],
    ["DST edges, a summer week", dstEdges, "2026-06-03T00:00:00Z"],
    ["DST edges, Independence Day week", dstEdges, "2026-07-01T00:00:00Z"],
  ] as const)("counts the minutes isWithinBusinessHours says are open (%s)", (_name, calendar, from) => {
    const start = Date.parse(from);
    const end = start + 8 * DAY;
    let openMinutes = 0;
    for (let t = start; t < end; t += MINUTE) {
      if (isWithinBusinessHours(calendar, new Date(t))) openMinutes++;
    }
    expect(openMinutes).toBeGreaterThan(0);
    expect(workingTimeBetween(calendar, new Date(start), new Date(end))).toBe(openMinutes * MINUTE);
  });
});

describe("calendars with no working time", () => {
  afterEach(() => vi.restoreAllMocks());

  it("returns undefined for an empty week without searching", () => {
    const closed: BusinessHours = { timezone: "Europe/London", week: {} };
    const formatting = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    expect(addWorkingTime(closed, at("2026-01-04T07:00:00Z"), HOUR)).toBeUndefined();
    expect(nextOpening(closed, at("2026-01-04T07:00:00Z"))).toBeUndefined();
    expect(workingTimeBetween(closed, at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))).toBe(0);
    expect(formatting).not.toHaveBeenCalled();
  });

  it("gives up after about three years when every working day is a holiday", () => {
    const mondays = Array.from({ length: 52 * 4 }, (_, i) =>
      new Date(Date.parse("2026-01-05T00:00:00Z") + i * 7 * DAY).toISOString().slice(0, 10),
    );
    const never: BusinessHours = { timezone: "Europe/London", week: { mon: [["09:00", "17:00"]] }, holidays: mondays };
    const started = performance.now();
    expect(addWorkingTime(never, at("2026-01-04T07:00:00Z"), HOUR)).toBeUndefined();
    expect(nextOpening(never, at("2026-01-04T07:00:00Z"))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
    // Once the holidays run out (the last is 2029-12-24), Mondays open again.
    expect(nextOpening(never, at("2029-12-01T00:00:00Z"))).toEqual(at("2029-12-31T09:00:00Z"));
  });

  it("visits days, not minutes: a target a month away costs about a month of days", () => {
    const formatting = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    const due = addWorkingTime(office, at("2026-02-01T07:00:00Z"), 160 * HOUR);
    expect(iso(due)).toBe("2026-03-01T15:00:00.000Z");
    // Each day costs at most two Intl readings per range boundary; office days have two ranges.
    expect(formatting.mock.calls.length).toBeLessThanOrEqual(40 * 8 + 1);
  });
});
