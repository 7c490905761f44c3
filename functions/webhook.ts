import { createWebhookApp, secretsFromSst } from "@scrm/aws";
import { parseConfig } from "@scrm/core";
import { lexiconEnricher } from "@scrm/enrichment";
import { handle } from "hono/aws-lambda";

/**
 * `POST/GET /webhooks/*` and `/api/v1/*` behind a Lambda Function URL (API Gateway v2 payload).
 * Configuration is parsed once per cold start, the linked SST secrets over the environment: a
 * missing or invalid setting fails the cold start with a message naming it, rather than every request.
 */
const app = createWebhookApp(parseConfig({ ...process.env, ...secretsFromSst() }), undefined, {
  // The admin API's dry run (`POST /api/v1/rules/test`) enriches like the rules pass.
  enricher: lexiconEnricher(),
});

export const handler = handle(app);
