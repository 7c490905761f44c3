import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoAuditLog } from "./audit-log";
import { DynamoNotificationStore } from "./notification-store";
import { DynamoOutbox } from "./outbox";
import { DynamoRuleStore } from "./rule-store";
import { DynamoSlaTimerStore } from "./sla-timers";
import { DynamoSyncFailureStore, DynamoThreadCaseStore } from "./sync-stores";
import { DynamoCrmRecordIndex, DynamoThreadReader } from "./thread-reader";

export interface DecisionStoreOptions {
  /** Days a delivered notification is kept (`DELIVERY_RETENTION_DAYS`); default 30, at least 8. */
  retentionDays?: number;
}

/** The stores of the decision layer and CRM sync on one table, built the same way by the embedded stack and on AWS. */
export function decisionStores(
  documents: DynamoDBDocumentClient,
  tableName: string,
  options: DecisionStoreOptions = {},
) {
  return {
    rules: new DynamoRuleStore(documents, tableName),
    audit: new DynamoAuditLog(documents, tableName),
    outbox: new DynamoOutbox(documents, tableName),
    notifications: new DynamoNotificationStore(documents, tableName, options),
    cases: new DynamoThreadCaseStore(documents, tableName),
    failures: new DynamoSyncFailureStore(documents, tableName),
    threads: new DynamoThreadReader(documents, tableName),
    records: new DynamoCrmRecordIndex(documents, tableName),
    timers: new DynamoSlaTimerStore(documents, tableName),
  };
}
