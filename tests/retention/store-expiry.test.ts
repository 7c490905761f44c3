import { randomBytes } from "node:crypto";
import { DeleteCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type Notification, newDelivery, newNotification } from "@scrm/core";
import { DynamoDeliveryStore, DynamoInteractionStore, DynamoNotificationStore } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";
import { sampleInteraction } from "../support/interactions";

const day = 86_400;
/** `expiresAt` as DynamoDB's TTL needs it: whole epoch seconds. */
const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

describe.each(storeServers())("what expires, and when, on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let now = new Date("2026-06-01T10:00:30.750Z");
  const clock = () => now;

  beforeAll(async () => {
    table = await freshTable(server);
  });
  afterAll(() => table.stop());

  /** Every stored item (raw, as DynamoDB holds it) whose attribute `name` equals `value`. */
  async function itemsWhere(name: string, value: string) {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await table.documents.send(
        new ScanCommand({
          TableName: table.tableName,
          FilterExpression: "#n = :v",
          ExpressionAttributeNames: { "#n": name },
          ExpressionAttributeValues: { ":v": value },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
  const deliveryItem = async (id: string) => {
    const [item] = await itemsWhere("id", id);
    return item as Record<string, unknown>;
  };
  const partItems = async (id: string) =>
    (
      await table.documents.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `DLVP#${id}` },
        }),
      )
    ).Items ?? [];

  it("a pending delivery has no expiresAt; settled as processed it expires 30 days on, in epoch seconds", async () => {
    const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: clock });
    const delivery = newDelivery("meta", '{"object":"page","entry":[],"n":1}', now);
    await store.save(delivery);
    expect(await deliveryItem(delivery.id)).not.toHaveProperty("expiresAt");
    expect((await store.listPending(10)).map((item) => item.id)).toContain(delivery.id);

    await store.settle(delivery.id, { status: "processed", attempts: 1 });
    const settled = await deliveryItem(delivery.id);
    expect(settled.expiresAt).toBe(epochSeconds(now) + 30 * day);
    expect(Number.isInteger(settled.expiresAt)).toBe(true);
    // Seconds, not milliseconds (which TTL would read as thousands of years ahead).
    expect(settled.expiresAt).toBeGreaterThan(1e9);
    expect(settled.expiresAt).toBeLessThan(1e10);
  });

  it("uses the configured retention, expires unrecognised deliveries too, but never a failed one", async () => {
    const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: clock, retentionDays: 10 });
    const odd = newDelivery("meta", '{"object":"odd","n":2}', now);
    const broken = newDelivery("meta", '{"object":"page","n":3}', now);
    await Promise.all([store.save(odd), store.save(broken)]);
    await store.settle(odd.id, { status: "unrecognised", attempts: 1 });
    await store.settle(broken.id, { status: "failed", attempts: 24 });
    expect((await deliveryItem(odd.id)).expiresAt).toBe(epochSeconds(now) + 10 * day);
    expect(await deliveryItem(broken.id)).not.toHaveProperty("expiresAt");

    // Retried and processed: it expires from then on; failed again: it is kept again.
    now = new Date(now.getTime() + 3_600_000);
    await store.settle(broken.id, { status: "processed", attempts: 25 });
    expect((await deliveryItem(broken.id)).expiresAt).toBe(epochSeconds(now) + 10 * day);
    await store.settle(broken.id, { status: "failed", attempts: 26 });
    expect(await deliveryItem(broken.id)).not.toHaveProperty("expiresAt");
    // A person's retry of a processed one (the admin API sets it pending first): it must not vanish meanwhile.
    await store.settle(odd.id, { status: "pending", attempts: 0 });
    expect(await deliveryItem(odd.id)).not.toHaveProperty("expiresAt");
  });

  it("a platform's retry of a processed delivery (same bytes, same minute) is pending again, without expiresAt", async () => {
    const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: clock });
    const body = '{"object":"page","entry":[],"n":4}';
    const first = newDelivery("meta", body, now);
    await store.save(first);
    await store.settle(first.id, { status: "processed", attempts: 1 });
    expect(await deliveryItem(first.id)).toHaveProperty("expiresAt");
    await store.save(newDelivery("meta", body, now));
    const again = await deliveryItem(first.id);
    expect(again.status).toBe("pending");
    expect(again).not.toHaveProperty("expiresAt");
  });

  it("refuses a retention under 8 days: the dedupe records must outlive the platforms' retries", () => {
    expect(() => new DynamoDeliveryStore(table.documents, table.tableName, { retentionDays: 7 })).toThrow(/8 days/);
    expect(() => new DynamoNotificationStore(table.documents, table.tableName, { retentionDays: 2 })).toThrow(/8 days/);
    expect(() => new DynamoDeliveryStore(table.documents, table.tableName, { retentionDays: 8 })).not.toThrow();
  });

  it("an expired delivery leaves the attention listing at once, TTL or not; get still reads it until deleted", async () => {
    let later = now;
    const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: () => later });
    const odd = newDelivery("meta", '{"object":"odd","n":5}', now);
    await store.save(odd);
    await store.settle(odd.id, { status: "unrecognised", attempts: 1 });
    expect((await store.listByStatus("unrecognised", 50)).map((item) => item.id)).toContain(odd.id);

    later = new Date(now.getTime() + 31 * day * 1000);
    expect((await store.listByStatus("unrecognised", 50)).map((item) => item.id)).not.toContain(odd.id);
    expect((await store.get(odd.id))?.status).toBe("unrecognised");
  });

  it("a body in parts expires with its head, and is kept again with it; half-deleted by TTL, it reads as gone", async () => {
    let later = now;
    const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: () => later });
    const noise = randomBytes(1024 * 1024).toString("base64");
    const delivery = newDelivery("meta", JSON.stringify({ object: "page", entry: [], noise }), now);
    await store.save(delivery);
    const parts = await partItems(delivery.id);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.expiresAt === undefined)).toBe(true);

    await store.settle(delivery.id, { status: "processed", attempts: 1 });
    const expiresAt = (await deliveryItem(delivery.id)).expiresAt;
    expect(expiresAt).toBe(epochSeconds(now) + 30 * day);
    expect((await partItems(delivery.id)).map((part) => part.expiresAt)).toEqual(parts.map(() => expiresAt));

    await store.settle(delivery.id, { status: "failed", attempts: 2 });
    expect((await partItems(delivery.id)).every((part) => part.expiresAt === undefined)).toBe(true);
    expect((await store.get(delivery.id))?.body.length).toBe(delivery.body.length);

    await store.settle(delivery.id, { status: "processed", attempts: 3 });
    // The TTL deletes items one by one, in any order: here a part went first.
    later = new Date(now.getTime() + 31 * day * 1000);
    await table.documents.send(
      new DeleteCommand({ TableName: table.tableName, Key: { pk: `DLVP#${delivery.id}`, sk: "P#0000" } }),
    );
    expect(await store.get(delivery.id)).toBeUndefined();
  });

  it("interactions and their tag hints never expire, whatever their status", async () => {
    const store = new DynamoInteractionStore(table.documents, table.tableName);
    for (const [n, status] of (["open", "pending", "resolved", "ignored"] as const).entries()) {
      const interaction = sampleInteraction(900 + n, { status, tags: ["vip"] });
      await store.put(interaction, undefined);
      const items = await itemsWhere("id", interaction.id);
      const [head] =
        (
          await table.documents.send(
            new QueryCommand({
              TableName: table.tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": `I#${interaction.id}` },
            }),
          )
        ).Items ?? [];
      expect(head).toBeDefined();
      expect(head).not.toHaveProperty("expiresAt");
      expect(items.length).toBeGreaterThan(0); // the tag hint
      for (const item of items) expect(item).not.toHaveProperty("expiresAt");
    }
  });

  describe("notifications", () => {
    const request = (n: number) => ({
      notificationId: `ntf_ttl_${n}`,
      workspaceId: "default",
      interactionId: `facebook_${n}`,
      url: "https://example.com/hook",
      rule: { id: "vip", version: 1, name: "VIP" },
      trigger: { type: "interaction.received", eventId: `evt-${n}` },
    });
    const raw = async (id: string) => (await itemsWhere("pk", `NTF#${id}`))[0] as Record<string, unknown>;

    it("a delivered notification (the send marker) expires after the retention from its delivery; pending and failed ones do not", async () => {
      const store = new DynamoNotificationStore(table.documents, table.tableName, { retentionDays: 14 });
      const created = newNotification(request(1), now);
      expect(await store.create(created)).toBe(true);
      expect(await raw(created.id)).not.toHaveProperty("expiresAt");

      const deliveredAt = new Date(now.getTime() + 90_000);
      const delivered: Notification = { ...created, state: "delivered", deliveredAt: deliveredAt.toISOString() };
      await store.update(delivered, 1);
      expect((await raw(created.id)).expiresAt).toBe(epochSeconds(deliveredAt) + 14 * day);
      // Until the TTL deletes it, it is still found: a redelivered request does not send it again.
      expect((await store.get(created.id))?.notification.state).toBe("delivered");
      expect(await store.create(newNotification(request(1), now))).toBe(false);

      const failing = newNotification(request(2), now);
      await store.create(failing);
      await store.update({ ...failing, state: "failed", failedAt: now.toISOString(), lastError: "HTTP 410" }, 1);
      expect(await raw(failing.id)).not.toHaveProperty("expiresAt");
    });
  });
});
