import { composeAws } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { createHandlers } from "@scrm/core";
import { lexiconEnricher } from "@scrm/enrichment";
import type { EventBridgeEvent } from "aws-lambda";

/** Built once per cold start; the compiled rule sets are cached across invocations by revision. */
const deps = composeAws(functionConfig("run-rules"), {
  enricher: lexiconEnricher(),
});
const runRules = createHandlers(deps)["run-rules"];
if (!runRules) throw new Error('createHandlers has no "run-rules" handler');

/**
 * EventBridge target for `interaction.*` and `sla.*` (rules built from the routing table): enrich,
 * run the rules, write, publish their effects. Idempotent: a trigger no longer pending on the
 * interaction was handled already. Rule hit counts are written before the invocation ends.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  try {
    await runRules({ type: event["detail-type"], detail: event.detail });
  } finally {
    await deps.hits
      .flush(deps.rules)
      .catch((error: unknown) => deps.logger.warn("rule hits not written", { error: String(error) }));
  }
};
