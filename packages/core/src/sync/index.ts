export * from "./case-key";
export * from "./ports";
export * from "./retry";
export * from "./sync-batch";
