import { createHash } from "node:crypto";
import type { RawDelivery, Source } from "../delivery/schema";
import type { DeliveryReceived } from "./process-delivery";

/**
 * A delivery's id is a hash of its source and exact bytes: a platform's retry of the same POST
 * lands on the same stored item, and processing it again has no second effect.
 */
export function newDelivery(source: Source, body: string, receivedAt: Date): RawDelivery {
  const id = createHash("sha256").update(source).update("\n").update(body).digest("base64url").slice(0, 32);
  return { id, source, receivedAt: receivedAt.toISOString(), body, status: "pending", attempts: 0 };
}

/** EventBridge caps an event at 256 KB: larger deliveries travel by id and are read back. */
const inlineLimitBytes = 200 * 1024;

export function deliveryReceivedEvent(delivery: RawDelivery): { type: "delivery.received"; detail: DeliveryReceived } {
  const inline = Buffer.byteLength(delivery.body) <= inlineLimitBytes;
  return {
    type: "delivery.received",
    detail: inline ? { deliveryId: delivery.id, delivery } : { deliveryId: delivery.id },
  };
}
