import type { RunRulesDeps } from "../decision/run-rules";
import { runRules } from "../decision/run-rules";
import type { InteractionChanged } from "../ingest/interaction-events";
import { type DeliveryReceived, type ProcessDeliveryDeps, processDeliveryWithLimit } from "../ingest/process-delivery";
import { type NotifyRequested, type SendNotificationDeps, sendNotification } from "../notify";
import type { BusEvent } from "../ports";
import { type RunSlaDeps, runSla } from "../sla/run-sla";
import { type SyncDeps, syncBatch } from "../sync/sync-batch";

export type HandlerDeps = ProcessDeliveryDeps &
  RunRulesDeps &
  RunSlaDeps &
  Omit<SyncDeps, "retrySchedule"> & {
    /** Tests shorten the CRM sync retry schedule. */
    syncRetrySchedule?: readonly number[];
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
 * How many times the bus has handed over this batch (1 the first time; on SQS, the highest receive
 * count of its messages): more than 1, an earlier run may have done part of the work.
 */
export interface BatchDelivery {
  attempt: number;
}
/** The handler of a batched route (`Route.batch`). */
export type BatchHandler = (events: BusEvent[], delivery?: BatchDelivery) => Promise<void>;

/**
 * Handler name (as in the routing table) → domain function. The embedded bus registers these; on
 * AWS each is the body of one function in `functions/`.
 */
/** One entry per handler name in the routing table (a type, not an interface, so it is a record of handlers). */
export type Handlers = {
  "process-delivery": Handler;
  "run-rules": Handler;
  "send-notification": Handler;
  "run-sla": Handler;
  "sync-crm": BatchHandler;
};

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    "process-delivery": async (event) => {
      await processDeliveryWithLimit(deps, event.detail as DeliveryReceived);
    },
    "run-rules": async (event) => {
      await runRules(deps, event as BusEvent<InteractionChanged>);
    },
    "sync-crm": async (events, delivery) => {
      await syncBatch(
        { ...deps, ...(deps.syncRetrySchedule ? { retrySchedule: deps.syncRetrySchedule } : {}) },
        events,
        delivery,
      );
    },
    "run-sla": async (event) => {
      await runSla(deps, event);
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
