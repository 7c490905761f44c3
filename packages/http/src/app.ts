import type {
  AuditLog,
  Bus,
  Clock,
  CrmRecordIndex,
  DeliveryStore,
  Enricher,
  InteractionStore,
  Logger,
  NotificationStore,
  Outbox,
  RuleSets,
  RuleStore,
  SlaTimerStore,
  SyncFailureStore,
  ThreadCaseStore,
  ThreadReader,
} from "@scrm/core";
import { registerCalendarRoutes } from "./admin/calendars";
import { registerDecisionRoutes } from "./admin/decisions";
import { registerDeliveryRoutes } from "./admin/deliveries";
import { registerInteractionRoutes } from "./admin/interactions";
import { registerNotificationRoutes } from "./admin/notifications";
import { registerRuleRoutes } from "./admin/rules";
import { registerSlaRoutes } from "./admin/sla";
import { registerSlaPolicyRoutes } from "./admin/sla-policies";
import { registerSyncRoutes } from "./admin/sync";
import { bearerAuth } from "./auth";
import { type BaseApp, baseApp } from "./base-app";
import { serveWebhooks } from "./webhook-app";
import type { HubSpotWebhookConfig } from "./webhooks/hubspot";
import type { MetaWebhookConfig } from "./webhooks/meta";
import { documentWebhookRoutes } from "./webhooks/routes";
import type { SalesforceWebhookConfig } from "./webhooks/salesforce";

export interface AppDeps {
  adminToken: string;
  meta: MetaWebhookConfig;
  hubspot: HubSpotWebhookConfig;
  salesforce: SalesforceWebhookConfig;
  /** What the CRM webhooks need to find a case's thread and interactions. */
  crm: { threads: ThreadReader; cases: ThreadCaseStore; records: CrmRecordIndex };
  deliveries: DeliveryStore;
  interactions: InteractionStore;
  rules: RuleStore;
  audit: AuditLog;
  outbox: Outbox;
  enricher: Enricher;
  notifications: NotificationStore;
  failures: SyncFailureStore;
  /** SLA timers (`/sla/at-risk`) and the policies clocks are read with (`remaining`). */
  timers: SlaTimerStore;
  ruleSets: RuleSets;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** What `/healthz` reports besides `ok` (configured integrations, storage). */
  describe?: () => Record<string, unknown>;
}

/** What the admin API needs. */
export type AdminAppDeps = Omit<AppDeps, "meta" | "hubspot" | "salesforce">;

/** The admin API and `/openapi.json`, which documents the webhook routes too (served here or not). */
function serveAdmin(app: BaseApp, deps: AdminAppDeps) {
  app.use("/api/v1/*", bearerAuth(deps.adminToken));
  registerInteractionRoutes(app, deps);
  registerDeliveryRoutes(app, deps.deliveries, deps.bus);
  registerDecisionRoutes(app, deps);
  registerRuleRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerSlaPolicyRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerSyncRoutes(app, deps);
  registerSlaRoutes(app, deps);
  documentWebhookRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "scrm-relay",
      version: "1",
      description: "Social platform webhooks in; admin API over the normalised interactions (CONTRACT v1).",
    },
  });
}

/**
 * The one Hono app with every route: served by `@hono/node-server` in the embedded stack. It speaks
 * only Web Request/Response; adapters are passed in.
 */
export function createApp(deps: AppDeps) {
  const app = baseApp(deps);
  serveWebhooks(app, deps);
  serveAdmin(app, deps);
  return app;
}

/** The admin API, `/openapi.json` (webhooks documented too) and `/healthz`: the AWS admin function. */
export function createAdminApp(deps: AdminAppDeps) {
  const app = baseApp(deps);
  serveAdmin(app, deps);
  return app;
}

export type App = ReturnType<typeof createApp>;
