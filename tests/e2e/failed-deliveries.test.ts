import type { InteractionStore } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

type Delivery = { id: string; status: string; attempts: number; report?: { error?: string } };

describe("a delivery that keeps failing", () => {
  let stack: TestStack;
  let broken = true;
  beforeAll(async () => {
    stack = await startTestStack({
      maxDeliveryAttempts: 3,
      bus: { retryDelayMs: 1 },
      // The real store, refusing every write while `broken` (a bug or an outage of ours).
      wrapInteractions: (store): InteractionStore => ({
        get: (id) => store.get(id),
        list: (query) => store.list(query),
        put: async (interaction, version) => {
          if (broken) throw new Error("injected: cannot store interactions");
          return store.put(interaction, version);
        },
      }),
    });
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("is marked failed after the attempt limit, listed with its error, and processed once retried after the fix", async () => {
    const payload = feedCommentPayload({
      pageId: "104523987654321",
      postId: "8001",
      commentId: "1",
      author: { id: "4242", name: "Avi" },
      message: "still waiting for my refund",
      createdTime: 1_763_950_000,
    });
    const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, payload);
    const { deliveryId } = (await response.json()) as { deliveryId: string };
    await stack.settled();

    const failed = await stack.api<{ items: Delivery[] }>("/api/v1/deliveries?status=failed");
    expect(failed.body.items.map((item) => [item.id, item.status, item.attempts, item.report?.error])).toEqual([
      [deliveryId, "failed", 3, "injected: cannot store interactions"],
    ]);
    expect(stack.bus.deadLetters).toEqual([]);
    expect((await stack.api<{ items: unknown[] }>("/api/v1/interactions")).body.items).toEqual([]);

    broken = false;
    const retried = await stack.api(`/api/v1/deliveries/${deliveryId}/retry`, { method: "POST" });
    expect(retried).toEqual({ status: 202, body: { id: deliveryId, status: "pending" } });
    await stack.settled();

    const interactions = await stack.api<{ items: Array<{ text: string; deliveryId: string }> }>(
      "/api/v1/interactions",
    );
    expect(interactions.body.items.map((item) => [item.text, item.deliveryId])).toEqual([
      ["still waiting for my refund", deliveryId],
    ]);
    expect((await stack.api<{ items: unknown[] }>("/api/v1/deliveries?status=failed")).body.items).toEqual([]);
    expect((await stack.deliveries.get(deliveryId))?.status).toBe("processed");
  });

  it("answers 404 for retrying a delivery it never stored", async () => {
    const { status, body } = await stack.api<{ error: { code: string } }>(
      "/api/v1/deliveries/202601010000-nope/retry",
      {
        method: "POST",
      },
    );
    expect(status).toBe(404);
    expect(body.error.code).toBe("delivery.not_found");
  });
});
