import { createAdminApiApp } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { lexiconEnricher } from "@scrm/enrichment";
import { handle } from "hono/aws-lambda";

/**
 * `/api/v1/*`, `/openapi.json` and `/healthz` (API Gateway v2 payload): the admin API, its own
 * function so admin work never competes with the platforms' deliveries. It refuses to start without
 * ADMIN_TOKEN (an SST secret).
 */
const app = createAdminApiApp(functionConfig("admin-api"), undefined, {
  // The dry run (`POST /api/v1/rules/test`) enriches like the rules pass.
  enricher: lexiconEnricher(),
});

export const handler = handle(app);
