export * from "./actions";
export * from "./dry-run";
export * from "./enrich";
export * from "./override";
export * from "./pass";
export * from "./rule-sets";
export * from "./run-rules";
