import { createHash, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import * as z from "zod";
import type { Interaction } from "../interaction/schema";
import type { Notification, NotificationPayload } from "./schema";

/**
 * A Standard Webhooks signing secret: `whsec_` and the base64 of 24–64 random bytes. Receivers
 * verify with any Standard Webhooks library (`new Webhook(secret).verify(body, headers)`).
 */
export const NotifySigningSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "a Standard Webhooks secret: whsec_<base64>")
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice("whsec_".length), "base64").length;
    return bytes >= 24 && bytes <= 64;
  }, "the secret must hold 24 to 64 bytes");

/** A new secret (32 random bytes), for a stack started without `NOTIFY_SIGNING_SECRET`. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export const notifyUserAgent = "scrm-relay";

/** The JSON body of every attempt: the interaction as it is now, not as it was when the rule ran. */
export interface NotificationBody {
  type: "interaction.notify";
  timestamp: string;
  data: {
    notificationId: string;
    rule: Notification["rule"];
    trigger: Notification["trigger"];
    note?: string;
    interaction: Interaction;
  };
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
  /** Kept on the record instead of the body, which can be large. */
  summary: NotificationPayload;
}

/**
 * The body and headers of one attempt: `webhook-id` is the notification id (the same on every
 * attempt, so a receiver deduplicates), `webhook-timestamp` this attempt's time, and
 * `webhook-signature` `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` made by the official library.
 */
export function signNotification(
  secret: string,
  notification: Notification,
  interaction: Interaction,
  at: Date,
): SignedRequest {
  const payload: NotificationBody = {
    type: "interaction.notify",
    timestamp: at.toISOString(),
    data: {
      notificationId: notification.id,
      rule: notification.rule,
      trigger: notification.trigger,
      ...(notification.note === undefined ? {} : { note: notification.note }),
      interaction,
    },
  };
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(notification.id, at, body);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": notifyUserAgent,
      "webhook-id": notification.id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    summary: {
      type: payload.type,
      timestamp: payload.timestamp,
      bytes: Buffer.byteLength(body),
      sha256: createHash("sha256").update(body).digest("hex"),
    },
  };
}
