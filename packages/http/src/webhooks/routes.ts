import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod";
import { ErrorBody } from "../errors";
import { CrmAccepted, HubSpotEvents } from "./hubspot";
import { WebhookAccepted } from "./meta";
import { SalesforceCaseEvent } from "./salesforce";

/**
 * The webhook routes as the OpenAPI document describes them. They are served by plain Hono handlers
 * (./meta, ./hubspot, ./salesforce), which check signatures over the raw bytes before parsing; the
 * descriptions live apart so the webhook function never loads the OpenAPI machinery.
 */
const error = (description: string) => ({ description, content: { "application/json": { schema: ErrorBody } } });
const errors = {
  400: error("not parseable"),
  401: error("bad or missing signature"),
  413: error("body over 1 MiB"),
  503: error("secret not configured (names the variable)"),
} as const;

const metaHandshakeRoute = createRoute({
  method: "get",
  path: "/webhooks/meta",
  tags: ["webhooks"],
  summary: "Meta subscription handshake: echoes hub.challenge when hub.verify_token matches META_VERIFY_TOKEN",
  request: {
    query: z.object({
      "hub.mode": z.string().optional(),
      "hub.verify_token": z.string().optional(),
      "hub.challenge": z.string().optional(),
    }),
  },
  responses: {
    200: { description: "the challenge, as text", content: { "text/plain": { schema: z.string() } } },
    400: errors[400],
    403: { description: "verify token does not match", content: { "application/json": { schema: ErrorBody } } },
    503: errors[503],
  },
});

const metaDeliveryRoute = createRoute({
  method: "post",
  path: "/webhooks/meta",
  tags: ["webhooks"],
  summary: "Facebook Page feed, Messenger, Instagram and WhatsApp Cloud events, signed with X-Hub-Signature-256",
  request: {
    headers: z.object({ "x-hub-signature-256": z.string().optional().meta({ description: "sha256=<hex HMAC>" }) }),
    body: {
      content: { "application/json": { schema: z.object({ object: z.string(), entry: z.array(z.unknown()) }) } },
    },
  },
  responses: {
    200: {
      description: "stored durably; processed after this answer",
      content: { "application/json": { schema: WebhookAccepted } },
    },
    ...errors,
  },
});

const hubspotWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/hubspot",
  tags: ["webhooks"],
  summary:
    "HubSpot ticket events (hs_pipeline_stage changes): a ticket moved to a closed stage closes its case and " +
    "resolves the case's interactions; moved out of one, reopens them. Signed with X-HubSpot-Signature-v3.",
  request: {
    headers: z.object({
      "x-hubspot-signature-v3": z.string().optional().meta({
        description: "base64 HMAC-SHA256(client secret, method + URI + body + timestamp)",
      }),
      "x-hubspot-request-timestamp": z.string().optional().meta({ description: "ms since epoch; at most 5 min old" }),
    }),
    body: { content: { "application/json": { schema: HubSpotEvents } } },
  },
  responses: {
    200: { description: "applied", content: { "application/json": { schema: CrmAccepted } } },
    400: error("not parseable"),
    401: error("bad, missing or expired signature"),
    413: error("body over 1 MiB"),
    503: error("HUBSPOT_CLIENT_SECRET not configured"),
  },
});

const salesforceWebhookRoute = createRoute({
  method: "post",
  path: "/webhooks/salesforce",
  tags: ["webhooks"],
  summary:
    "Salesforce case changes from a Flow or Apex callout: closed resolves the case's interactions, reopened " +
    "opens them again, answered stops the first-response clock. Authorization: Bearer <SALESFORCE_WEBHOOK_SECRET> " +
    "or X-SCRM-Signature: sha256=<hex HMAC-SHA256(secret, body)>.",
  request: {
    headers: z.object({
      authorization: z.string().optional().meta({ description: "Bearer <SALESFORCE_WEBHOOK_SECRET>" }),
      "x-scrm-signature": z.string().optional().meta({ description: "sha256=<hex HMAC-SHA256(secret, body)>" }),
    }),
    body: { content: { "application/json": { schema: SalesforceCaseEvent } } },
  },
  responses: {
    200: { description: "applied", content: { "application/json": { schema: CrmAccepted } } },
    400: error("not parseable"),
    401: error("bad or missing secret or signature"),
    413: error("body over 1 MiB"),
    503: error("SALESFORCE_WEBHOOK_SECRET not configured"),
  },
});

/** The webhook routes in an app's OpenAPI document (served or not by that app). */
export function documentWebhookRoutes(app: OpenAPIHono) {
  for (const route of [metaHandshakeRoute, metaDeliveryRoute, hubspotWebhookRoute, salesforceWebhookRoute])
    app.openAPIRegistry.registerPath(route);
}
