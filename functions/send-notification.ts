import { composeAws } from "@scrm/aws";
import { functionConfig } from "@scrm/aws/secrets";
import { createHandlers } from "@scrm/core";
import type { EventBridgeEvent } from "aws-lambda";

/** Built once per cold start; the SDK clients are reused across invocations. */
const config = functionConfig("send-notification");
// The only function that signs, so the only one linked to the signing secret.
const deps = composeAws(config, { notifySecret: config.NOTIFY_SIGNING_SECRET });
const sendNotification = createHandlers(deps)["send-notification"];
if (!sendNotification) throw new Error('createHandlers has no "send-notification" handler');

/**
 * EventBridge target for `notify.requested`: one signed POST (Standard Webhooks) per attempt, the
 * attempt logged on the notification, the next one scheduled through its outbox. A receiver's
 * failure is recorded, not thrown; a store failure throws so Lambda retries.
 */
export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  await sendNotification({ type: event["detail-type"], detail: event.detail });
};
