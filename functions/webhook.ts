import { functionConfig } from "@scrm/aws/secrets";
import { createWebhookApp } from "@scrm/aws/webhook-app";
import { handle } from "hono/aws-lambda";

/**
 * `GET/POST /webhooks/*` and `/healthz` (API Gateway v2 / Function URL payload): verify, store,
 * acknowledge, publish — nothing else, so it stays small and starts fast. Configuration is parsed
 * once per cold start, this function's linked SST secrets over the environment: a missing or invalid
 * setting fails the cold start with a message naming it, rather than every request.
 */
const app = createWebhookApp(functionConfig("webhook"));

export const handler = handle(app);
