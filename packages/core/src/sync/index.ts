export * from "./case-key";
export * from "./crm-events";
export * from "./crm-record";
export * from "./field-source";
export * from "./mapping-overlay";
export * from "./ports";
export * from "./retry";
export * from "./sync-batch";
