import type { BusinessHours } from "./schema";

/** Calendars the calendar tests share. Jerusalem is UTC+2 in winter and UTC+3 in summer. */
export const office: BusinessHours = {
  timezone: "Asia/Jerusalem",
  week: {
    sun: [["09:00", "18:00"]],
    mon: [
      ["09:00", "12:00"],
      ["13:00", "17:00"],
    ],
    wed: [["09:00", "18:00"]],
    thu: [["09:00", "18:00"]],
    fri: [["09:00", "13:00"]],
  },
  holidays: ["2026-12-24"],
};

/** New York is UTC-5 in winter and UTC-4 in summer; Friday's range runs past midnight. */
export const nightShift: BusinessHours = {
  timezone: "America/New_York",
  week: { fri: [["22:00", "02:00"]], sun: [["18:00", "24:00"]] },
};
