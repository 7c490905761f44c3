import { interactionId } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";
import { until } from "../support/until";

interface Sync {
  state: string;
  attempts?: number;
  error?: { code: string };
}

describe("a sync the CRM cannot take waits, retries, is listed, and can be retried", () => {
  let stack: TestStack;
  const id = interactionId("facebook", "6001_1");
  const syncOf = async () =>
    (await stack.api<{ sync?: Record<string, Sync> }>(`/api/v1/interactions/${id}`)).body.sync?.salesforce;

  beforeAll(async () => {
    // No Salesforce configured: every attempt is refused as `crm.not_configured`.
    stack = await startTestStack({ outboxSweepMs: 20, syncRetrySchedule: [30, 30] });
    await stack.api("/api/v1/rules", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "to-salesforce",
        name: "everything to Salesforce",
        then: [{ type: "sync", target: "salesforce" }],
      }),
    });
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("keeps the request on the interaction through the retries, then lists the failure with the error", async () => {
    const payload = feedCommentPayload({
      pageId: "104817932345678",
      postId: "6001",
      commentId: "1",
      author: { id: "930001", name: "Customer" },
      message: "please call me",
      createdTime: 1_763_800_000,
    });
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, payload)).status).toBe(200);

    const failed = await until(async () => {
      const sync = await syncOf();
      return sync?.state === "failed" ? sync : undefined;
    });
    expect(failed).toMatchObject({ attempts: 3, error: { code: "crm.not_configured" } });
    expect((await stack.interactions.get(id))?.pending).toEqual([]);

    const list = await stack.api<{ items: Array<{ id: string; target: string; error: { code: string } }> }>(
      "/api/v1/sync/failures",
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: `${id}:salesforce`,
        target: "salesforce",
        error: expect.objectContaining({ code: "crm.not_configured" }),
      }),
    ]);
  });

  it("a retry makes it pending again with its attempts reset and takes it off the list", async () => {
    const retried = await stack.api<{ state: string }>(
      `/api/v1/sync/failures/${encodeURIComponent(`${id}:salesforce`)}/retry`,
      {
        method: "POST",
        headers: { "x-actor": "dana" },
      },
    );
    expect(retried.status).toBe(202);
    expect((await stack.api<{ items: unknown[] }>("/api/v1/sync/failures")).body.items).toEqual([]);
    // It is tried again at once, and (still no CRM) fails again after the schedule: nothing is dropped.
    const again = await until(async () => {
      const sync = await syncOf();
      return sync?.state === "failed" ? sync : undefined;
    });
    expect(again.attempts).toBe(3);
    expect((await stack.api<{ items: unknown[] }>("/api/v1/sync/failures")).body.items).toHaveLength(1);
    const bulk = await stack.api<{ retried: number }>("/api/v1/sync/failures/retry", { method: "POST" });
    expect(bulk.body.retried).toBe(1);
    expect(
      (
        await stack.api<{ items: Array<{ action: string }> }>(`/api/v1/audit?entity=interaction&entityId=${id}`)
      ).body.items.map((e) => e.action),
    ).toContain("sync.retried");
  });
});
