import type { RunRulesDeps } from "../decision/run-rules";
import { runRules } from "../decision/run-rules";
import type { InteractionChanged } from "../ingest/interaction-events";
import { type DeliveryReceived, type ProcessDeliveryDeps, processDeliveryWithLimit } from "../ingest/process-delivery";
import { type NotifyRequested, type SendNotificationDeps, sendNotification } from "../notify";
import type { BusEvent } from "../ports";

export type HandlerDeps = ProcessDeliveryDeps &
  RunRulesDeps & {
    notifications: SendNotificationDeps["notifications"];
    /** The Standard Webhooks secret `notify` requests are signed with. */
    notifySecret: string;
    /** Tests shorten the notify retry schedule. */
    notifySchedule?: readonly number[];
    /** Failed attempts before a delivery is marked `failed` (default `maxDeliveryAttempts`). */
    maxDeliveryAttempts?: number;
  };

export type Handler = (event: BusEvent) => Promise<void>;

/**
 * Handler name (as in the routing table) → domain function. The embedded bus registers these; on
 * AWS each is the body of one function in `functions/`.
 */
export function createHandlers(deps: HandlerDeps): Record<string, Handler> {
  return {
    "process-delivery": async (event) => {
      await processDeliveryWithLimit(deps, event.detail as DeliveryReceived);
    },
    "run-rules": async (event) => {
      await runRules(deps, event as BusEvent<InteractionChanged>);
    },
    "send-notification": async (event) => {
      const { notifications, interactions, clock, logger, notifySecret: secret, notifySchedule: schedule } = deps;
      await sendNotification(
        { notifications, interactions, clock, logger, secret, ...(schedule ? { schedule } : {}) },
        event.detail as NotifyRequested,
      );
    },
  };
}
