export { resolveAdminToken } from "./admin-token";
export { startDynalite } from "./dynalite-server";
export { type DeadLetter, InProcessBus } from "./in-process-bus";
export { defaultJanitorIntervalMs, type JanitorDeps, startJanitor } from "./janitor";
export { type EmbeddedOptions, type EmbeddedStack, startEmbedded } from "./stack";
