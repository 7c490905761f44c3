import type { OutboxEntry, OutboxWrite, PendingEvent } from "../ports";
import type { Notification, NotificationState } from "./schema";

export interface StoredNotification {
  notification: Notification;
  /** Optimistic-concurrency version: an update names the version it read. */
  version: number;
  /** The outbox written with it: the event that wakes the handler for the next attempt. */
  pending: PendingEvent[];
}

export interface NotificationQuery {
  workspaceId: string;
  state?: NotificationState;
  limit: number;
  cursor?: string;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor?: string;
}

/** Where notifications and their delivery logs live. */
export interface NotificationStore {
  /**
   * Writes it, with `outbox`, unless one with its id exists (conditional): true when this call
   * created it, at version 1.
   */
  create(notification: Notification, outbox?: OutboxWrite): Promise<boolean>;
  get(id: string): Promise<StoredNotification | undefined>;
  /**
   * Writes it if the stored version is still `expectedVersion` (else ConflictError), with `outbox` as
   * its whole outbox: without one, any pending event is cleared (the consumer took it).
   */
  update(notification: Notification, expectedVersion: number, outbox?: OutboxWrite): Promise<OutboxEntry>;
  /** A workspace's notifications, newest (by `createdAt`) first. */
  list(query: NotificationQuery): Promise<NotificationPage>;
  /** Failed notifications of every workspace, newest first: for a person to look at and retry. */
  listFailed(limit: number, cursor?: string): Promise<NotificationPage>;
}
