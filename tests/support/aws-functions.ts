import { createDynamoClients, DynamoDeliveryStore, DynamoInteractionStore, ensureTable } from "@scrm/dynamodb";
import { startDynalite } from "@scrm/embedded";
import { type FakeEventBridge, startFakeEventBridge } from "../fakes/eventbridge";

export const functionRegion = "eu-west-1";
export const functionBusName = "scrm-relay-test-bus";

/**
 * What the stack gives a function on AWS, locally: a DynamoDB-compatible table (dynalite) and a
 * PutEvents fake, named in the environment the function reads once at load. Set before importing
 * the function module.
 */
export async function startFunctionEnvironment(table: string, env: Record<string, string> = {}) {
  const [dynamo, eventBridge] = await Promise.all([startDynalite(undefined), startFakeEventBridge()]);
  const { client, documents } = createDynamoClients({ endpoint: dynamo.endpoint, region: functionRegion });
  await ensureTable(client, table);
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    DYNAMODB_TABLE: table,
    EVENTBRIDGE_ENDPOINT: eventBridge.endpoint,
    EVENT_BUS_NAME: functionBusName,
    AWS_REGION: functionRegion,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    LOG_LEVEL: "silent",
    ...env,
  });
  return {
    eventBridge: eventBridge as FakeEventBridge,
    deliveries: new DynamoDeliveryStore(documents, table),
    interactions: new DynamoInteractionStore(documents, table),
    async stop() {
      client.destroy();
      await Promise.all([eventBridge.stop(), dynamo.stop()]);
    },
  };
}
