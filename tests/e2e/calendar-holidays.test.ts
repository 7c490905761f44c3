import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startTestStack, type TestStack } from "../support/stack";

/** Christmas every year since 2020, and a three-day closure (DTEND is exclusive). */
const ics = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//scrm-relay//tests//EN",
  "BEGIN:VEVENT",
  "UID:christmas@example.com",
  "DTSTAMP:20200101T000000Z",
  "DTSTART;VALUE=DATE:20201225",
  "RRULE:FREQ=YEARLY",
  "SUMMARY:Christmas",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:closure@example.com",
  "DTSTAMP:20200101T000000Z",
  "DTSTART;VALUE=DATE:20270921",
  "DTEND;VALUE=DATE:20270924",
  "SUMMARY:Office closed",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:meeting@example.com",
  "DTSTAMP:20200101T000000Z",
  "DTSTART:20270310T090000Z",
  "DTEND:20270310T110000Z",
  "SUMMARY:A meeting is not a day off",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

interface Calendar {
  id: string;
  holidays?: string[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ field: string; message: string }> };
}

describe("calendar holidays from an iCalendar file", () => {
  let stack: TestStack;
  const importIcs = (query: string, body = ics, id = "il-office") =>
    stack.api<Calendar & ErrorBody>(`/api/v1/calendars/${id}/holidays${query}`, {
      method: "PUT",
      headers: { "content-type": "text/calendar", "x-actor": "dana" },
      body,
    });

  beforeAll(async () => {
    // 23:30 UTC on 31 December is already 2027 in Jerusalem: "this year" is the calendar's.
    stack = await startTestStack({ clock: { now: () => new Date("2026-12-31T23:30:00.000Z") } });
    const created = await stack.api("/api/v1/calendars/il-office", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        timezone: "Asia/Jerusalem",
        week: { sun: [["09:00", "18:00"]] },
        holidays: ["2026-04-02"],
      }),
    });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("replaces the holidays with the all-day events of this year and next, recurring ones expanded", async () => {
    const response = await importIcs("");
    expect(response.status).toBe(200);
    expect(response.body.holidays).toEqual(["2027-09-21", "2027-09-22", "2027-09-23", "2027-12-25", "2028-12-25"]);
    expect((await stack.api<Calendar>("/api/v1/calendars/il-office")).body.holidays).toEqual(response.body.holidays);

    const audit = await stack.api<{ items: Array<{ action: string; actor: string }> }>(
      "/api/v1/audit?entity=calendar&entityId=il-office",
    );
    // The clock stands still here, so entries of the same instant have no defined order.
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: "calendar.updated", actor: "dana" }));
  });

  it("takes the window from `from`/`to`, and adds to the holidays with merge=true", async () => {
    const replaced = await importIcs("?from=2025-01-01&to=2025-12-31");
    expect(replaced.body.holidays).toEqual(["2025-12-25"]);
    const merged = await importIcs("?from=2027-09-22&to=2027-12-31&merge=true");
    expect(merged.status).toBe(200);
    expect(merged.body.holidays).toEqual(["2025-12-25", "2027-09-22", "2027-09-23", "2027-12-25"]);
    // Only `from`: that year and the next.
    const fromOnly = await importIcs("?from=2030-06-01");
    expect(fromOnly.body.holidays).toEqual(["2030-12-25", "2031-12-25"]);
  });

  it("answers 400 for a body that is not an iCalendar file, and leaves the calendar alone", async () => {
    const before = (await stack.api<Calendar>("/api/v1/calendars/il-office")).body;
    for (const body of ['{"holidays": ["2027-01-01"]}', "", "BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n"]) {
      const response = await importIcs("", body);
      expect(response.status, body).toBe(400);
      expect(response.body.error.code).toBe("calendar.ical_invalid");
      expect(response.body.error.message).toContain("not an iCalendar file");
    }
    expect((await stack.api<Calendar>("/api/v1/calendars/il-office")).body).toEqual(before);
  });

  it("answers 400 naming the field for a bad window", async () => {
    const badDate = await importIcs("?from=2027-02-30");
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details?.map((detail) => detail.field)).toEqual(["from"]);
    const backwards = await importIcs("?from=2027-06-01&to=2027-01-01");
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details?.map((detail) => detail.field)).toEqual(["to"]);
  });

  it("answers 404 for an unknown calendar, also in another workspace", async () => {
    const unknown = await importIcs("", ics, "nowhere");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("calendar.not_found");
    expect((await importIcs("?workspace=acme")).status).toBe(404);
  });
});
