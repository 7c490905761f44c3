export { DynamoAuditLog } from "./audit-log";
export { createDynamoClients, type DynamoConnection } from "./client";
export { type DecisionStoreOptions, decisionStores } from "./decision-stores";
export { type DeliveryStoreOptions, DynamoDeliveryStore } from "./delivery-store";
export {
  type DeleteExpiredOptions,
  defaultRetentionDays,
  deleteExpired,
  expiresAtAfter,
  isExpired,
  minimumRetentionDays,
} from "./expiry";
export { DynamoInteractionStore } from "./interaction-store";
export { DynamoNotificationStore, type NotificationStoreOptions } from "./notification-store";
export { DynamoOutbox, outboxAttributes, outboxEntry, pendingOf } from "./outbox";
export { DynamoRuleStore } from "./rule-store";
export { DynamoSlaTimerStore } from "./sla-timers";
export { DynamoSyncFailureStore, DynamoThreadCaseStore } from "./sync-stores";
export { ensureTable, keys, tableDefinition } from "./table";
export { DynamoCrmRecordIndex, DynamoThreadReader } from "./thread-reader";
