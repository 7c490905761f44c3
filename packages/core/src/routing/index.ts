/**
 * The one routing table: event type → handler. The embedded in-process bus and the EventBridge rules
 * in `stacks/` are both built from it, so local and AWS cannot drift.
 */
export const EventType = {
  deliveryReceived: "delivery.received",
  interactionReceived: "interaction.received",
  interactionUpdated: "interaction.updated",
  slaWarning: "sla.warning",
  slaBreached: "sla.breached",
  notifyRequested: "notify.requested",
  syncRequested: "sync.requested",
  slaStartRequested: "sla.start-requested",
  slaStopRequested: "sla.stop-requested",
  interactionEscalated: "interaction.escalated",
  slaTimer: "sla.timer",
  slaThreadReplied: "sla.thread-replied",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface Route {
  /** EventBridge `detail-type`. */
  event: EventType;
  /** Handler name: a function in `functions/` on AWS, a registered handler in the embedded bus. */
  handler: string;
  /** How often the bus retries a failing handler before the event goes to the dead letters. */
  maxAttempts: number;
  /**
   * Handled in batches (the handler takes a list): up to `maxSize` events, gathered for up to
   * `windowMs`. Embedded: the in-process bus batches; AWS: an SQS queue with that batch size and window.
   */
  batch?: { maxSize: number; windowMs: number };
}

/**
 * Events without a route (`sla.start-requested`, `sla.stop-requested`, `interaction.escalated`) are
 * published for anyone subscribing on AWS: the rules pass itself starts and stops the clocks and
 * records escalations on the interaction.
 */
export const routes: readonly Route[] = [
  { event: EventType.deliveryReceived, handler: "process-delivery", maxAttempts: 8 },
  { event: EventType.interactionReceived, handler: "run-rules", maxAttempts: 8 },
  { event: EventType.interactionUpdated, handler: "run-rules", maxAttempts: 8 },
  { event: EventType.slaWarning, handler: "run-rules", maxAttempts: 8 },
  { event: EventType.slaBreached, handler: "run-rules", maxAttempts: 8 },
  { event: EventType.notifyRequested, handler: "send-notification", maxAttempts: 8 },
  { event: EventType.slaTimer, handler: "run-sla", maxAttempts: 8 },
  { event: EventType.slaThreadReplied, handler: "run-sla", maxAttempts: 8 },
  // Big batches under load: the handler splits them per CRM (Salesforce: 200, a Composite pair each;
  // HubSpot: all at once, each endpoint in 100s), and distinct authors and threads grow slower than messages.
  { event: EventType.syncRequested, handler: "sync-crm", maxAttempts: 8, batch: { maxSize: 1000, windowMs: 500 } },
];

/** The bus event source name (EventBridge `source`). */
export const eventSource = "scrm-relay";
