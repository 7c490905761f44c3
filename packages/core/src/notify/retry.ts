import { notFound, RelayError } from "../errors";
import type { Bus, Clock, Logger } from "../ports";
import { retryOnConflict } from "../store/retry-on-conflict";
import type { NotificationStore } from "./port";
import { restartNotification } from "./schedule";
import type { Notification } from "./schema";
import { notificationOutbox } from "./send";

export interface RetryNotificationDeps {
  notifications: NotificationStore;
  clock: Clock;
  logger: Logger;
  /** When given, the wake-up is published at once instead of waiting for the outbox sweeper. */
  bus?: Bus;
}

/** A person clicked retry: a few lost races are plenty before answering a conflict. */
const maxConflictRetries = 5;

/**
 * A person's retry (admin API): a failed or pending notification is due again now, its retry
 * schedule restarted; the attempts so far stay in its log. Answers the record as written.
 * A delivered one is refused (`notification.delivered`, a conflict).
 */
export async function retryNotification(deps: RetryNotificationDeps, id: string): Promise<Notification> {
  return retryOnConflict(async () => {
    const stored = await deps.notifications.get(id);
    if (!stored) throw notFound("notification.not_found", `no notification with id ${id}`);
    if (stored.notification.state === "delivered") {
      throw new RelayError("conflict", "notification.delivered", `notification ${id} was delivered already`);
    }
    const next = restartNotification(stored.notification, deps.clock.now());
    const outbox = notificationOutbox(next);
    await deps.notifications.update(next, stored.version, outbox);
    deps.logger.info("notification retry requested", { notificationId: id, previousState: stored.notification.state });
    if (deps.bus && outbox) await publishNow(deps, deps.bus, outbox.events);
    return next;
  }, maxConflictRetries);
}

/** Sooner than the sweeper; if the bus fails, the sweeper still publishes the stored event. */
async function publishNow(deps: RetryNotificationDeps, bus: Bus, events: Array<{ type: string; detail: unknown }>) {
  try {
    await bus.publish(events.map(({ type, detail }) => ({ type, detail })));
  } catch (error) {
    deps.logger.warn("publishing a notification retry failed; the outbox sweeper will publish it", {
      error: String(error),
    });
  }
}
