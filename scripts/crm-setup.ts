/**
 * Checks (Salesforce) or prepares (HubSpot) a CRM for scrm-relay, with the settings of CONTRACT §1.
 *
 * @example npm run crm:setup -- salesforce
 * @example npm run crm:setup -- hubspot
 */
import { parseConfig } from "@scrm/core";
import { readCrmMapping } from "@scrm/crm";
import { defaultHubSpotMapping, ensureHubSpotProperties, resolveHubSpotMapping } from "@scrm/hubspot";
import {
  checkSalesforceOrg,
  defaultSalesforceMapping,
  formatSalesforceOrgReport,
  resolveMapping,
  salesforceAuthFromConfig,
} from "@scrm/salesforce";

const usage = `Usage: npm run crm:setup -- salesforce | hubspot

  salesforce  checks the org (SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN, or SALESFORCE_LOGIN_URL +
              SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET, or SALESFORCE_LOGIN_URL + SALESFORCE_CLIENT_ID +
              SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY[_FILE]) and prints what is missing with the metadata
              to deploy; exits 1 when something required is missing. Changes nothing.
  hubspot     creates the custom properties scrm-relay needs (HUBSPOT_ACCESS_TOKEN, HUBSPOT_BASE_URL);
              safe to run again.

  Both use the field names of CRM_MAPPING_FILE / CRM_MAPPING's org-wide \`mapping\` when set.`;

async function main(args: string[]): Promise<number> {
  const target = args[0];
  if (target !== "salesforce" && target !== "hubspot") {
    console.error(usage);
    return 2;
  }
  const config = parseConfig(process.env);
  const document = readCrmMapping(config);
  if (target === "salesforce") {
    const auth = salesforceAuthFromConfig(config);
    if (!auth) {
      console.error("Salesforce is not configured: set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN,");
      console.error("or SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET,");
      console.error("or SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY.");
      return 2;
    }
    const mapping = resolveMapping(defaultSalesforceMapping, document.salesforce?.mapping);
    const report = await checkSalesforceOrg(auth, { mapping });
    console.log(formatSalesforceOrgReport(report));
    return report.ok ? 0 : 1;
  }
  if (!config.HUBSPOT_ACCESS_TOKEN) {
    console.error("HubSpot is not configured: set HUBSPOT_ACCESS_TOKEN (and HUBSPOT_BASE_URL for a non-default API).");
    return 2;
  }
  const created = await ensureHubSpotProperties({
    accessToken: config.HUBSPOT_ACCESS_TOKEN,
    basePath: config.HUBSPOT_BASE_URL,
    mapping: resolveHubSpotMapping(defaultHubSpotMapping, document.hubspot?.mapping),
  });
  if (created.length === 0) console.log("HubSpot already has every property scrm-relay needs; nothing created.");
  else for (const property of created) console.log(`created ${property}`);
  console.log("HubSpot is ready.");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`crm:setup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
