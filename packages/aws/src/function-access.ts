import type { SecretVariable } from "./secret-names";

/**
 * What each Lambda function may do on AWS, and nothing more: the one manifest the stacks build every
 * function's `link` and IAM `permissions` from, and that `tests/stacks/` holds against the code each
 * entry point reaches (the secrets its bundle reads, the DynamoDB and EventBridge calls it makes).
 * Pure data with type imports only, so `stacks/` loads it without the runtime adapters.
 *
 * Keys are the entry points' file names in `functions/`; the bus handlers' names are those of core's
 * routing table.
 */

/** A DynamoDB data-plane action, as IAM names it without `dynamodb:` (granted on the table and its indexes). */
export type TableAction =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "BatchGetItem"
  | "BatchWriteItem";

export interface FunctionAccess {
  /** The SST secrets linked to the function, by the configuration variable each fills. */
  readonly secrets: readonly SecretVariable[];
  /** DynamoDB actions on the table and its indexes. */
  readonly table: readonly TableAction[];
  /** `events:PutEvents` on the bus. */
  readonly publishesEvents: boolean;
}

export const functionAccess = {
  /**
   * `/webhooks/*`, `/healthz`. Meta: the raw delivery is group-committed (BatchWriteItem), then
   * `delivery.received` is published. The CRMs' webhooks find the case (GetItem: the CRM record
   * index, the thread's case; PutItem: the case closed or reopened), list the thread (Query on its
   * index), rewrite each interaction (GetItem, PutItem, its tag hints by BatchWriteItem) and publish
   * its outbox (PutEvents; UpdateItem settles what needs no consumer). It never deletes.
   */
  webhook: {
    secrets: ["META_APP_SECRET", "META_VERIFY_TOKEN", "HUBSPOT_CLIENT_SECRET", "SALESFORCE_WEBHOOK_SECRET"],
    table: ["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem"],
    publishesEvents: true,
  },
  /**
   * `/api/v1/*`, `/openapi.json`: every store's reads and writes. DeleteItem: calendars, SLA
   * policies and retried sync failures are removed, and listing pending deliveries unlists a closed
   * minute; BatchGetItem: listing by tag; PutEvents: retries (deliveries, notifications, syncs) and
   * overrides publish at once.
   */
  "admin-api": {
    secrets: ["ADMIN_TOKEN"],
    table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem", "BatchWriteItem"],
    publishesEvents: true,
  },
  /**
   * Every minute: the pending deliveries of the listed minutes (Query, with their body parts), a
   * closed minute unlisted (DeleteItem), the due outboxes (Query on the due index) settled
   * (UpdateItem) and published. It reads no single item and writes no batch.
   */
  "recover-deliveries": {
    secrets: [],
    table: ["Query", "UpdateItem", "DeleteItem"],
    publishesEvents: true,
  },
  /**
   * `delivery.received`: the delivery (GetItem, its body parts by Query), each interaction read and
   * written (GetItem, PutItem, tag hints by BatchWriteItem), the delivery settled or its failure
   * counted (UpdateItem), `interaction.*` published.
   */
  "process-delivery": {
    secrets: [],
    table: ["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem"],
    publishesEvents: true,
  },
  /**
   * `interaction.*`, `sla.warning`, `sla.breached`: the interaction and the rule set's revision
   * (GetItem), rules, calendars, policies and the thread (Query), the pass written (PutItem, tag
   * hints by BatchWriteItem), its outbox published and settled (PutEvents, UpdateItem), rule hit
   * counters (UpdateItem).
   */
  "run-rules": {
    secrets: [],
    table: ["GetItem", "PutItem", "UpdateItem", "Query", "BatchWriteItem"],
    publishesEvents: true,
  },
  /**
   * `sla.timer`, `sla.thread-replied`: like the rules pass, plus the interaction's timer item, set
   * (PutItem) or removed when no clock is left running (DeleteItem).
   */
  "run-sla": {
    secrets: [],
    table: ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchWriteItem"],
    publishesEvents: true,
  },
  /**
   * `notify.requested`: the notification and its interaction (GetItem), the record created and each
   * attempt written whole (PutItem). The next attempt waits in the record's own outbox, which the
   * recovery sweep publishes: this function publishes nothing.
   */
  "send-notification": {
    secrets: ["NOTIFY_SIGNING_SECRET"],
    table: ["GetItem", "PutItem"],
    publishesEvents: false,
  },
  /**
   * `sync.requested` batches from SQS: the interactions and their thread's case (GetItem), the case,
   * the CRM record index and failures for good (PutItem), the answers written back (PutItem, tag hints
   * by BatchWriteItem), and events the interaction still carried published and settled (PutEvents,
   * UpdateItem). The CRM connectors' settings are its secrets.
   */
  "sync-crm": {
    secrets: [
      "SALESFORCE_INSTANCE_URL",
      "SALESFORCE_ACCESS_TOKEN",
      "SALESFORCE_LOGIN_URL",
      "SALESFORCE_CLIENT_ID",
      "SALESFORCE_CLIENT_SECRET",
      "SALESFORCE_USERNAME",
      "SALESFORCE_PRIVATE_KEY",
      "HUBSPOT_ACCESS_TOKEN",
      "CRM_MAPPING",
    ],
    table: ["GetItem", "PutItem", "UpdateItem", "BatchWriteItem"],
    publishesEvents: true,
  },
} as const satisfies Record<string, FunctionAccess>;

/** A function of the manifest: `functions/<name>.ts`. */
export type FunctionName = keyof typeof functionAccess;

/** Whether `name` has an entry (a routing-table handler name, say). */
export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(functionAccess, name);
}
