/**
 * The one routing table: event type → handler. The embedded in-process bus and the EventBridge rules
 * in `stacks/` are both built from it, so local and AWS cannot drift.
 */
export const EventType = {
  deliveryReceived: "delivery.received",
  interactionReceived: "interaction.received",
  interactionUpdated: "interaction.updated",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface Route {
  /** EventBridge `detail-type`. */
  event: EventType;
  /** Handler name: a function in `functions/` on AWS, a registered handler in the embedded bus. */
  handler: string;
  /** How often the bus retries a failing handler before the event goes to the dead letters. */
  maxAttempts: number;
}

export const routes: readonly Route[] = [
  { event: EventType.deliveryReceived, handler: "process-delivery", maxAttempts: 8 },
];

/** The bus event source name (EventBridge `source`). */
export const eventSource = "scrm-relay";
