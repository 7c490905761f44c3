import { functionDefaults } from "./functions";
import type { Secrets } from "./secrets";

/**
 * The webhook function behind a Function URL: platform webhooks (`/webhooks/*`), the admin API
 * (`/api/v1/*`) and `/healthz`. Handlers acknowledge after the durable write, so a short timeout.
 * The secrets are linked, not put in the environment: SST bundles them encrypted with the function
 * and `secretsFromSst` (packages/aws) decrypts them at cold start.
 */
export function createWebhooks({ table, bus, secrets }: { table: sst.aws.Dynamo; bus: sst.aws.Bus; secrets: Secrets }) {
  const defaults = functionDefaults(table, bus);
  return new sst.aws.Function("Webhook", {
    ...defaults,
    handler: "functions/webhook.handler",
    url: true,
    timeout: "10 seconds",
    memory: "512 MB",
    link: [
      ...defaults.link,
      secrets.META_APP_SECRET,
      secrets.META_VERIFY_TOKEN,
      secrets.ADMIN_TOKEN,
      // The CRMs' webhooks (/webhooks/hubspot, /webhooks/salesforce) verify with these.
      secrets.HUBSPOT_CLIENT_SECRET,
      secrets.SALESFORCE_WEBHOOK_SECRET,
    ],
  });
}
