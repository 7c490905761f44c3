import { createHash } from "node:crypto";
import type { RawDelivery, Source } from "../delivery/schema";
import type { DeliveryReceived } from "./process-delivery";

/**
 * A delivery's id is the minute it arrived (`YYYYMMDDhhmm`, so stores can bucket by time) and a
 * hash of its source and exact bytes: a platform's retry of the same POST within the minute lands
 * on the same stored item, and processing any copy again has no second effect.
 */
export function newDelivery(source: Source, body: string, receivedAt: Date): RawDelivery {
  const hash = createHash("sha256").update(source).update("\n").update(body).digest("base64url").slice(0, 32);
  return {
    id: `${arrivalMinute(receivedAt)}-${hash}`,
    source,
    receivedAt: receivedAt.toISOString(),
    body,
    status: "pending",
    attempts: 0,
  };
}

/** The minute an instant falls in, as delivery ids carry it: `YYYYMMDDhhmm` (UTC). */
export function arrivalMinute(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-T:]/g, "");
}

/** The arrival minute encoded in a delivery id, or undefined for an id this code did not make. */
export function deliveryMinute(id: string): string | undefined {
  return /^(\d{12})-[A-Za-z0-9_-]+$/.exec(id)?.[1];
}

/**
 * EventBridge caps an event at 256 KB, measured on the serialised detail (escapes included):
 * larger deliveries travel by id and are read back.
 */
const inlineLimitBytes = 240 * 1024;

export function deliveryReceivedEvent(delivery: RawDelivery): { type: "delivery.received"; detail: DeliveryReceived } {
  const bodyBytes = Buffer.byteLength(delivery.body);
  // Escaping at most doubles a body's size, so only mid-sized bodies need the exact measure.
  const inline =
    bodyBytes * 2 + 1024 <= inlineLimitBytes ||
    (bodyBytes <= inlineLimitBytes &&
      Buffer.byteLength(JSON.stringify({ deliveryId: delivery.id, delivery })) <= inlineLimitBytes);
  return {
    type: "delivery.received",
    detail: inline ? { deliveryId: delivery.id, delivery } : { deliveryId: delivery.id },
  };
}
