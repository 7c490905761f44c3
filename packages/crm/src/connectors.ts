import type { Config, CrmConnector, CrmTarget, Logger } from "@scrm/core";
import { hubspotFromConfig } from "@scrm/hubspot";
import { salesforceFromConfig } from "@scrm/salesforce";
import { readCrmMapping } from "./crm-mapping";

/**
 * The CRM connectors the configuration describes, with the mapping document's settings; a CRM that
 * is not configured has none (its syncs wait and are listed, never dropped). Throws on a bad mapping
 * document, so a start fails with every problem named.
 */
export function crmConnectorsFromConfig(config: Config, logger: Logger): Partial<Record<CrmTarget, CrmConnector>> {
  const mapping = readCrmMapping(config);
  const salesforce = salesforceFromConfig(config, logger, mapping.salesforce);
  const hubspot = hubspotFromConfig(config, logger, mapping.hubspot);
  return { ...(salesforce ? { salesforce } : {}), ...(hubspot ? { hubspot } : {}) };
}
