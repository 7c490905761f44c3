export { resolveAdminToken } from "./admin-token";
export { CrmMappingDocument, readCrmMapping } from "./crm-mapping";
export { startDynalite } from "./dynalite-server";
export { type DeadLetter, InProcessBus } from "./in-process-bus";
export { type EmbeddedOptions, type EmbeddedStack, startEmbedded } from "./stack";
