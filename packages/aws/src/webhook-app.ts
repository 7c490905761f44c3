import { type Config, configuredIntegrations } from "@scrm/core";
import {
  DynamoCrmRecordIndex,
  DynamoDeliveryStore,
  DynamoInteractionStore,
  DynamoOutbox,
  DynamoThreadCaseStore,
  DynamoThreadReader,
} from "@scrm/dynamodb";
import { createWebhookOnlyApp, type WebhookAppDeps } from "@scrm/http/webhook-app";
import { webhookConfig } from "@scrm/http/webhook-config";
import { connectAws } from "./connections";

/** The adapters the webhook routes use, and nothing else. */
export type WebhookAdapters = Pick<
  WebhookAppDeps,
  "crm" | "deliveries" | "interactions" | "outbox" | "bus" | "clock" | "logger"
>;

/**
 * Only what the webhooks touch: the raw deliveries, and the interactions, cases and CRM records the
 * CRMs' webhooks change. Not `composeAws`, whose rule, SLA and notification stores would be
 * loaded (and their schemas built) on every cold start of the function that must answer fastest.
 */
export function composeWebhook(config: Config): WebhookAdapters {
  const { documents, table, retention, bus, logger, clock } = connectAws(config);
  return {
    crm: {
      threads: new DynamoThreadReader(documents, table),
      cases: new DynamoThreadCaseStore(documents, table),
      records: new DynamoCrmRecordIndex(documents, table),
    },
    deliveries: new DynamoDeliveryStore(documents, table, retention),
    interactions: new DynamoInteractionStore(documents, table),
    outbox: new DynamoOutbox(documents, table),
    bus,
    clock,
    logger,
  };
}

/**
 * The webhook function's app: the platforms' and the CRMs' webhooks and `/healthz`, nothing else —
 * small and quick to start, since the platforms time out after a few seconds.
 */
export function createWebhookApp(config: Config, given?: WebhookAdapters): ReturnType<typeof createWebhookOnlyApp> {
  const adapters = given ?? composeWebhook(config);
  const integrations = configuredIntegrations(config);
  return createWebhookOnlyApp({
    ...webhookConfig(config),
    ...adapters,
    describe: () => ({ mode: "aws", ...integrations }),
  });
}
