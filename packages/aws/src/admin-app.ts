import { type Config, configuredIntegrations, inputError } from "@scrm/core";
import { type App, createAdminApp } from "@scrm/http";
import { type AwsDeps, type AwsExtras, composeAws } from "./compose";

/** The admin function's app. On AWS nothing generates an admin token: it must be set. */
export function createAdminApiApp(config: Config, given?: AwsDeps, extras: AwsExtras = {}): App {
  if (!config.ADMIN_TOKEN) {
    throw inputError(
      "config.missing",
      "ADMIN_TOKEN is required on AWS (set the AdminToken secret: npx sst secret set AdminToken <value>)",
      { variable: "ADMIN_TOKEN" },
    );
  }
  const deps = given ?? composeAws(config, extras);
  const integrations = configuredIntegrations(config);
  return createAdminApp({
    adminToken: config.ADMIN_TOKEN,
    crm: { threads: deps.threads, cases: deps.cases, records: deps.records },
    deliveries: deps.deliveries,
    interactions: deps.interactions,
    rules: deps.rules,
    audit: deps.audit,
    outbox: deps.outbox,
    enricher: deps.enricher,
    notifications: deps.notifications,
    failures: deps.failures,
    timers: deps.timers,
    ruleSets: deps.ruleSets,
    bus: deps.bus,
    clock: deps.clock,
    logger: deps.logger,
    describe: () => ({ mode: "aws", ...integrations }),
  });
}
