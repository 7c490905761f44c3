import type { Config, Logger } from "@scrm/core";
import { HubSpotConnector } from "./connector";
import { defaultHubSpotMapping, type HubSpotSettings, resolveHubSpotMapping } from "./mapping";

/**
 * The connector CONTRACT §1's HubSpot settings describe, or none when the token is not set; with the
 * `hubspot` section of the CRM mapping document (already validated), its mappings.
 */
export function hubspotFromConfig(
  config: Config,
  logger: Logger,
  settings: HubSpotSettings = {},
): HubSpotConnector | undefined {
  if (!config.HUBSPOT_ACCESS_TOKEN) return undefined;
  return new HubSpotConnector({
    accessToken: config.HUBSPOT_ACCESS_TOKEN,
    basePath: config.HUBSPOT_BASE_URL,
    logger,
    mapping: resolveHubSpotMapping(defaultHubSpotMapping, settings.mapping),
    ...(settings.workspaces ? { mappings: settings.workspaces } : {}),
  });
}
