export { type AwsDeps, type AwsExtras, composeAws, createAdminApiApp, createWebhookApp } from "./compose";
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
export { secretsFromSst } from "./secrets";
export { sqsBatchHandler } from "./sqs-batch";
