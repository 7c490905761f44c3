import { functionDefaults } from "./functions";
import type { Secrets } from "./secrets";

/**
 * One HTTP API (API Gateway v2, payload 2.0) in front of two functions, so the base URL is the same
 * as the embedded stack's:
 * - `Webhook`: `/webhooks/*` and `/healthz` — verify, store, acknowledge; small and quick to start,
 *   a short timeout (platforms give up after a few seconds). Linked to the platforms' and the CRMs'
 *   webhook secrets only.
 * - `AdminApi`: `/api/*` and `/openapi.json` — the admin API, which never competes with deliveries;
 *   linked to the admin token.
 * Secrets are linked, not put in the environment: SST bundles them encrypted with the function and
 * `secretsFromSst` (packages/aws) decrypts them at cold start. API Gateway passes a body it sees as
 * binary base64-encoded; `hono/aws-lambda` decodes it to the exact bytes the signature is over.
 */
export function createWebhooks({ table, bus, secrets }: { table: sst.aws.Dynamo; bus: sst.aws.Bus; secrets: Secrets }) {
  const defaults = functionDefaults(table, bus);
  const webhook = new sst.aws.Function("Webhook", {
    ...defaults,
    handler: "functions/webhook.handler",
    timeout: "10 seconds",
    memory: "512 MB",
    link: [
      ...defaults.link,
      secrets.META_APP_SECRET,
      secrets.META_VERIFY_TOKEN,
      // The CRMs' webhooks (/webhooks/hubspot, /webhooks/salesforce) verify with these.
      secrets.HUBSPOT_CLIENT_SECRET,
      secrets.SALESFORCE_WEBHOOK_SECRET,
    ],
  });
  const admin = new sst.aws.Function("AdminApi", {
    ...defaults,
    handler: "functions/admin-api.handler",
    timeout: "30 seconds",
    memory: "1024 MB",
    link: [...defaults.link, secrets.ADMIN_TOKEN],
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  api.route("ANY /webhooks/{proxy+}", webhook.arn);
  api.route("GET /healthz", webhook.arn);
  api.route("ANY /api/{proxy+}", admin.arn);
  api.route("GET /openapi.json", admin.arn);
  return { api, webhook, admin };
}
