import { type DeliveryReceived, type ProcessDeliveryDeps, processDeliveryWithLimit } from "../ingest/process-delivery";
import type { BusEvent } from "../ports";

export type HandlerDeps = ProcessDeliveryDeps & {
  /** Failed attempts before a delivery is marked `failed` (default `maxDeliveryAttempts`). */
  maxDeliveryAttempts?: number;
};

/**
 * Handler name (as in the routing table) → domain function. The embedded bus registers these; on
 * AWS each is the body of one function in `functions/`.
 */
export function createHandlers(deps: HandlerDeps): Record<string, (event: BusEvent) => Promise<void>> {
  return {
    "process-delivery": async (event) => {
      await processDeliveryWithLimit(deps, event.detail as DeliveryReceived);
    },
  };
}
