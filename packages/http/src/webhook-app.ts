import type { Env, Hono } from "hono";
import type { AppDeps } from "./app";
import { plainApp } from "./plain-app";
import { registerHubSpotWebhook } from "./webhooks/hubspot";
import { registerMetaWebhook } from "./webhooks/meta";
import { registerSalesforceWebhook } from "./webhooks/salesforce";

/** What the webhook routes need: the raw deliveries, the bus, and the CRM stores for the CRMs' webhooks. */
export type WebhookAppDeps = Pick<
  AppDeps,
  | "meta"
  | "hubspot"
  | "salesforce"
  | "crm"
  | "deliveries"
  | "interactions"
  | "outbox"
  | "bus"
  | "clock"
  | "logger"
  | "describe"
>;

/** The webhook routes on an app (the embedded app has them beside the admin API). */
export function serveWebhooks(app: Hono<Env>, deps: WebhookAppDeps) {
  registerMetaWebhook(app, deps.meta, deps);
  registerHubSpotWebhook(app, deps.hubspot, { ...deps, ...deps.crm });
  registerSalesforceWebhook(app, deps.salesforce, { ...deps, ...deps.crm });
}

/**
 * The platforms' and CRMs' webhooks and `/healthz` only: the AWS webhook function, kept small and
 * quick to start, with no admin API, no admin token and no lexicons.
 */
export function createWebhookOnlyApp(deps: WebhookAppDeps) {
  const app = plainApp(deps);
  serveWebhooks(app, deps);
  return app;
}
