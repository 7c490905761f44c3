import { type Config, jsonLogger, systemClock } from "@scrm/core";
import { createDynamoClients } from "@scrm/dynamodb";
import { EventBridgeBus } from "./eventbridge-bus";

/**
 * What every function's composition starts from: the DynamoDB document client on the configured
 * table, the EventBridge bus, JSON logs for CloudWatch and the system clock, each built once per
 * cold start and reused across invocations.
 */
export function connectAws(config: Config) {
  const { documents } = createDynamoClients({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  const logger = jsonLogger(config.LOG_LEVEL);
  const bus = new EventBridgeBus({
    busName: config.EVENT_BUS_NAME,
    region: config.AWS_REGION,
    endpoint: config.EVENTBRIDGE_ENDPOINT,
    logger,
  });
  return {
    documents,
    table: config.DYNAMODB_TABLE,
    /** How long settled deliveries and delivered notifications are kept. */
    retention: { retentionDays: config.DELIVERY_RETENTION_DAYS },
    bus,
    logger,
    clock: systemClock,
  };
}
