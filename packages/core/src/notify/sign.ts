import { createHash } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { Interaction } from "../interaction/schema";
import type { Notification, NotificationPayload } from "./schema";

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
