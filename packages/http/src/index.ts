export {
  type AdminAppDeps,
  type App,
  type AppDeps,
  createAdminApp,
  createApp,
  createWebhookOnlyApp,
  type WebhookAppDeps,
} from "./app";
export { webhookConfig } from "./webhook-config";
export { maxWebhookBytes } from "./webhooks/raw-body";
