import { configuredIntegrations, parseConfig } from "@scrm/core";
import { config as loadDotenv } from "dotenv";
import { startEmbedded } from "./stack";

loadDotenv({ quiet: true });
const config = parseConfig(process.env);
const stack = await startEmbedded({ config });

const integrations = configuredIntegrations(config, { declaredCrms: false });
const list = (entries: Record<string, boolean>) =>
  Object.entries(entries)
    .map(([name, on]) => `${name} ${on ? "configured" : "not configured"}`)
    .join(", ");
console.log(`scrm-relay (embedded) listening on ${stack.url}
  admin token: ${stack.adminToken}${stack.adminTokenGenerated ? `  (generated, kept in ${config.DATA_DIR}/admin-token; set ADMIN_TOKEN to choose one)` : ""}
  data:        ${config.DYNAMODB_ENDPOINT ? `DynamoDB at ${config.DYNAMODB_ENDPOINT}` : `${config.DATA_DIR}/dynamodb (dynalite)`}, table ${config.DYNAMODB_TABLE}
  platforms:   ${list(integrations.platforms)}
  CRMs:        ${list(integrations.crms)}
  CRM mapping: ${config.CRM_MAPPING_FILE ? `from ${config.CRM_MAPPING_FILE}` : config.CRM_MAPPING ? "from CRM_MAPPING" : "the defaults (set CRM_MAPPING_FILE to change fields per workspace)"}
  rules:       ${config.RULES_FILE ? `loaded from ${config.RULES_FILE}` : "from the admin API (set RULES_FILE to keep them as code)"}
  notify:      POSTs signed with ${config.NOTIFY_SIGNING_SECRET ? "NOTIFY_SIGNING_SECRET" : `the secret in ${config.DATA_DIR}/notify-signing-secret`}
  try:         curl -H "Authorization: Bearer ${stack.adminToken}" ${stack.url}/api/v1/interactions`);

let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    console.log(`${signal}: stopping (finishing work in flight)…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
