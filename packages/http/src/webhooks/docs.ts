import type { OpenAPIHono } from "@hono/zod-openapi";
import { hubspotWebhookRoute } from "./hubspot";
import { metaDeliveryRoute, metaHandshakeRoute } from "./meta";
import { salesforceWebhookRoute } from "./salesforce";

/** The webhook routes in an app's OpenAPI document without serving them (the admin function on AWS). */
export function documentWebhookRoutes(app: OpenAPIHono) {
  for (const route of [metaHandshakeRoute, metaDeliveryRoute, hubspotWebhookRoute, salesforceWebhookRoute])
    app.openAPIRegistry.registerPath(route);
}
