export { type AdminAppDeps, type App, type AppDeps, createAdminApp, createApp } from "./app";
export { createWebhookOnlyApp, type WebhookAppDeps } from "./webhook-app";
export { webhookConfig } from "./webhook-config";
export { maxWebhookBytes } from "./webhooks/raw-body";
