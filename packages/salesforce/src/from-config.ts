import type { Config, Logger } from "@scrm/core";
import { SalesforceConnector } from "./connector";

/** The connector CONTRACT §1's Salesforce settings describe, or none when they are not set. */
export function salesforceFromConfig(config: Config, logger: Logger): SalesforceConnector | undefined {
  if (config.SALESFORCE_INSTANCE_URL && config.SALESFORCE_ACCESS_TOKEN) {
    return new SalesforceConnector({
      auth: { instanceUrl: config.SALESFORCE_INSTANCE_URL, accessToken: config.SALESFORCE_ACCESS_TOKEN },
      logger,
    });
  }
  if (config.SALESFORCE_LOGIN_URL && config.SALESFORCE_CLIENT_ID && config.SALESFORCE_CLIENT_SECRET) {
    return new SalesforceConnector({
      auth: {
        loginUrl: config.SALESFORCE_LOGIN_URL,
        clientId: config.SALESFORCE_CLIENT_ID,
        clientSecret: config.SALESFORCE_CLIENT_SECRET,
      },
      logger,
    });
  }
  return undefined;
}
