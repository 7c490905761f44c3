import { functionDefaults } from "./functions";
import { type Secrets, secretEnvironment } from "./secrets";

/**
 * The webhook function behind a Function URL: platform webhooks (`/webhooks/*`), the admin API
 * (`/api/v1/*`) and `/healthz`. Handlers acknowledge after the durable write, so a short timeout.
 */
export function createWebhooks({ table, bus, secrets }: { table: sst.aws.Dynamo; bus: sst.aws.Bus; secrets: Secrets }) {
  const defaults = functionDefaults(table, bus);
  return new sst.aws.Function("Webhook", {
    ...defaults,
    handler: "functions/webhook.handler",
    url: true,
    timeout: "10 seconds",
    memory: "512 MB",
    link: [...defaults.link, ...Object.values(secrets)],
    environment: { ...defaults.environment, ...secretEnvironment(secrets) },
  });
}
