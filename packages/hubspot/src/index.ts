export { HubSpotConnector, type HubSpotConnectorOptions } from "./connector";
export { answeredError, CallFailed, classify, inputError } from "./errors";
export { hubspotFromConfig } from "./from-config";
export {
  contactProperties,
  defaultHubSpotMapping,
  HubSpotMapping,
  HubSpotMappingSettings,
  HubSpotPropertyName,
  HubSpotSettings,
  handleOf,
  noteProperties,
  resolveHubSpotMapping,
  type TicketStage,
  ticketProperties,
} from "./mapping";
export { inFilterGroups, type SearchFilter, searchFilterGroups, searchFilters, searchLimits } from "./search-filters";
export { ensureHubSpotProperties, type HubSpotSetupOptions, scrmPropertyGroup } from "./setup";
