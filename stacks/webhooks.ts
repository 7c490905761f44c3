import { crmTargets, type FunctionResources, functionDefaults } from "./functions";

/**
 * One HTTP API (API Gateway v2, payload 2.0) in front of two functions, so the base URL is the same
 * as the embedded stack's:
 * - `Webhook`: `/webhooks/*` and `/healthz` — verify, store, acknowledge; small and quick to start,
 *   a short timeout (platforms give up after a few seconds). Linked to the platforms' and the CRMs'
 *   webhook secrets only.
 * - `AdminApi`: `/api/*` and `/openapi.json` — the admin API, which never competes with deliveries;
 *   linked to the admin token.
 * Links and permissions are each function's entry in `packages/aws/src/function-access.ts`. Secrets
 * are linked, not put in the environment: SST bundles them encrypted with the function and
 * `linkedSecrets` (packages/aws) decrypts them at cold start. API Gateway passes a body it sees as
 * binary base64-encoded; `hono/aws-lambda` decodes it to the exact bytes the signature is over.
 */
export function createWebhooks(resources: FunctionResources) {
  // Both answer /healthz without the CRM credentials: they are told which CRMs the stage configures.
  const CRM_TARGETS = crmTargets(resources.secrets);
  const webhookDefaults = functionDefaults("webhook", resources);
  const webhook = new sst.aws.Function("Webhook", {
    ...webhookDefaults,
    environment: { ...webhookDefaults.environment, CRM_TARGETS },
    timeout: "10 seconds",
    memory: "512 MB",
  });
  const adminDefaults = functionDefaults("admin-api", resources);
  const admin = new sst.aws.Function("AdminApi", {
    ...adminDefaults,
    environment: { ...adminDefaults.environment, CRM_TARGETS },
    timeout: "30 seconds",
    memory: "1024 MB",
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  api.route("ANY /webhooks/{proxy+}", webhook.arn);
  api.route("GET /healthz", webhook.arn);
  api.route("ANY /api/{proxy+}", admin.arn);
  api.route("GET /openapi.json", admin.arn);
  return { api, webhook, admin };
}
