export * from "./calendars";
export * from "./rules";
export * from "./rules-file";
export * from "./test-rules";
