import {
  type Clock,
  type Config,
  type CrmConnector,
  type CrmTarget,
  type Enricher,
  type HandlerDeps,
  RuleHitCounter,
  RuleSets,
  type RuleStore,
  staticAccountDirectory,
  type ThreadReader,
} from "@scrm/core";
import { type DynamoAuditLog, DynamoDeliveryStore, DynamoInteractionStore, decisionStores } from "@scrm/dynamodb";
import { connectAws } from "./connections";

export type AwsDeps = HandlerDeps & { clock: Clock; rules: RuleStore; audit: DynamoAuditLog; threads: ThreadReader };

/** What only some functions carry, passed in by their entry points so the others' bundles leave it out. */
export interface AwsExtras {
  /** The CRM connectors (`@scrm/crm`): sync-crm only. None: syncs wait, are listed, never dropped. */
  connectors?: (logger: AwsDeps["logger"]) => Partial<Record<CrmTarget, CrmConnector>>;
  /** Language, sentiment and intent (`@scrm/enrichment`): the rules pass and the admin API's dry run. */
  enricher?: Enricher;
  /**
   * `NOTIFY_SIGNING_SECRET`, which signs the `notify` POSTs: send-notification only, the one function
   * linked to it (and the only one that signs). Checked where a notification is sent: a stage
   * without notify rules needs no secret.
   */
  notifySecret?: string | undefined;
}

/** For a function that never enriches: saying so beats a silent empty result. */
const noEnricher: Enricher = {
  method: "none",
  enrich: async () => {
    throw new Error("enrichment is not composed into this function (pass `enricher` to composeAws)");
  },
};

/**
 * The adapters on AWS, as the embedded stack builds them locally: DynamoDB stores, EventBridge as
 * the bus, JSON logs for CloudWatch. Built once per cold start; the SDK clients are reused. The CRM
 * clients and the lexicons are heavy (megabytes, hundreds of ms to load): each function's entry
 * point passes only what it uses (`extras`), so the others neither bundle nor load them.
 */
export function composeAws(config: Config, extras: AwsExtras = {}): AwsDeps {
  const { documents, table, retention, bus, logger, clock } = connectAws(config);
  const stores = decisionStores(documents, table, retention);
  const connectors = extras.connectors?.(logger) ?? {};
  return {
    ...stores,
    notifySecret: extras.notifySecret ?? "",
    ruleSets: new RuleSets(stores.rules, logger),
    // A CRM that is not configured has no connector: its syncs wait, are listed, never dropped.
    connectors,
    hits: new RuleHitCounter(),
    enricher: extras.enricher ?? noEnricher,
    deliveries: new DynamoDeliveryStore(documents, table, retention),
    interactions: new DynamoInteractionStore(documents, table),
    bus,
    accounts: staticAccountDirectory(config.WORKSPACE_ACCOUNTS),
    logger,
    clock,
  };
}
