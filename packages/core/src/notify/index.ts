/**
 * The rule action `notify`: a signed JSON POST (Standard Webhooks) with retries and a delivery log.
 * `notify.requested` → `sendNotification`; a person's retry → `retryNotification`. See README.md.
 */
export type { NotificationPage, NotificationQuery, NotificationStore, StoredNotification } from "./port";
export { defaultNotifyTimeoutMs, postNotification } from "./post";
export { type RetryNotificationDeps, retryNotification } from "./retry";
export { notifyRetrySchedule, restartNotification } from "./schedule";
export {
  Notification,
  NotificationAttempt,
  NotificationPayload,
  NotificationState,
  NotifyRequested,
  NotifyRule,
  NotifyTrigger,
  newNotification,
  notificationRequest,
  notifyRequestedType,
} from "./schema";
export { notificationOutbox, type SendNotificationDeps, sendNotification } from "./send";
export { type NotificationBody, notifyUserAgent, signNotification } from "./sign";
export { generateSigningSecret, NotifySigningSecret } from "./signing-secret";
