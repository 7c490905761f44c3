/**
 * The settings of CONTRACT §1 that are secrets on AWS, and the SST secret that holds each one
 * (`npx sst secret set <name> <value> --stage NAME`). The one list: `stacks/secrets.ts` creates the
 * secrets from it, `function-access.ts` says which function is linked to which, and `linkedSecrets`
 * reads them back in the functions. No imports, so the SST config can load it without pulling in the
 * runtime adapters.
 */
export const sstSecretNames = {
  META_APP_SECRET: "MetaAppSecret",
  META_VERIFY_TOKEN: "MetaVerifyToken",
  ADMIN_TOKEN: "AdminToken",
  NOTIFY_SIGNING_SECRET: "NotifySigningSecret",
  SALESFORCE_INSTANCE_URL: "SalesforceInstanceUrl",
  SALESFORCE_ACCESS_TOKEN: "SalesforceAccessToken",
  SALESFORCE_LOGIN_URL: "SalesforceLoginUrl",
  SALESFORCE_CLIENT_ID: "SalesforceClientId",
  SALESFORCE_CLIENT_SECRET: "SalesforceClientSecret",
  SALESFORCE_USERNAME: "SalesforceUsername",
  SALESFORCE_PRIVATE_KEY: "SalesforcePrivateKey",
  SALESFORCE_WEBHOOK_SECRET: "SalesforceWebhookSecret",
  HUBSPOT_ACCESS_TOKEN: "HubSpotAccessToken",
  HUBSPOT_CLIENT_SECRET: "HubSpotClientSecret",
  CRM_MAPPING: "CrmMapping",
} as const;

export type SecretVariable = keyof typeof sstSecretNames;

/** Secrets every stage must set; the others (a CRM not used) default to empty, which means unset. */
export const requiredSecrets: readonly SecretVariable[] = ["META_APP_SECRET", "META_VERIFY_TOKEN", "ADMIN_TOKEN"];

/**
 * Settings of CONTRACT §1 that are not secrets, passed to every function's environment from the
 * shell that runs `npx sst deploy` (`WORKSPACE_ACCOUNTS=… npx sst deploy --stage prod`). Unset ones
 * are left out, so the functions keep their defaults.
 */
export const plainSettings = [
  "WORKSPACE_ACCOUNTS",
  "DELIVERY_RETENTION_DAYS",
  "HUBSPOT_BASE_URL",
  "HUBSPOT_CLOSED_STAGES",
  "HUBSPOT_WEBHOOK_URL",
  "LOG_LEVEL",
] as const;

/** The plain settings that are set in `env`, to put in the functions' environment. */
export function plainSettingsFrom(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    plainSettings.flatMap((name) => {
      const value = env[name];
      return value === undefined || value === "" ? [] : [[name, value]];
    }),
  );
}
