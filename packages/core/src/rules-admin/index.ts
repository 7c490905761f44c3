export * from "./audit-id";
export * from "./calendars";
export * from "./rules";
export * from "./rules-file";
export * from "./sla-policies";
export * from "./test-rules";
