import {
  type Bus,
  type Clock,
  type DeliveryStore,
  deliveryReceivedEvent,
  type Logger,
  newDelivery,
  type Source,
} from "@scrm/core";

export interface AcceptDeps {
  deliveries: DeliveryStore;
  bus: Bus;
  clock: Clock;
  logger: Logger;
}

/**
 * Stores a verified delivery durably, then hands it to the bus. Only the store decides the answer:
 * when the bus is unreachable the delivery stays pending and the recovery sweep processes it.
 */
export async function acceptDelivery(deps: AcceptDeps, source: Source, body: string) {
  const delivery = newDelivery(source, body, deps.clock.now());
  await deps.deliveries.save(delivery);
  // Awaited: on Lambda nothing runs after the response. The embedded bus only enqueues here.
  try {
    await deps.bus.publish([deliveryReceivedEvent(delivery)]);
  } catch (error) {
    deps.logger.warn("could not publish delivery.received; recovery will pick it up", {
      deliveryId: delivery.id,
      error: String(error),
    });
  }
  return delivery;
}
