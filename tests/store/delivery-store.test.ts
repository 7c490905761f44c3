import { randomBytes } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { newDelivery } from "@scrm/core";
import { DynamoDeliveryStore } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";

describe.each(storeServers())("DynamoDeliveryStore on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoDeliveryStore;
  beforeAll(async () => {
    table = await freshTable(server);
    store = new DynamoDeliveryStore(table.documents, table.tableName);
  });
  afterAll(() => table.stop());

  it("stores many concurrent saves in batches, each durable when its promise resolves", async () => {
    const deliveries = Array.from({ length: 120 }, (_, n) =>
      newDelivery(
        "meta",
        JSON.stringify({ object: "page", entry: [], n, text: "שלום 👋" }),
        new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      ),
    );
    await Promise.all(deliveries.map((delivery) => store.save(delivery)));
    for (const delivery of deliveries) expect(await store.get(delivery.id)).toEqual(delivery);
    expect(await store.listPending(500)).toHaveLength(120);
  });

  it("gives a redelivery of the same bytes the same id (one stored item)", async () => {
    const body = JSON.stringify({ object: "page", entry: [{ id: "1" }] });
    const first = newDelivery("meta", body, new Date("2026-01-02T00:00:00Z"));
    const again = newDelivery("meta", body, new Date("2026-01-02T00:00:09Z"));
    expect(again.id).toBe(first.id);
    await Promise.all([store.save(first), store.save(again)]);
    expect((await store.get(first.id))?.body).toBe(body);
  });

  it("moves a settled delivery out of the pending index; unrecognised ones stay listed for attention", async () => {
    const [processed, odd] = (await store.listPending(2)) as [never, never];
    await store.settle((processed as { id: string }).id, {
      status: "processed",
      attempts: 1,
      report: { interactionIds: ["x"], workspaceIds: ["default"], skipped: [] },
    });
    await store.settle((odd as { id: string }).id, {
      status: "unrecognised",
      attempts: 1,
      report: {
        interactionIds: [],
        workspaceIds: [],
        skipped: [{ path: "entry[0]", kind: "unrecognised", reason: "object type 'x'" }],
      },
    });
    const pendingIds = (await store.listPending(500)).map((delivery) => delivery.id);
    expect(pendingIds).not.toContain((processed as { id: string }).id);
    expect(pendingIds).not.toContain((odd as { id: string }).id);
    const unrecognised = await store.listByStatus("unrecognised", 10);
    expect(unrecognised.map((delivery) => delivery.id)).toEqual([(odd as { id: string }).id]);
    expect(unrecognised[0]?.report?.skipped[0]?.reason).toBe("object type 'x'");
  });

  it("refuses to settle a delivery it never stored", async () => {
    await expect(store.settle("nope", { status: "processed", attempts: 1 })).rejects.toThrow();
  });
});

describe.each(storeServers())("large delivery bodies on %s", (server) => {
  it.each([
    ["small, kept as text", 2_000],
    ["medium, gzipped", 200_000],
    ["1 MiB of incompressible text, split into parts", 1024 * 1024],
  ])("%s", async (_name, size) => {
    const table = await freshTable(server);
    try {
      const store = new DynamoDeliveryStore(table.documents, table.tableName);
      // Random base64 does not compress: the worst case for the 400 KB item limit.
      const noise = randomBytes(size)
        .toString("base64")
        .slice(0, size - 40);
      const body = JSON.stringify({ object: "page", entry: [], noise });
      const delivery = newDelivery("meta", body, new Date("2026-03-01T00:00:00Z"));
      const neighbour = newDelivery("meta", '{"object":"page","entry":[]}', new Date("2026-03-01T00:00:01Z"));
      await Promise.all([store.save(delivery), store.save(neighbour)]);
      expect((await store.get(delivery.id))?.body).toBe(body);
      expect((await store.listPending(10)).map((item) => item.body).sort()).toEqual([body, neighbour.body].sort());
    } finally {
      await table.stop();
    }
  });
});

describe.each(storeServers())("the directory of unsettled minutes on %s", (server) => {
  it("keeps a minute listed while it is open or holds pending deliveries, and drops it once closed and settled", async () => {
    const table = await freshTable(server);
    let now = new Date("2026-05-01T10:00:30Z");
    try {
      const store = new DynamoDeliveryStore(table.documents, table.tableName, { now: () => now });
      const early = newDelivery("meta", '{"n":1}', new Date("2026-05-01T10:00:05Z"));
      const late = newDelivery("meta", '{"n":2}', new Date("2026-05-01T10:00:20Z"));
      await Promise.all([store.save(early), store.save(late)]);
      await store.settle(early.id, { status: "processed", attempts: 1 });
      expect((await store.listPending(10)).map((item) => item.id)).toEqual([late.id]);

      await store.settle(late.id, { status: "processed", attempts: 1 });
      expect(await store.listPending(10)).toEqual([]);
      // Still open: a save into this minute may be in flight, so it stays listed.
      const listed = () =>
        table.documents
          .send(
            new QueryCommand({
              TableName: table.tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": "DLV#MINUTES" },
            }),
          )
          .then((page) => (page.Items ?? []).map((item) => item.sk));
      expect(await listed()).toEqual(["202605011000"]);

      now = new Date("2026-05-01T10:03:00Z");
      expect(await store.listPending(10)).toEqual([]);
      expect(await listed()).toEqual([]);

      // A fresh process (no memory of listed minutes) still lists a new minute before acknowledging.
      const fresh = new DynamoDeliveryStore(table.documents, table.tableName, { now: () => now });
      const later = newDelivery("meta", '{"n":3}', new Date("2026-05-01T10:03:10Z"));
      await fresh.save(later);
      expect((await store.listPending(10)).map((item) => item.id)).toEqual([later.id]);
    } finally {
      await table.stop();
    }
  });

  it("rejects an id it did not issue as not found", async () => {
    const table = await freshTable(server);
    try {
      const store = new DynamoDeliveryStore(table.documents, table.tableName);
      await expect(store.get("not-a-delivery-id")).rejects.toMatchObject({ kind: "not_found" });
    } finally {
      await table.stop();
    }
  });
});
