import { type Config, configuredIntegrations } from "@scrm/core";
import type { App } from "@scrm/http";
import { createWebhookOnlyApp } from "@scrm/http/webhook-app";
import { webhookConfig } from "@scrm/http/webhook-config";
import { type AwsDeps, composeAws } from "./compose";

/**
 * The webhook function's app: the platforms' and the CRMs' webhooks and `/healthz`, nothing else —
 * small and quick to start, since the platforms time out after a few seconds.
 */
export function createWebhookApp(config: Config, given?: AwsDeps): App {
  const deps = given ?? composeAws(config);
  const integrations = configuredIntegrations(config);
  return createWebhookOnlyApp({
    ...webhookConfig(config),
    crm: { threads: deps.threads, cases: deps.cases, records: deps.records },
    deliveries: deps.deliveries,
    interactions: deps.interactions,
    outbox: deps.outbox,
    bus: deps.bus,
    clock: deps.clock,
    logger: deps.logger,
    describe: () => ({ mode: "aws", ...integrations }),
  });
}
