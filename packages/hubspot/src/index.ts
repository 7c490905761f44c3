export { HubSpotConnector, type HubSpotConnectorOptions } from "./connector";
export { answeredError, CallFailed, classify, inputError } from "./errors";
export { hubspotFromConfig } from "./from-config";
export {
  contactProperties,
  defaultHubSpotMapping,
  type HubSpotMapping,
  handleOf,
  noteProperties,
  type TicketStage,
  ticketProperties,
} from "./mapping";
export { ensureHubSpotProperties, type HubSpotSetupOptions, scrmPropertyGroup } from "./setup";
