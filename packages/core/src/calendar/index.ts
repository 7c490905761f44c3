export { addWorkingTime, nextOpening, workingTimeBetween } from "./business-time";
export { durationMs, formatDurationMs, IsoDuration } from "./duration";
export { type HolidayWindow, holidaysFromIcal } from "./ical";
export * from "./schema";
export { isWithinBusinessHours } from "./within";
