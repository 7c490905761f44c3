import type { Config } from "@scrm/core";
import type { AppDeps } from "./app";

/** Each webhook route's secrets as the configuration names them (CONTRACT §1), for every runtime alike. */
export function webhookConfig(config: Config): Pick<AppDeps, "meta" | "hubspot" | "salesforce"> {
  return {
    meta: { appSecrets: config.META_APP_SECRET, verifyToken: config.META_VERIFY_TOKEN },
    hubspot: {
      clientSecrets: config.HUBSPOT_CLIENT_SECRET,
      closedStageIds: config.HUBSPOT_CLOSED_STAGES,
      publicUrl: config.HUBSPOT_WEBHOOK_URL,
    },
    salesforce: { secrets: config.SALESFORCE_WEBHOOK_SECRET },
  };
}
