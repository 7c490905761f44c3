import { describe, expect, it } from "vitest";
import { holidaysFromIcal } from "./ical";

/** A calendar as RFC 5545 writes it: CRLF line ends, one VEVENT per event body. */
const ics = (...events: string[][]) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//scrm-relay//holiday tests//EN",
    ...events.flatMap((lines, i) => [
      "BEGIN:VEVENT",
      ...(lines.some((l) => l.startsWith("UID:")) ? [] : [`UID:event-${i}@example.com`]),
      "DTSTAMP:20260101T000000Z",
      ...lines,
      "END:VEVENT",
    ]),
    "END:VCALENDAR",
    "",
  ].join("\r\n");

const year2026 = { from: "2026-01-01", to: "2026-12-31" };

const christmas = ["DTSTART;VALUE=DATE:20261225", "DTEND;VALUE=DATE:20261226", "SUMMARY:Christmas Day"];

describe("holidaysFromIcal", () => {
  it("reads an all-day event as its date, DTEND exclusive", () => {
    expect(holidaysFromIcal(ics(christmas), year2026)).toEqual(["2026-12-25"]);
  });

  it("reads an all-day event without DTEND as one day", () => {
    expect(holidaysFromIcal(ics(["DTSTART;VALUE=DATE:20260704", "SUMMARY:Independence Day"]), year2026)).toEqual([
      "2026-07-04",
    ]);
  });

  it("gives every day of a multi-day event, by DTEND or DURATION", () => {
    const passover = ["DTSTART;VALUE=DATE:20260402", "DTEND;VALUE=DATE:20260405", "SUMMARY:Passover"];
    const sukkot = ["DTSTART;VALUE=DATE:20260926", "DURATION:P2D", "SUMMARY:Sukkot"];
    expect(holidaysFromIcal(ics(passover, sukkot), year2026)).toEqual([
      "2026-04-02",
      "2026-04-03",
      "2026-04-04",
      "2026-09-26",
      "2026-09-27",
    ]);
  });

  it("keeps only the dates inside the inclusive window, also of an event that straddles it", () => {
    const newYearBreak = ["DTSTART;VALUE=DATE:20261230", "DTEND;VALUE=DATE:20270103", "SUMMARY:Office closed"];
    expect(holidaysFromIcal(ics(newYearBreak), { from: "2027-01-01", to: "2027-01-02" })).toEqual([
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(holidaysFromIcal(ics(newYearBreak), { from: "2026-12-31", to: "2026-12-31" })).toEqual(["2026-12-31"]);
  });

  it("expands a yearly rule within the window, skipping an EXDATE", () => {
    const yearly = [
      "DTSTART;VALUE=DATE:20201225",
      "DTEND;VALUE=DATE:20201226",
      "RRULE:FREQ=YEARLY",
      "EXDATE;VALUE=DATE:20271225",
      "SUMMARY:Christmas Day",
    ];
    expect(holidaysFromIcal(ics(yearly), { from: "2025-06-01", to: "2029-06-01" })).toEqual([
      "2025-12-25",
      "2026-12-25",
      "2028-12-25",
    ]);
  });

  it("expands RDATEs and a rule with BYDAY and COUNT", () => {
    const bankHolidays = [
      "DTSTART;VALUE=DATE:20260504",
      "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3",
      "RDATE;VALUE=DATE:20260831",
      "SUMMARY:Mondays off",
    ];
    expect(holidaysFromIcal(ics(bankHolidays), year2026)).toEqual([
      "2026-05-04",
      "2026-05-11",
      "2026-05-18",
      "2026-08-31",
    ]);
  });

  it("reads an overridden occurrence from its own VEVENT: moved or cancelled", () => {
    const master = ["UID:boxing@example.com", "DTSTART;VALUE=DATE:20251226", "RRULE:FREQ=YEARLY", "SUMMARY:Boxing Day"];
    const moved = [
      "UID:boxing@example.com",
      "RECURRENCE-ID;VALUE=DATE:20261226",
      "DTSTART;VALUE=DATE:20261228",
      "SUMMARY:Boxing Day (substitute)",
    ];
    const cancelled = [
      "UID:boxing@example.com",
      "RECURRENCE-ID;VALUE=DATE:20271226",
      "DTSTART;VALUE=DATE:20271226",
      "STATUS:CANCELLED",
    ];
    expect(holidaysFromIcal(ics(master, moved, cancelled), { from: "2025-01-01", to: "2028-12-31" })).toEqual([
      "2025-12-26",
      "2026-12-28",
      "2028-12-26",
    ]);
  });

  it("ignores timed events, recurring or not, and cancelled ones", () => {
    const meeting = ["DTSTART:20261224T090000Z", "DTEND:20261224T110000Z", "SUMMARY:Planning"];
    const zoned = [
      "DTSTART;TZID=Asia/Jerusalem:20261223T140000",
      "DURATION:PT2H",
      "RRULE:FREQ=DAILY",
      "SUMMARY:Stand-up",
    ];
    const cancelled = ["DTSTART;VALUE=DATE:20261231", "STATUS:CANCELLED", "SUMMARY:Was a day off"];
    expect(holidaysFromIcal(ics(christmas, meeting, zoned, cancelled), year2026)).toEqual(["2026-12-25"]);
  });

  it("sorts and removes duplicates across events and calendars", () => {
    const twice = ics(christmas, ["DTSTART;VALUE=DATE:20260101", "SUMMARY:New Year"], christmas);
    expect(holidaysFromIcal(twice + twice, year2026)).toEqual(["2026-01-01", "2026-12-25"]);
  });

  it("accepts LF line ends and folded lines", () => {
    const folded = ics(christmas)
      .replace("SUMMARY:Christmas Day", "SUMMARY:Christ\r\n mas Day")
      .replaceAll("\r\n", "\n");
    expect(holidaysFromIcal(folded, year2026)).toEqual(["2026-12-25"]);
  });

  it("is empty for a calendar without events", () => {
    expect(holidaysFromIcal(ics(), year2026)).toEqual([]);
  });

  it.each([
    ["empty text", "", "not an iCalendar file: it is empty"],
    ["plain words", "these are our holidays", "not an iCalendar file: invalid line"],
    ["HTML", "<html><body>Not found</body></html>", "not an iCalendar file: invalid line"],
    ["an unterminated calendar", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "not an iCalendar file: invalid ical body"],
    [
      "a vCard",
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n",
      "not an iCalendar file: expected BEGIN:VCALENDAR, found VCARD",
    ],
    [
      "an impossible date",
      ics(["DTSTART;VALUE=DATE:20261332"]),
      'not an iCalendar file: event "event-0@example.com": DTSTART 2026-13-32 is not a date',
    ],
    [
      "an unknown frequency",
      ics(["DTSTART;VALUE=DATE:20261225", "RRULE:FREQ=FORTNIGHTLY"]),
      "not an iCalendar file: invalid frequency",
    ],
  ])("rejects %s", (_name, text, message) => {
    expect(() => holidaysFromIcal(text, year2026)).toThrow(message);
  });

  it("stops a rule that recurs too often to be a holiday list", () => {
    const daily = ["DTSTART;VALUE=DATE:19900101", "RRULE:FREQ=DAILY"];
    expect(() => holidaysFromIcal(ics(daily), year2026)).toThrow("recurs over 10000 times before 2026-12-31");
  });

  it("refuses a malformed window", () => {
    expect(() => holidaysFromIcal(ics(christmas), { from: "2026-1-1", to: "2026-12-31" })).toThrow(
      'from: expected a local date YYYY-MM-DD, got "2026-1-1"',
    );
    expect(() => holidaysFromIcal(ics(christmas), { from: "2026-12-31", to: "2026-01-01" })).toThrow(RangeError);
  });
});
