import type { InteractionStore } from "@scrm/core";
import { afterEach, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, testSecrets } from "../support/stack";

const pageId = "104817932345678";
const feedComment = (n: number) =>
  feedCommentPayload({
    pageId,
    postId: "5001",
    commentId: String(1000 + n),
    author: { id: `73400123456${n}`, name: `Customer ${n}` },
    message: `comment number ${n}`,
    createdTime: 1_763_800_000 + n,
  });

type Page = { items: Array<{ id: string; text: string }>; nextCursor?: string };

describe("durability of the embedded stack", () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("keeps every interaction across a restart (dynalite on disk under DATA_DIR)", async () => {
    const first = await startTestStack({ onDisk: true });
    cleanup.push(() => removeDir(first.dataDir));
    for (let n = 0; n < 12; n++) {
      expect((await sendMetaDelivery(first.url, testSecrets.appSecret, feedComment(n))).status).toBe(200);
    }
    await first.settled();
    await first.stop();

    const second = await startTestStack({ onDisk: true, dataDir: first.dataDir });
    cleanup.push(() => second.stop());
    const page = await second.api<Page>("/api/v1/interactions?limit=100");
    expect(page.status).toBe(200);
    expect(page.body.items.map((item) => item.text).sort()).toEqual(
      Array.from({ length: 12 }, (_, n) => `comment number ${n}`).sort(),
    );
  });

  it("processes after a restart what was acknowledged but not yet processed", async () => {
    // Processing always fails in the first life: the delivery stays pending in the store.
    const broken = await startTestStack({
      onDisk: true,
      bus: { retryDelayMs: 10_000 },
      wrapInteractions: (store) => failing(store, Number.POSITIVE_INFINITY),
    });
    cleanup.push(() => removeDir(broken.dataDir));
    expect((await sendMetaDelivery(broken.url, testSecrets.appSecret, feedComment(1))).status).toBe(200);
    await broken.stop();

    const healed = await startTestStack({ onDisk: true, dataDir: broken.dataDir });
    cleanup.push(() => healed.stop());
    await healed.settled();
    const page = await healed.api<Page>("/api/v1/interactions");
    expect(page.body.items.map((item) => item.text)).toEqual(["comment number 1"]);
  });

  it("retries a delivery whose processing throws once, and still yields exactly one interaction", async () => {
    const stack = await startTestStack({ wrapInteractions: (store) => failing(store, 1) });
    cleanup.push(() => stack.stop());
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, feedComment(7))).status).toBe(200);
    await stack.settled();
    const page = await stack.api<Page>("/api/v1/interactions");
    expect(page.body.items).toHaveLength(1);
    expect(stack.bus.deadLetters).toEqual([]);
  });

  it("fails the put after the write landed (a lost answer), and the retry does not duplicate", async () => {
    const stack = await startTestStack({ wrapInteractions: (store) => failingAfterWrite(store, 1) });
    cleanup.push(() => stack.stop());
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, feedComment(8))).status).toBe(200);
    await stack.settled();
    const page = await stack.api<Page & { items: Array<{ history: Array<{ type: string }> }> }>("/api/v1/interactions");
    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]?.history.filter((entry) => entry.type === "received")).toHaveLength(1);
  });
});

/** The real store, whose first `times` puts throw before writing (an outage). */
function failing(store: InteractionStore, times: number): InteractionStore {
  let failures = 0;
  return {
    get: (id) => store.get(id),
    list: (query) => store.list(query),
    put: async (interaction, version, outbox) => {
      if (failures++ < times) throw new Error("injected: DynamoDB unavailable");
      return store.put(interaction, version, outbox);
    },
  };
}

/** The real store, whose first `times` puts write and then throw (the answer was lost). */
function failingAfterWrite(store: InteractionStore, times: number): InteractionStore {
  let failures = 0;
  return {
    get: (id) => store.get(id),
    list: (query) => store.list(query),
    put: async (interaction, version, outbox) => {
      const entry = await store.put(interaction, version, outbox);
      if (failures++ < times) throw new Error("injected: connection reset after the write");
      return entry;
    },
  };
}
