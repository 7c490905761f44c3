import { readFileSync } from "node:fs";
import { type Config, inputError, type Logger } from "@scrm/core";
import { rsaPrivateKey, type SalesforceAuth } from "./auth";
import { SalesforceConnector } from "./connector";
import { defaultSalesforceMapping, resolveMapping, type SalesforceSettings } from "./mapping";

const configError = (message: string, variable: string) => inputError("config.invalid", message, { variable });

/** The JWT bearer private key: `SALESFORCE_PRIVATE_KEY` (PEM text) or the file `SALESFORCE_PRIVATE_KEY_FILE`, checked. */
function privateKeyFromConfig(config: Config): string {
  if (config.SALESFORCE_PRIVATE_KEY && config.SALESFORCE_PRIVATE_KEY_FILE)
    throw configError("set SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE, not both", "SALESFORCE_PRIVATE_KEY");
  let pem = config.SALESFORCE_PRIVATE_KEY;
  let variable = "SALESFORCE_PRIVATE_KEY";
  if (config.SALESFORCE_PRIVATE_KEY_FILE) {
    variable = "SALESFORCE_PRIVATE_KEY_FILE";
    try {
      pem = readFileSync(config.SALESFORCE_PRIVATE_KEY_FILE, "utf8");
    } catch (error) {
      throw configError(`${variable}: ${error instanceof Error ? error.message : String(error)}`, variable);
    }
  }
  if (!pem)
    throw configError("the JWT bearer flow needs SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE", variable);
  try {
    rsaPrivateKey(pem);
  } catch (error) {
    throw configError(`${variable}: ${error instanceof Error ? error.message : String(error)}`, variable);
  }
  return pem;
}

/**
 * How CONTRACT §1's Salesforce settings (and the JWT bearer extension) say to reach the org, or
 * undefined when they are not set: an access token; else, with `SALESFORCE_LOGIN_URL` and
 * `SALESFORCE_CLIENT_ID`, the JWT bearer flow when `SALESFORCE_USERNAME` or a private key is set
 * (all of it then required, so a half-done setup fails at start), else client credentials.
 */
export function salesforceAuthFromConfig(config: Config): SalesforceAuth | undefined {
  if (config.SALESFORCE_INSTANCE_URL && config.SALESFORCE_ACCESS_TOKEN)
    return { instanceUrl: config.SALESFORCE_INSTANCE_URL, accessToken: config.SALESFORCE_ACCESS_TOKEN };
  const jwt = config.SALESFORCE_USERNAME || config.SALESFORCE_PRIVATE_KEY || config.SALESFORCE_PRIVATE_KEY_FILE;
  if (jwt) {
    const missing = (["SALESFORCE_LOGIN_URL", "SALESFORCE_CLIENT_ID", "SALESFORCE_USERNAME"] as const).filter(
      (name) => !config[name],
    );
    if (missing.length)
      throw configError(`the Salesforce JWT bearer flow also needs ${missing.join(", ")}`, missing[0] as string);
    return {
      loginUrl: config.SALESFORCE_LOGIN_URL as string,
      clientId: config.SALESFORCE_CLIENT_ID as string,
      username: config.SALESFORCE_USERNAME as string,
      privateKey: privateKeyFromConfig(config),
    };
  }
  if (config.SALESFORCE_LOGIN_URL && config.SALESFORCE_CLIENT_ID && config.SALESFORCE_CLIENT_SECRET)
    return {
      loginUrl: config.SALESFORCE_LOGIN_URL,
      clientId: config.SALESFORCE_CLIENT_ID,
      clientSecret: config.SALESFORCE_CLIENT_SECRET,
    };
  return undefined;
}

/**
 * The connector CONTRACT §1's Salesforce settings describe, or none when they are not set; with the
 * `salesforce` section of the CRM mapping document (already validated), its mapping and options.
 */
export function salesforceFromConfig(
  config: Config,
  logger: Logger,
  settings: SalesforceSettings = {},
): SalesforceConnector | undefined {
  const auth = salesforceAuthFromConfig(config);
  if (!auth) return undefined;
  return new SalesforceConnector({
    auth,
    logger,
    mapping: resolveMapping(defaultSalesforceMapping, settings.mapping),
    ...(settings.workspaces ? { mappings: settings.workspaces } : {}),
    ...(settings.social ? { social: settings.social } : {}),
  });
}
