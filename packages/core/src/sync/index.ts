export * from "./case-key";
export * from "./crm-events";
export * from "./field-source";
export * from "./ports";
export * from "./retry";
export * from "./sync-batch";
