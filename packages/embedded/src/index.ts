export { resolveAdminToken } from "./admin-token";
export { startDynalite } from "./dynalite-server";
export { type DeadLetter, InProcessBus } from "./in-process-bus";
export { type EmbeddedOptions, type EmbeddedStack, startEmbedded } from "./stack";
