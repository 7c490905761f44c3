import * as z from "zod";
import { IsoDateTime } from "../interaction/schema";

/** The bus event that asks for one notification (put there by the rules pass for a `notify` action). */
export const notifyRequestedType = "notify.requested";

/** As the rule's `notify` action accepts it: never stricter, or a valid rule's request would be refused here. */
const NotifyUrl = z
  .url({ protocol: /^https?$/ })
  .meta({ description: "where the signed JSON is POSTed (http or https)" });

export const NotifyRule = z
  .object({ id: z.string().min(1), version: z.number().int().nonnegative(), name: z.string() })
  .meta({ description: "the rule whose `notify` action asked for it" });

export const NotifyTrigger = z
  .object({
    type: z
      .string()
      .min(1)
      .meta({ examples: ["interaction.received", "sla.warning"] }),
    eventId: z.string().min(1),
  })
  .meta({ description: "the event the rule ran on" });

/**
 * Detail of `notify.requested`. `notificationId` is deterministic (a hash of interaction, trigger
 * event, rule and action index), so a redelivered event finds the notification it already made.
 */
export const NotifyRequested = z.object({
  notificationId: z.string().min(1).max(200),
  workspaceId: z.string().min(1),
  interactionId: z.string().min(1),
  url: NotifyUrl,
  rule: NotifyRule,
  trigger: NotifyTrigger,
  note: z.string().optional(),
});
export type NotifyRequested = z.infer<typeof NotifyRequested>;

export const NotificationState = z.enum(["pending", "delivered", "failed"]);
export type NotificationState = z.infer<typeof NotificationState>;

export const NotificationAttempt = z.object({
  at: IsoDateTime.meta({ description: "when the POST started" }),
  status: z.number().int().optional().meta({ description: "the receiver's HTTP status, when it answered" }),
  error: z.string().optional().meta({ description: "why it failed: no answer, a timeout, or a non-2xx status" }),
  durationMs: z.number().int().nonnegative(),
});
export type NotificationAttempt = z.infer<typeof NotificationAttempt>;

/** What was POSTed last: the body holds the whole interaction, so only a summary is kept. */
export const NotificationPayload = z.object({
  type: z.literal("interaction.notify"),
  timestamp: IsoDateTime,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().meta({ description: "hex SHA-256 of the exact body bytes, to match a receiver's log" }),
});
export type NotificationPayload = z.infer<typeof NotificationPayload>;

/** One signed POST a rule asked for, with its delivery log. */
export const Notification = z
  .object({
    id: z.string().min(1).meta({ description: "also the `webhook-id` header, the same on every attempt" }),
    workspaceId: z.string().min(1),
    interactionId: z.string().min(1),
    url: NotifyUrl,
    rule: NotifyRule,
    trigger: NotifyTrigger,
    note: z.string().optional(),
    state: NotificationState,
    attempts: z.array(NotificationAttempt).meta({ description: "every attempt, oldest first" }),
    scheduleStep: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: "attempts since the retry schedule (re)started; a retry by a person restarts it" }),
    nextAttemptAt: IsoDateTime.optional().meta({ description: "while pending: when the next attempt is due" }),
    lastError: z.string().optional().meta({ description: "the latest failure, while not delivered" }),
    createdAt: IsoDateTime,
    deliveredAt: IsoDateTime.optional(),
    failedAt: IsoDateTime.optional(),
    payload: NotificationPayload.optional(),
  })
  .meta({
    id: "Notification",
    description: "A signed JSON POST (Standard Webhooks) asked for by a rule's `notify` action, and its attempts",
  });
export type Notification = z.infer<typeof Notification>;

/** The record a first `notify.requested` creates: pending, due now. */
export function newNotification(request: NotifyRequested, now: Date): Notification {
  return Notification.parse({
    id: request.notificationId,
    workspaceId: request.workspaceId,
    interactionId: request.interactionId,
    url: request.url,
    rule: request.rule,
    trigger: request.trigger,
    ...(request.note === undefined ? {} : { note: request.note }),
    state: "pending",
    attempts: [],
    scheduleStep: 0,
    nextAttemptAt: now.toISOString(),
    createdAt: now.toISOString(),
  });
}

/** The request a record was made from: the detail of the events that wake its next attempts. */
export function notificationRequest(notification: Notification): NotifyRequested {
  return {
    notificationId: notification.id,
    workspaceId: notification.workspaceId,
    interactionId: notification.interactionId,
    url: notification.url,
    rule: notification.rule,
    trigger: notification.trigger,
    ...(notification.note === undefined ? {} : { note: notification.note }),
  };
}
