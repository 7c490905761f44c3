import type { Config, Logger } from "@scrm/core";
import { HubSpotConnector } from "./connector";

/** The connector CONTRACT §1's HubSpot settings describe, or none when the token is not set. */
export function hubspotFromConfig(config: Config, logger: Logger): HubSpotConnector | undefined {
  if (!config.HUBSPOT_ACCESS_TOKEN) return undefined;
  return new HubSpotConnector({
    accessToken: config.HUBSPOT_ACCESS_TOKEN,
    basePath: config.HUBSPOT_BASE_URL,
    logger,
  });
}
