export { createAdminApiApp } from "./admin-app";
export { type AwsDeps, type AwsExtras, composeAws } from "./compose";
export {
  chunkBySize,
  createEventBridgeClient,
  EventBridgeBus,
  type EventBridgeBusOptions,
  entrySize,
  maxBytesPerCall,
  maxEntriesPerCall,
} from "./eventbridge-bus";
export { type SecretVariable, sstSecretNames } from "./secret-names";
export { functionConfig, linkedSecrets } from "./secrets";
export { sqsBatchHandler } from "./sqs-batch";
export { createWebhookApp } from "./webhook-app";
