import { type DeliveryReceived, type ProcessDeliveryDeps, processDelivery } from "../ingest/process-delivery";
import type { BusEvent } from "../ports";

export type HandlerDeps = ProcessDeliveryDeps;

/**
 * Handler name (as in the routing table) → domain function. The embedded bus registers these; on
 * AWS each is the body of one function in `functions/`.
 */
export function createHandlers(deps: HandlerDeps): Record<string, (event: BusEvent) => Promise<void>> {
  return {
    "process-delivery": async (event) => {
      await processDelivery(deps, event.detail as DeliveryReceived);
    },
  };
}
