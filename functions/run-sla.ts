import { composeAws } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { createHandlers } from "@scrm/core";
import type { EventBridgeEvent } from "aws-lambda";

/** Built once per cold start; SLA policies are cached across invocations by revision. */
const deps = composeAws(functionConfig("run-sla"));
const runSla = createHandlers(deps)["run-sla"];

/**
 * EventBridge target for `sla.timer` (an SLA timer fell due: the outbox sweeper in
 * recover-deliveries publishes it) and `sla.thread-replied` (the brand replied in a thread).
 * Idempotent: fired checkpoints are recorded on the clocks in conditional writes.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  await runSla({ type: event["detail-type"], detail: event.detail });
};
