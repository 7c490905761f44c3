export { DynamoAuditLog } from "./audit-log";
export { createDynamoClients, type DynamoConnection } from "./client";
export { decisionStores } from "./decision-stores";
export { DynamoDeliveryStore } from "./delivery-store";
export { DynamoInteractionStore } from "./interaction-store";
export { DynamoNotificationStore } from "./notification-store";
export { DynamoOutbox, outboxAttributes, outboxEntry, pendingOf } from "./outbox";
export { DynamoRuleStore } from "./rule-store";
export { ensureTable, keys, tableDefinition } from "./table";
