import { ConflictError } from "@scrm/core";
import { DynamoInteractionStore } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";
import { sampleInteraction } from "../support/interactions";

const interaction = sampleInteraction;

describe.each(storeServers())("DynamoInteractionStore on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoInteractionStore;

  beforeAll(async () => {
    table = await freshTable(server);
    store = new DynamoInteractionStore(table.documents, table.tableName);
    // 30 in `default`: every 5th on instagram, every 4th resolved, every 3rd tagged "refund".
    for (let n = 0; n < 30; n++) {
      await store.put(
        interaction(n, {
          ...(n % 5 === 0 ? { platform: "instagram" } : {}),
          ...(n % 4 === 0 ? { status: "resolved" } : {}),
          ...(n % 3 === 0 ? { tags: ["refund", "vip"] } : {}),
          ...(n === 29 ? { text: "" } : {}),
        }),
        undefined,
      );
    }
    await store.put(interaction(100, { workspaceId: "acme" }), undefined);
  });
  afterAll(() => table.stop());

  it("round-trips an interaction exactly (Unicode, empty text) with version 1", async () => {
    const original = interaction(29, { text: "" });
    const stored = await store.get(original.id);
    expect(stored?.version).toBe(1);
    expect(stored?.interaction.text).toBe("");
    expect(stored?.interaction.author.name).toBe("שרה כהן");
  });

  it("refuses a second create and a stale update (conditional writes)", async () => {
    const first = interaction(0, { platform: "instagram", status: "resolved", tags: ["refund", "vip"] });
    await expect(store.put(first, undefined)).rejects.toBeInstanceOf(ConflictError);
    await store.put({ ...first, text: "edited" }, 1);
    await expect(store.put({ ...first, text: "lost update" }, 1)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get(first.id))?.interaction.text).toBe("edited");
    expect((await store.get(first.id))?.version).toBe(2);
  });

  it("lists newest first and pages with a cursor, without an empty last page", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ workspaceId: "default", limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.externalId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `ext-${29 - i}`));
  });

  it("keeps workspaces apart", async () => {
    const page = await store.list({ workspaceId: "acme", limit: 50 });
    expect(page.items.map((item) => item.externalId)).toEqual(["ext-100"]);
  });

  it.each([
    [{ platform: "instagram" }, [25, 20, 15, 10, 5, 0]],
    [{ status: "resolved" as const }, [28, 24, 20, 16, 12, 8, 4, 0]],
    [{ status: "resolved" as const, platform: "instagram" }, [20, 0]],
    [{ tag: "refund" }, [27, 24, 21, 18, 15, 12, 9, 6, 3, 0]],
    [{ tag: "refund", status: "resolved" as const }, [24, 12, 0]],
    [{ tag: "nope" }, []],
    [{ since: "2026-11-01T12:00:25.000Z" }, [29, 28, 27, 26, 25]],
    [{ tag: "vip", since: "2026-11-01T12:00:20.000Z" }, [27, 24, 21]],
  ])("filters %j", async (filter, expected) => {
    const page = await store.list({ workspaceId: "default", limit: 100, ...filter });
    expect(page.items.map((item) => Number(item.externalId.slice(4)))).toEqual(expected);
    expect(page.nextCursor).toBeUndefined();
  });

  it("pages through a filtered listing (tag, then status+platform)", async () => {
    for (const filter of [{ tag: "refund" }, { status: "resolved" as const }]) {
      const all = await store.list({ workspaceId: "default", limit: 100, ...filter });
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ workspaceId: "default", limit: 3, ...filter, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        paged.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.items.map((item) => item.id));
    }
  });

  it("drops a stale tag hint once the tag is removed", async () => {
    const tagged = (await store.get(interaction(3).id)) ?? expect.fail("missing");
    await store.put({ ...tagged.interaction, tags: ["vip"] }, tagged.version);
    const page = await store.list({ workspaceId: "default", limit: 100, tag: "refund" });
    expect(page.items.map((item) => item.externalId)).not.toContain("ext-3");
  });

  it("rejects a cursor it did not issue with an input error naming the field", async () => {
    await expect(store.list({ workspaceId: "default", limit: 5, cursor: "garbage!" })).rejects.toMatchObject({
      kind: "input",
      details: { field: "cursor" },
    });
  });
});

describe.each(storeServers())("tag hints after an interaction's time moves, on %s", (server) => {
  it("lists the interaction once, at its current time", async () => {
    const table = await freshTable(server);
    try {
      const store = new DynamoInteractionStore(table.documents, table.tableName);
      const late = interaction(1, { tags: ["vip"], occurredAt: "2026-11-01T12:03:00.000Z" });
      await store.put(late, undefined);
      await store.put({ ...late, occurredAt: "2026-11-01T12:02:00.000Z" }, 1);
      const page = await store.list({ workspaceId: "default", limit: 10, tag: "vip" });
      expect(page.items.map((item) => item.occurredAt)).toEqual(["2026-11-01T12:02:00.000Z"]);
    } finally {
      await table.stop();
    }
  });
});
