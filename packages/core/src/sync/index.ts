export * from "./case-key";
export * from "./ports";
export * from "./sync-batch";
