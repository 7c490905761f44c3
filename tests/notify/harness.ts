import {
  generateSigningSecret,
  type Interaction,
  interactionId,
  type NotifyRequested,
  type SendNotificationDeps,
} from "@scrm/core";
import { DynamoInteractionStore, DynamoNotificationStore, DynamoOutbox } from "@scrm/dynamodb";
import { afterAll, afterEach, beforeAll } from "vitest";
import { freshTable } from "../support/dynamo";
import { type Answer, startReceiver } from "../support/receiver";

export type { Answer, Received } from "../support/receiver";

export const quiet = { info() {}, warn() {}, error() {} };

/** A valid interaction, written by hand (Hebrew, emoji, a follower count a VIP rule would match). */
export function interaction(n: number): Interaction {
  const externalId = `notify-${n}`;
  return {
    id: interactionId("facebook", externalId),
    workspaceId: "default",
    platform: "facebook",
    kind: "comment",
    direction: "inbound",
    externalId,
    threadId: "post-1",
    account: { id: "page-1" },
    author: { id: `user-${n}`, name: "שרה כהן", followers: 12_000 },
    text: "המוצר הגיע שבור, אני רוצה החזר 😡",
    occurredAt: "2026-06-01T09:59:00.000Z",
    receivedAt: "2026-06-01T09:59:01.000Z",
    tags: ["complaint"],
    priority: "urgent",
    status: "open",
    deliveryId: "d-1",
    history: [],
  };
}

/**
 * Registers the hooks of a suite that sends to real local receivers with the real stores on a fresh
 * dynalite table, and answers what its tests use. `now` is the injected clock's time.
 */
export function notifyHarness() {
  const receivers: Array<Awaited<ReturnType<typeof startReceiver>>> = [];
  let table: Awaited<ReturnType<typeof freshTable>>;
  let n = 0;
  const h = {
    secret: generateSigningSecret(),
    now: new Date(),
    notifications: undefined as unknown as DynamoNotificationStore,
    interactions: undefined as unknown as DynamoInteractionStore,
    outbox: undefined as unknown as DynamoOutbox,
    /** Interactions in a table that does not exist: every read fails, as a store outage would. */
    unavailableInteractions: undefined as unknown as DynamoInteractionStore,

    deps(extra: Partial<SendNotificationDeps> = {}): SendNotificationDeps {
      return {
        notifications: h.notifications,
        interactions: h.interactions,
        clock: { now: () => h.now },
        logger: quiet,
        secret: h.secret,
        ...extra,
      };
    },

    /** A local receiver answering request n (from 1) with `answer(n)`, after `delayMs` if given. */
    async receiver(answer: (n: number) => Answer) {
      const receiver = await startReceiver(answer);
      receivers.push(receiver);
      return receiver;
    },

    /** A stored interaction and the request a rule's `notify` action makes for it. */
    async requestFor(url: string): Promise<{ request: NotifyRequested; stored: Interaction }> {
      const stored = interaction(++n);
      await h.interactions.put(stored, undefined);
      const request: NotifyRequested = {
        notificationId: `ntf_test_${n}`,
        workspaceId: "default",
        interactionId: stored.id,
        url,
        rule: { id: "vip", version: 4, name: "VIP complaints" },
        trigger: { type: "interaction.received", eventId: `evt-${n}` },
        note: "call them back",
      };
      return { request, stored };
    },

    /** The outbox entries of this notification that are due at `at`. */
    async dueFor(id: string, at: Date) {
      return (await h.outbox.listDue(at, 100)).filter((entry) => entry.key.includes(`NTF#${id}`));
    },
  };

  beforeAll(async () => {
    table = await freshTable("dynalite");
    h.notifications = new DynamoNotificationStore(table.documents, table.tableName);
    h.interactions = new DynamoInteractionStore(table.documents, table.tableName);
    h.outbox = new DynamoOutbox(table.documents, table.tableName);
    h.unavailableInteractions = new DynamoInteractionStore(table.documents, `${table.tableName}-missing`);
  });
  afterAll(() => table.stop());
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  return h;
}
