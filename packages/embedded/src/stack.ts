import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import {
  type Clock,
  type Config,
  type CrmConnector,
  type CrmTarget,
  configuredIntegrations,
  createHandlers,
  type DeliveryStore,
  type Enricher,
  generateSigningSecret,
  type InteractionStore,
  jsonLogger,
  type Logger,
  RuleHitCounter,
  RuleSets,
  routes,
  type SyncFailureStore,
  staticAccountDirectory,
  systemClock,
} from "@scrm/core";
import { crmConnectorsFromConfig } from "@scrm/crm";
import {
  createDynamoClients,
  type DynamoAuditLog,
  DynamoDeliveryStore,
  DynamoInteractionStore,
  type DynamoNotificationStore,
  type DynamoOutbox,
  type DynamoRuleStore,
  decisionStores,
  ensureTable,
} from "@scrm/dynamodb";
import { lexiconEnricher } from "@scrm/enrichment";
import { type App, createApp, webhookConfig } from "@scrm/http";
import { resolveAdminToken, resolveGeneratedSecret } from "./admin-token";
import { startDynalite } from "./dynalite-server";
import { InProcessBus, type InProcessBusOptions } from "./in-process-bus";
import { startJanitor } from "./janitor";
import { startRecovery } from "./recovery";
import { applyRules, readRulesFile } from "./rules-file";
import { startSweeps } from "./sweeps";

export interface EmbeddedOptions {
  config: Config;
  /** Keep dynalite in memory (tests, benchmarks); otherwise it persists under `DATA_DIR`. */
  inMemory?: boolean;
  logger?: Logger;
  clock?: Clock;
  bus?: InProcessBusOptions;
  /** Wraps a store adapter, e.g. to inject a fault in a test; the wrapped adapter still does the work. */
  wrapInteractions?: (store: InteractionStore) => InteractionStore;
  wrapDeliveries?: (store: DeliveryStore) => DeliveryStore;
  /** Failed attempts before a delivery is marked `failed` (tests lower it). */
  maxDeliveryAttempts?: number;
  /** The enrichment method (default: the shipped lexicon method). */
  enricher?: Enricher;
  /** How often due outbox events are published (default 1 s). */
  outboxSweepMs?: number;
  /** The notify retry schedule in ms (tests shorten it). */
  notifySchedule?: readonly number[];
  /** The CRMs to sync to (default: none; `createConnectors(config)` builds them from the configuration). */
  connectors?: Partial<Record<CrmTarget, CrmConnector>>;
  /** The CRM sync retry schedule in ms (tests shorten it). */
  syncRetrySchedule?: readonly number[];
  /** How often expired items are deleted, after the run at start (default hourly; dynalite has no TTL). */
  janitorMs?: number;
}

export interface EmbeddedStack {
  url: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  dynamoEndpoint: string;
  app: App;
  bus: InProcessBus;
  interactions: InteractionStore;
  deliveries: DeliveryStore;
  rules: DynamoRuleStore;
  audit: DynamoAuditLog;
  outbox: DynamoOutbox;
  notifications: DynamoNotificationStore;
  failures: SyncFailureStore;
  /** The `notify` signing secret (`whsec_…`): configured, or generated and kept in the data folder. */
  notifySecret: string;
  /** Waits until every accepted delivery has been processed (tests, benchmarks). */
  settled(): Promise<void>;
  /** Deletes the items expired by now, as the hourly janitor does (tests). */
  deleteExpired(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole system in one Node process: the Hono app on `@hono/node-server`, dynalite as the
 * DynamoDB endpoint (or `DYNAMODB_ENDPOINT`), and the in-process bus built from the routing table.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedStack> {
  const { config } = options;
  const logger = options.logger ?? jsonLogger(config.LOG_LEVEL, (line) => process.stderr.write(line));
  const clock = options.clock ?? systemClock;

  // Validated before anything starts: a broken rules file stops the start with every problem named.
  const rulesFile = config.RULES_FILE ? readRulesFile(config.RULES_FILE) : undefined;

  const dynalite = config.DYNAMODB_ENDPOINT
    ? undefined
    : await startDynalite(options.inMemory ? undefined : join(config.DATA_DIR, "dynamodb"));
  const endpoint = config.DYNAMODB_ENDPOINT ?? (dynalite?.endpoint as string);
  const { client, documents } = createDynamoClients({ endpoint, region: config.AWS_REGION });
  // Anything that fails from here on must not leave dynalite (and its data folder lock) behind.
  try {
    await ensureTable(client, config.DYNAMODB_TABLE);

    const wrapInteractions = options.wrapInteractions ?? ((store) => store);
    const wrapDeliveries = options.wrapDeliveries ?? ((store) => store);
    const interactions = wrapInteractions(new DynamoInteractionStore(documents, config.DYNAMODB_TABLE));
    // dynalite works on one request at a time: two batches in flight overlap one's transfer with the
    // other's write and still make full batches (measured: more throughput and lower latency than 1 or 4).
    const deliveryStore = new DynamoDeliveryStore(documents, config.DYNAMODB_TABLE, {
      maxBatchesInFlight: config.DYNAMODB_ENDPOINT ? 8 : 2,
      now: () => clock.now(),
      retentionDays: config.DELIVERY_RETENTION_DAYS,
    });
    const deliveries = wrapDeliveries(deliveryStore);
    const accounts = staticAccountDirectory(config.WORKSPACE_ACCOUNTS);
    const { outbox, rules, audit, notifications, cases, failures, threads, records, timers } = decisionStores(
      documents,
      config.DYNAMODB_TABLE,
      { retentionDays: config.DELIVERY_RETENTION_DAYS },
    );
    const enricher = options.enricher ?? lexiconEnricher();
    const ruleSets = new RuleSets(rules, logger);
    const notifySecret = resolveGeneratedSecret(
      config.NOTIFY_SIGNING_SECRET,
      config.DATA_DIR,
      "notify-signing-secret",
      generateSigningSecret,
    );
    const hits = new RuleHitCounter();

    const bus: InProcessBus = new InProcessBus(
      routes,
      // The bus takes handlers by name; the routing table says which ones take batches.
      createHandlers({
        deliveries,
        interactions,
        accounts,
        logger,
        clock,
        outbox,
        ruleSets,
        hits,
        enricher,
        notifications,
        notifySecret: notifySecret.value,
        ...(options.notifySchedule ? { notifySchedule: options.notifySchedule } : {}),
        cases,
        failures,
        records,
        threads,
        timers,
        connectors: options.connectors ?? crmConnectorsFromConfig(config, logger),
        ...(options.syncRetrySchedule ? { syncRetrySchedule: options.syncRetrySchedule } : {}),
        bus: { publish: (events) => bus.publish(events) },
        maxDeliveryAttempts: options.maxDeliveryAttempts,
      }),
      logger,
      // One process serves webhooks, the bus and (through dynalite) the table: processing runs after
      // the acknowledgement, and waits while deliveries are being written (never longer than 15 s).
      { concurrency: 2, yieldWhile: () => deliveryStore.acceptingDeliveries, maxYieldMs: 15_000, ...options.bus },
    );

    const { token: adminToken, generated: adminTokenGenerated } = resolveAdminToken(
      config.ADMIN_TOKEN,
      config.DATA_DIR,
    );
    // One process holds every credential: CRM_TARGETS (a summary for AWS functions without them) is not consulted.
    const integrations = configuredIntegrations(config, { declaredCrms: false });
    const app = createApp({
      adminToken,
      ...webhookConfig(config),
      crm: { threads, cases, records },
      deliveries,
      interactions,
      rules,
      audit,
      outbox,
      enricher,
      notifications,
      failures,
      timers,
      ruleSets,
      bus,
      clock,
      logger,
      describe: () => ({ mode: "embedded", ...integrations }),
    });

    if (rulesFile) await applyRules(rulesFile, { rules, audit, clock }, logger);

    const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    const { port } = server.address() as AddressInfo;
    const recovery = startRecovery({ deliveries, bus, clock, logger });
    await recovery.initial;
    const sweeps = startSweeps({
      outboxDeps: { bus, outbox, clock, logger },
      busIdle: () => bus.idle,
      flushHits: () => hits.flush(rules),
      logger,
      outboxSweepMs: options.outboxSweepMs ?? 1_000,
    });
    // dynalite has no TTL: expired items are deleted here, once now (not awaited) and then hourly.
    const janitor = startJanitor({
      documents,
      tableName: config.DYNAMODB_TABLE,
      clock,
      logger,
      busy: () => deliveryStore.acceptingDeliveries,
      ...(options.janitorMs ? { intervalMs: options.janitorMs } : {}),
    });

    const settled = async () => {
      await bus.drain();
      // A delivery accepted while draining is published after it: drain until nothing is pending.
      while ((await deliveries.listPending(1)).length) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await bus.drain();
      }
      await hits.flush(rules);
    };

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        recovery.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await bus.stop();
        await sweeps.stop();
        await janitor.stop();
        client.destroy();
        await dynalite?.stop();
      })();
      return stopping;
    };

    return {
      url: `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`,
      adminToken,
      adminTokenGenerated,
      dynamoEndpoint: endpoint,
      app,
      bus,
      interactions,
      deliveries,
      rules,
      audit,
      outbox,
      notifications,
      notifySecret: notifySecret.value,
      failures,
      settled,
      deleteExpired: () => janitor.run(),
      stop,
    };
  } catch (error) {
    client.destroy();
    await dynalite?.stop();
    throw error;
  }
}

/**
 * The CRMs the configuration names (CONTRACT §1), with the settings of the CRM mapping document
 * (`CRM_MAPPING_FILE` / `CRM_MAPPING`); a bad document stops the start, naming every problem.
 */
