export { type App, type AppDeps, createApp } from "./app";
export { maxWebhookBytes } from "./webhooks/raw-body";
