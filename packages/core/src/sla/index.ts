export * from "./advance";
export * from "./at-risk";
export * from "./clock";
export * from "./policy";
export * from "./reconcile";
export * from "./run-sla";
export * from "./stats";
