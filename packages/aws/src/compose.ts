import {
  type Clock,
  type Config,
  configuredIntegrations,
  type HandlerDeps,
  inputError,
  jsonLogger,
  RuleHitCounter,
  RuleSets,
  type RuleStore,
  staticAccountDirectory,
  systemClock,
  type ThreadReader,
} from "@scrm/core";
import { crmConnectorsFromConfig } from "@scrm/crm";
import {
  createDynamoClients,
  type DynamoAuditLog,
  DynamoDeliveryStore,
  DynamoInteractionStore,
  decisionStores,
} from "@scrm/dynamodb";
import { lexiconEnricher } from "@scrm/enrichment";
import { type App, createApp, webhookConfig } from "@scrm/http";
import { EventBridgeBus } from "./eventbridge-bus";

export type AwsDeps = HandlerDeps & { clock: Clock; rules: RuleStore; audit: DynamoAuditLog; threads: ThreadReader };

/**
 * The adapters on AWS, as the embedded stack builds them locally: DynamoDB stores, EventBridge as
 * the bus, JSON logs for CloudWatch. Built once per cold start; the SDK clients are reused.
 */
export function composeAws(config: Config): AwsDeps {
  const { documents } = createDynamoClients({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  const logger = jsonLogger(config.LOG_LEVEL);
  const stores = decisionStores(documents, config.DYNAMODB_TABLE);
  const connectors = crmConnectorsFromConfig(config, logger);
  return {
    ...stores,
    // Checked where a notification is sent: a stage without notify rules needs no secret.
    notifySecret: config.NOTIFY_SIGNING_SECRET ?? "",
    ruleSets: new RuleSets(stores.rules, logger),
    // A CRM that is not configured has no connector: its syncs wait, are listed, never dropped.
    connectors,
    hits: new RuleHitCounter(),
    enricher: lexiconEnricher(),
    deliveries: new DynamoDeliveryStore(documents, config.DYNAMODB_TABLE),
    interactions: new DynamoInteractionStore(documents, config.DYNAMODB_TABLE),
    bus: new EventBridgeBus({
      busName: config.EVENT_BUS_NAME,
      region: config.AWS_REGION,
      endpoint: config.EVENTBRIDGE_ENDPOINT,
      logger,
    }),
    accounts: staticAccountDirectory(config.WORKSPACE_ACCOUNTS),
    logger,
    clock: systemClock,
  };
}

/** The Hono app the webhook function serves. On AWS nothing generates an admin token: it must be set. */
export function createWebhookApp(config: Config, given?: AwsDeps): App {
  if (!config.ADMIN_TOKEN) {
    throw inputError(
      "config.missing",
      "ADMIN_TOKEN is required on AWS (set the AdminToken secret: npx sst secret set AdminToken <value>)",
      { variable: "ADMIN_TOKEN" },
    );
  }
  const deps = given ?? composeAws(config);
  const integrations = configuredIntegrations(config);
  return createApp({
    adminToken: config.ADMIN_TOKEN,
    ...webhookConfig(config),
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
