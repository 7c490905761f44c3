import { composeAws } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { createHandlers } from "@scrm/core";
import type { EventBridgeEvent } from "aws-lambda";

/** Built once per cold start; the SDK clients are reused across invocations. */
const config = functionConfig("process-delivery");
const processDelivery = createHandlers(composeAws(config))["process-delivery"];
if (!processDelivery) throw new Error('createHandlers has no "process-delivery" handler');

/**
 * EventBridge target for `delivery.received` (rule built from the routing table in stacks/bus.ts):
 * normalises the stored delivery into interactions. Safe to repeat; throwing hands the event back
 * to Lambda's asynchronous retries.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  await processDelivery({ type: event["detail-type"], detail: event.detail });
};
