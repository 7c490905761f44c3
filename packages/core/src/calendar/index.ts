export * from "./schema";
export { isWithinBusinessHours } from "./within";
