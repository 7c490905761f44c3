import { ConflictError, type Notification, newNotification, notificationOutbox, restartNotification } from "@scrm/core";
import { DynamoNotificationStore, DynamoOutbox } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";

function notification(n: number, overrides: Partial<Notification> = {}): Notification {
  const created = newNotification(
    {
      notificationId: `ntf_${String(n).padStart(3, "0")}`,
      workspaceId: "default",
      interactionId: `facebook_${n}`,
      url: "https://example.com/hook",
      rule: { id: "vip", version: 1, name: "VIP — לקוחות" },
      trigger: { type: "interaction.received", eventId: `evt-${n}` },
    },
    new Date(Date.UTC(2026, 5, 1, 12, 0, n)),
  );
  return { ...created, ...overrides };
}

const failed = (base: Notification): Notification => ({
  ...base,
  state: "failed",
  failedAt: base.createdAt,
  lastError: "HTTP 410 Gone",
  attempts: [{ at: base.createdAt, status: 410, error: "HTTP 410 Gone", durationMs: 7 }],
});

describe.each(storeServers())("DynamoNotificationStore on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoNotificationStore;

  beforeAll(async () => {
    table = await freshTable(server);
    store = new DynamoNotificationStore(table.documents, table.tableName);
    // 30 in `default`: every 3rd failed, every 4th (not failed) delivered; 2 in `acme`, one failed.
    for (let n = 0; n < 30; n++) {
      const base = notification(n, n === 7 ? { note: "שלום 👋" } : {});
      const stateful =
        n % 3 === 0
          ? failed(base)
          : n % 4 === 0
            ? { ...base, state: "delivered" as const, deliveredAt: base.createdAt }
            : base;
      expect(await store.create(stateful)).toBe(true);
    }
    await store.create(notification(100, { workspaceId: "acme" }));
    await store.create(failed(notification(101, { workspaceId: "acme" })));
  });
  afterAll(() => table.stop());

  it("round-trips a notification exactly at version 1, and answers undefined for an unknown id", async () => {
    const stored = await store.get("ntf_007");
    expect(stored).toEqual({ notification: notification(7, { note: "שלום 👋" }), version: 1, pending: [] });
    expect(await store.get("ntf_nope")).toBeUndefined();
  });

  it("creates only if absent, leaving the first one untouched", async () => {
    expect(await store.create(notification(1, { url: "https://elsewhere.example/hook" }))).toBe(false);
    expect((await store.get("ntf_001"))?.notification.url).toBe("https://example.com/hook");
  });

  it("updates only from the version read, with an outbox it can clear again", async () => {
    const outbox = new DynamoOutbox(table.documents, table.tableName);
    const first = (await store.get("ntf_002"))?.notification as Notification;
    const due = new Date("2026-06-01T13:00:00.000Z");
    const next: Notification = { ...first, scheduleStep: 1, nextAttemptAt: due.toISOString() };

    await store.update(next, 1, notificationOutbox(next));
    await expect(store.update({ ...next, note: "lost update" }, 1)).rejects.toBeInstanceOf(ConflictError);
    await expect(store.update(notification(999), 1)).rejects.toBeInstanceOf(ConflictError);

    const read = await store.get("ntf_002");
    expect(read?.version).toBe(2);
    expect(read?.notification).toEqual(next);
    expect(read?.pending.map((event) => event.id)).toEqual(["ntf_002#1"]);
    expect((await outbox.listDue(new Date(due.getTime() - 1), 100)).map((entry) => entry.key)).toEqual([]);
    expect((await outbox.listDue(due, 100)).map((entry) => entry.events[0]?.id)).toEqual(["ntf_002#1"]);

    await store.update({ ...next, state: "delivered", deliveredAt: due.toISOString() }, 2);
    expect((await store.get("ntf_002"))?.pending).toEqual([]);
    expect(await outbox.listDue(due, 100)).toEqual([]);
  });

  it("lists a workspace newest first, paging with a cursor without an empty last page", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ workspaceId: "default", limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, n) => `ntf_${String(29 - n).padStart(3, "0")}`));
  });

  it("filters by state across pages", async () => {
    const page1 = await store.list({ workspaceId: "default", state: "failed", limit: 6 });
    expect(page1.items.map((item) => item.id)).toEqual([
      "ntf_027",
      "ntf_024",
      "ntf_021",
      "ntf_018",
      "ntf_015",
      "ntf_012",
    ]);
    const page2 = await store.list({
      workspaceId: "default",
      state: "failed",
      limit: 6,
      cursor: page1.nextCursor ?? "",
    });
    expect(page2.items.map((item) => item.id)).toEqual(["ntf_009", "ntf_006", "ntf_003", "ntf_000"]);
    expect(page2.nextCursor).toBeUndefined();
    const delivered = await store.list({ workspaceId: "default", state: "delivered", limit: 100 });
    expect(delivered.items.every((item) => item.state === "delivered")).toBe(true);
    expect((await store.list({ workspaceId: "acme", limit: 100 })).items.map((item) => item.id)).toEqual([
      "ntf_101",
      "ntf_100",
    ]);
  });

  it("lists failed ones of every workspace from the sparse index, and drops one that is retried", async () => {
    const all = await store.listFailed(100);
    expect(all.items).toHaveLength(11);
    expect(all.items[0]?.id).toBe("ntf_101");
    const page = await store.listFailed(4);
    const rest = await store.listFailed(100, page.nextCursor);
    expect([...page.items, ...rest.items].map((item) => item.id)).toEqual(all.items.map((item) => item.id));

    const stored = await store.get("ntf_000");
    if (!stored) throw new Error("ntf_000 is not stored");
    await store.update(restartNotification(stored.notification, new Date("2026-06-02T00:00:00.000Z")), stored.version);
    expect((await store.listFailed(100)).items.map((item) => item.id)).not.toContain("ntf_000");
  });

  it("rejects a cursor it did not issue as the client's input error", async () => {
    await expect(store.list({ workspaceId: "default", limit: 5, cursor: "garbage" })).rejects.toMatchObject({
      kind: "input",
    });
  });
});
