import type { ProcessingReport, RawDelivery, Source } from "../delivery/schema";
import { RelayError } from "../errors";
import { applyObservation } from "../interaction/apply";
import { interactionId } from "../interaction/id";
import { Interaction } from "../interaction/schema";
import { normaliseMeta } from "../normalise/meta";
import type { NormaliseResult, Observation } from "../normalise/observation";
import { outboxWrite } from "../outbox";
import type {
  AccountDirectory,
  Bus,
  BusEvent,
  Clock,
  DeliveryStore,
  InteractionStore,
  Logger,
  PendingEvent,
} from "../ports";
import { retryOnConflict } from "../store/retry-on-conflict";
import { type InteractionChanged, interactionChanged } from "./interaction-events";

export const normalisers: Record<Source, (body: unknown) => NormaliseResult> = {
  meta: normaliseMeta,
};

export interface ProcessDeliveryDeps {
  deliveries: DeliveryStore;
  interactions: InteractionStore;
  bus: Bus;
  accounts: AccountDirectory;
  logger: Logger;
  clock: Clock;
}

export interface DeliveryReceived {
  deliveryId: string;
  /** Carried inline when small (the embedded bus), so the handler skips a read. */
  delivery?: RawDelivery;
}

/**
 * Failed attempts (bus retries and recovery sweeps together) before a delivery is marked `failed`:
 * kept with its error and listed for a person to look at and retry, instead of retried forever.
 */
export const maxDeliveryAttempts = 24;

/**
 * `processDelivery`, counting failures: below the limit the error goes back to the bus (which
 * retries); at the limit the delivery is settled as `failed` and the error is not rethrown.
 */
export async function processDeliveryWithLimit(
  deps: ProcessDeliveryDeps & { maxDeliveryAttempts?: number },
  input: DeliveryReceived,
): Promise<void> {
  try {
    await processDelivery(deps, input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = await deps.deliveries.recordFailure(input.deliveryId, message);
    if (attempts < (deps.maxDeliveryAttempts ?? maxDeliveryAttempts)) throw error;
    deps.logger.error("delivery failed too often; marked failed, kept for a retry", {
      deliveryId: input.deliveryId,
      attempts,
      error: message,
    });
    await deps.deliveries.settle(input.deliveryId, {
      status: "failed",
      attempts,
      report: { interactionIds: [], workspaceIds: [], skipped: [], error: message },
    });
  }
}

/**
 * Runs after the acknowledgement: normalise a stored delivery and fold each observation into its
 * interaction. Safe to run any number of times for the same delivery (at-least-once bus, recovery).
 */
export async function processDelivery(deps: ProcessDeliveryDeps, input: DeliveryReceived): Promise<ProcessingReport> {
  const delivery = input.delivery ?? (await deps.deliveries.get(input.deliveryId));
  if (!delivery) throw new RelayError("not_found", "delivery.not_found", `delivery ${input.deliveryId} is not stored`);

  let body: unknown;
  try {
    body = JSON.parse(delivery.body);
  } catch (cause) {
    // Verified at the edge already; a body that no longer parses is kept and reported, never retried forever.
    const report: ProcessingReport = {
      interactionIds: [],
      workspaceIds: [],
      skipped: [],
      error: `body is not JSON: ${String(cause)}`,
    };
    await deps.deliveries.settle(delivery.id, { status: "failed", report, attempts: delivery.attempts + 1 });
    return report;
  }

  const result = normalisers[delivery.source](body);
  const events: BusEvent[] = [];
  const interactionIds: string[] = [];
  const workspaceIds = new Set<string>();
  // In order: an `add` and its `edited` may arrive in one POST, and the edit must win.
  for (const observation of result.observations) {
    const { event, workspaceId } = await applyWithRetry(deps, delivery, observation);
    interactionIds.push(interactionId(observation.draft.platform, observation.draft.externalId));
    workspaceIds.add(workspaceId);
    if (event) events.push(event);
  }
  if (events.length) await deps.bus.publish(events);

  const unrecognised = result.skipped.filter((item) => item.kind === "unrecognised");
  if (unrecognised.length) {
    deps.logger.warn("delivery held parts we do not recognise; kept as raw delivery", {
      deliveryId: delivery.id,
      source: delivery.source,
      unrecognised,
    });
  }
  const report: ProcessingReport = {
    interactionIds: [...new Set(interactionIds)],
    workspaceIds: [...workspaceIds],
    skipped: result.skipped,
  };
  await deps.deliveries.settle(delivery.id, {
    status: unrecognised.length ? "unrecognised" : "processed",
    report,
    attempts: delivery.attempts + 1,
  });
  return report;
}

/**
 * Folds one observation in and writes the interaction with its `interaction.*` event in the same
 * item's outbox: the event survives a crash before it is published, and the rules pass (its awaited
 * consumer) removes it with its own write. A reprocessed delivery finds its event still pending
 * (a crash between write and publish) and publishes it again.
 */
async function applyWithRetry(
  deps: ProcessDeliveryDeps,
  delivery: RawDelivery,
  observation: Observation,
): Promise<{ event: BusEvent | undefined; workspaceId: string }> {
  const id = interactionId(observation.draft.platform, observation.draft.externalId);
  const workspaceId = await deps.accounts.workspaceFor(observation.draft.platform, observation.draft.account.id);
  return retryOnConflict(async () => {
    const stored = await deps.interactions.get(id);
    const tenant = stored?.interaction.workspaceId ?? workspaceId;
    const outcome = applyObservation(stored?.interaction, observation, {
      workspaceId: tenant,
      deliveryId: delivery.id,
      receivedAt: delivery.receivedAt,
    });
    if (!outcome.next || !outcome.event) {
      const unpublished = stored?.pending.find((event) => event.id === observation.eventKey);
      return { event: unpublished && { type: unpublished.type, detail: unpublished.detail }, workspaceId: tenant };
    }
    const next = Interaction.parse(outcome.next);
    const event: PendingEvent<InteractionChanged> = interactionChanged(outcome.event, next, {
      eventId: observation.eventKey,
      change: observation.change,
    });
    await deps.interactions.put(next, stored?.version, outboxWrite(stored?.pending ?? [], [event], deps.clock.now()));
    return { event: { type: event.type, detail: event.detail }, workspaceId: tenant };
  });
}
