export { type App, type AppDeps, createApp } from "./app";
export { webhookConfig } from "./webhook-config";
export { maxWebhookBytes } from "./webhooks/raw-body";
