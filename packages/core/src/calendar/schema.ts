import * as z from "zod";

/** Intl is the authority on IANA zone names: whatever it can format in, we can evaluate in. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight; "24:00" is 1440 so a range can run to the end of the day. */
export function minutesOf(time: string): number {
  return time === "24:00" ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const Time = z.string().refine((t) => TIME.test(t) || t === "24:00", "expected a local time HH:MM (00:00–24:00)");

export const TimeRange = z
  .tuple([Time, Time])
  .refine(([start]) => start !== "24:00", "a range cannot start at 24:00")
  .refine(([start, end]) => start !== end, "a range must not be empty")
  .meta({
    description:
      '[start, end) local times; an end before its start crosses midnight into the next day; "24:00" ends the day',
  });

const Day = z.array(TimeRange);

export const Weekday = z.enum(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
export type Weekday = z.infer<typeof Weekday>;

export const Week = z.strictObject({
  sun: Day.optional(),
  mon: Day.optional(),
  tue: Day.optional(),
  wed: Day.optional(),
  thu: Day.optional(),
  fri: Day.optional(),
  sat: Day.optional(),
});

function isCalendarDate(date: string): boolean {
  const [y = 0, m = 0, d = 0] = date.split("-").map(Number);
  const utc = new Date(Date.UTC(y, m - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d;
}

export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a local date YYYY-MM-DD")
  .refine(isCalendarDate, "not a calendar date");

export const BusinessHours = z
  .strictObject({
    timezone: z
      .string()
      .refine(isTimeZone, "unknown IANA time zone")
      .meta({ examples: ["Asia/Jerusalem"] }),
    week: Week,
    holidays: z.array(LocalDate).optional().meta({ description: "local dates in `timezone` with no business hours" }),
  })
  .meta({ id: "BusinessHours", description: "Opening hours in one time zone (CONTRACT §6)" });
export type BusinessHours = z.infer<typeof BusinessHours>;

export const NamedCalendar = BusinessHours.extend({ id: z.string().min(1) }).meta({
  id: "NamedCalendar",
  description: "Business hours under an id that rules refer to (withinBusinessHours)",
});
export type NamedCalendar = z.infer<typeof NamedCalendar>;
