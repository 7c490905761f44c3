export { createDynamoClients, type DynamoConnection } from "./client";
export { DynamoDeliveryStore } from "./delivery-store";
export { DynamoInteractionStore } from "./interaction-store";
export { ensureTable, keys, tableDefinition } from "./table";
