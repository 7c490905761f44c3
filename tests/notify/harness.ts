import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
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

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = { status: number; body?: string; delayMs?: number };

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
  const servers: Server[] = [];
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
      const received: Received[] = [];
      const server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
          const { status, body, delayMs } = answer(received.length);
          const reply = () => response.writeHead(status, { "content-type": "text/plain" }).end(body ?? "");
          setTimeout(reply, delayMs ?? 0);
        });
      });
      await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
      servers.push(server);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/scrm?x=1`;
      return { url, received, server };
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
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });
  return h;
}
