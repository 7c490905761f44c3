import { HubSpotConnector, type HubSpotConnectorOptions } from "@scrm/hubspot";
import type { HubSpotFake } from "../fakes/hubspot";
import { silentLogger } from "./silent-logger";

/** A connector with the real HubSpot client, talking to the fake; `options` win over these. */
export function hubspotConnectorTo(fake: HubSpotFake, options: Partial<HubSpotConnectorOptions> = {}) {
  return new HubSpotConnector({ accessToken: "test-token", basePath: fake.url, logger: silentLogger, ...options });
}
