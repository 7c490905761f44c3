import { type BusEvent, type PendingEvent, publishDueEvents } from "@scrm/core";
import { DynamoInteractionStore, DynamoOutbox } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";
import { sampleInteraction } from "../support/interactions";

const event = (id: string, awaitConsumer = false): PendingEvent => ({
  id,
  type: "notify.requested",
  detail: { id },
  ...(awaitConsumer ? { awaitConsumer } : {}),
});
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 22, 12, 0, seconds));

describe.each(storeServers())("the outbox (pending events on items) on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let interactions: DynamoInteractionStore;
  let outbox: DynamoOutbox;

  beforeAll(async () => {
    table = await freshTable(server);
    interactions = new DynamoInteractionStore(table.documents, table.tableName);
    outbox = new DynamoOutbox(table.documents, table.tableName);
  });
  afterAll(() => table.stop());

  it("stores pending events with the interaction and lists them only once due", async () => {
    const item = sampleInteraction(1);
    const entry = await interactions.put(item, undefined, { events: [event("e1")], dueAt: at(30) });
    expect(entry.events.map((e) => e.id)).toEqual(["e1"]);
    expect((await interactions.get(item.id))?.pending.map((e) => e.id)).toEqual(["e1"]);

    expect(await outbox.listDue(at(29), 10)).toEqual([]);
    const due = await outbox.listDue(at(30), 10);
    expect(due.map((d) => d.events.map((e) => e.id))).toEqual([["e1"]]);
  });

  it("settling clears the outbox and takes the item out of the due index", async () => {
    const item = sampleInteraction(2);
    const entry = await interactions.put(item, undefined, { events: [event("e2")], dueAt: at(0) });
    await outbox.settle(entry, [], at(0));
    expect((await interactions.get(item.id))?.pending).toEqual([]);
    expect((await outbox.listDue(at(59), 100)).flatMap((d) => d.events.map((e) => e.id))).not.toContain("e2");
  });

  it("settling keeps awaited events, due again later", async () => {
    const item = sampleInteraction(3);
    const entry = await interactions.put(item, undefined, { events: [event("e3"), event("w3", true)], dueAt: at(0) });
    await outbox.settle(entry, [event("w3", true)], at(45));
    expect((await interactions.get(item.id))?.pending.map((e) => e.id)).toEqual(["w3"]);
    const ids = (now: Date) => outbox.listDue(now, 100).then((due) => due.flatMap((d) => d.events.map((e) => e.id)));
    expect(await ids(at(44))).not.toContain("w3");
    expect(await ids(at(45))).toContain("w3");
  });

  it("settling never drops events a later write added", async () => {
    const item = sampleInteraction(4);
    const first = await interactions.put(item, undefined, { events: [event("a")], dueAt: at(0) });
    // Another writer read version 1 (with "a" pending) and carried it forward, adding "b".
    await interactions.put({ ...item, tags: ["later"] }, 1, { events: [event("a"), event("b")], dueAt: at(0) });
    await outbox.settle(first, [], at(0));
    expect((await interactions.get(item.id))?.pending.map((e) => e.id)).toEqual(["a", "b"]);
  });

  it("a write without an outbox clears it (its writer consumed the events)", async () => {
    const item = sampleInteraction(5);
    await interactions.put(item, undefined, { events: [event("w5", true)], dueAt: at(0) });
    await interactions.put({ ...item, tags: ["done"] }, 1);
    expect((await interactions.get(item.id))?.pending).toEqual([]);
    expect((await outbox.listDue(at(59), 100)).flatMap((d) => d.events.map((e) => e.id))).not.toContain("w5");
  });

  it("the sweeper counts a republish before making it, and keeps only awaited events", async () => {
    const item = sampleInteraction(6);
    await interactions.put(item, undefined, { events: [event("n6"), event("w6", true)], dueAt: at(0) });
    const seen: Array<{ published: string[]; stored: PendingEvent[] }> = [];
    const bus = {
      publish: async (events: BusEvent[]) => {
        // What a consumer reading the item sees while the republished events are on their way.
        const stored = (await interactions.get(item.id))?.pending ?? [];
        seen.push({ published: events.map((e) => (e.detail as { id: string }).id), stored });
      },
    };
    const silent = { info: () => {}, warn: () => {}, error: () => {} };
    const deps = { bus, outbox, clock: { now: () => at(1) }, logger: silent };
    await publishDueEvents(deps);
    const mine = seen.find((s) => s.published.includes("w6"));
    expect(mine?.published).toEqual(["n6", "w6"]);
    expect(mine?.stored.find((e) => e.id === "w6")?.republished).toBe(1);
    expect((await interactions.get(item.id))?.pending).toEqual([{ ...event("w6", true), republished: 1 }]);
  });

  it("settling answers nothing when the item was given other events since (the sweeper then publishes nothing)", async () => {
    const item = sampleInteraction(7);
    await interactions.put(item, undefined, { events: [event("w7", true)], dueAt: at(0) });
    const [entry] = (await outbox.listDue(at(1), 100)).filter((d) => d.events.some((e) => e.id === "w7"));
    await interactions.put({ ...item, tags: ["later"] }, 1, { events: [event("w7", true), event("x7")], dueAt: at(0) });
    expect(await outbox.settle(entry as NonNullable<typeof entry>, [], at(0))).toBeUndefined();
  });

  it("the sweeper goes on past an item whose publish fails, then reports the failure; that item is due again later", async () => {
    const items = [20, 21, 22, 23, 24].map((n) => sampleInteraction(n));
    for (const item of items) await interactions.put(item, undefined, { events: [event(`s${item.id}`)], dueAt: at(0) });
    const failing = `s${items[1]?.id}`;
    const published: string[] = [];
    const bus = {
      publish: async (events: BusEvent[]) => {
        const ids = events.map((e) => (e.detail as { id: string }).id);
        if (ids.includes(failing)) throw new Error("PutEvents throttled");
        published.push(...ids);
      },
    };
    const silent = { info: () => {}, warn: () => {}, error: () => {} };
    const deps = { bus, outbox, clock: { now: () => at(2) }, logger: silent };

    await expect(publishDueEvents(deps, { limit: 100, concurrency: 2 })).rejects.toThrow("PutEvents throttled");
    expect(published).toEqual(expect.arrayContaining(items.filter((_, i) => i !== 1).map((item) => `s${item.id}`)));
    expect(published).not.toContain(failing);
    const dueLater = await outbox.listDue(new Date(at(2).getTime() + 60_000), 100);
    expect(dueLater.flatMap((d) => d.events.map((e) => e.id))).toContain(failing);
  });

  it("a backlog larger than one listing is drained by listing again: each reads only a share of every shard", async () => {
    const backlog = Array.from({ length: 60 }, (_, n) => sampleInteraction(100 + n));
    for (const item of backlog)
      await interactions.put(item, undefined, { events: [event(`b${item.id}`)], dueAt: at(5) });
    const mine = (entries: Awaited<ReturnType<typeof outbox.listDue>>) =>
      entries.filter((entry) => entry.events.some((e) => e.id.startsWith("b")));

    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const due = mine(await outbox.listDue(at(6), 10));
      expect(due.length).toBeLessThanOrEqual(10);
      if (!due.length) break;
      for (const entry of due) {
        seen.add(entry.key);
        await outbox.settle(entry, [], at(6));
      }
    }
    expect(seen.size).toBe(60);
  });
});
