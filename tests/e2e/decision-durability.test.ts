import { interactionChanged, interactionId } from "@scrm/core";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { sampleInteraction } from "../support/interactions";
import { startReceiver } from "../support/receiver";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";
import { until } from "../support/until";

const pageId = "104817932345678";
const comment = (n: number, message: string) =>
  feedCommentPayload({
    pageId,
    postId: "8001",
    commentId: String(n),
    author: { id: `91000${n}`, name: `Customer ${n}` },
    message,
    createdTime: 1_763_800_000 + n * 60,
  });

describe("rule effects and triggers survive failures", () => {
  let stack: TestStack;
  const receivers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    stack = await startTestStack({ outboxSweepMs: 50, notifySchedule: [0, 100, 100] });
  });
  afterEach(async () => {
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("notify POSTs a Standard Webhooks–signed JSON, retried with backoff, and logs every attempt", async () => {
    const receiver = await startReceiver((n) => ({ status: n < 3 ? 503 : 200 }));
    receivers.push(receiver);
    const created = await stack.api("/api/v1/rules", {
      method: "POST",
      body: JSON.stringify({
        id: "page-on-call",
        name: "page on-call for refunds",
        when: { field: "text", op: "containsAny", value: ["refund", "החזר"] },
        then: [{ type: "notify", url: receiver.url, note: "call back within the hour" }],
      }),
      headers: { "content-type": "application/json" },
    });
    expect(created.status).toBe(201);

    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, comment(1, "אני רוצה החזר עכשיו"))).status).toBe(
      200,
    );
    await until(async () => (receiver.received.length >= 3 ? true : undefined));

    const last = receiver.received[2];
    const verified = new Webhook(stack.notifySecret).verify(
      last?.body ?? "",
      last?.headers as Record<string, string>,
    ) as {
      type: string;
      data: { rule: { id: string }; note: string; interaction: { id: string; text: string } };
    };
    expect(verified.type).toBe("interaction.notify");
    expect(verified.data.rule.id).toBe("page-on-call");
    expect(verified.data.note).toBe("call back within the hour");
    expect(verified.data.interaction.text).toBe("אני רוצה החזר עכשיו");
    // One notification, three attempts under the same webhook-id (receivers dedupe on it).
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);

    const log = await until(async () => {
      const page = await stack.api<{ items: Array<{ state: string; attempts: Array<{ status?: number }> }> }>(
        "/api/v1/notifications",
      );
      return page.body.items[0]?.state === "delivered" ? page.body.items[0] : undefined;
    });
    expect(log.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
  });

  it("a trigger written but never published (the process died) is picked up by the outbox sweeper", async () => {
    await stack.api("/api/v1/rules", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "tag-orphans",
        name: "tag",
        when: { field: "text", op: "contains", value: "orphan" },
        then: [{ type: "tag", tags: ["found"] }],
      }),
    });
    const stranded = sampleInteraction(7, { text: "an orphan comment", id: interactionId("facebook", "orphan-7") });
    const trigger = interactionChanged("interaction.received", stranded, { eventId: "evt-orphan", change: "created" });
    // As processDelivery writes it, except that nothing is published afterwards.
    await stack.interactions.put(stranded, undefined, { events: [trigger], dueAt: new Date(Date.now() - 1_000) });

    const found = await until(async () => {
      const stored = await stack.interactions.get(stranded.id);
      return stored?.interaction.tags.includes("found") ? stored : undefined;
    });
    expect(found.pending).toEqual([]);
    expect(found.interaction.history.filter((entry) => entry.type === "rule")).toHaveLength(1);
  });

  it("rules on sla.warning run when the SLA clock's event is pending on the interaction", async () => {
    await stack.api("/api/v1/rules", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "warn-escalates",
        name: "escalate at the warning",
        on: ["sla.warning"],
        then: [
          { type: "escalate", level: 2, reason: "first response at 80%" },
          { type: "setPriority", priority: "high" },
        ],
      }),
    });
    const waiting = sampleInteraction(8, { id: interactionId("facebook", "sla-8"), text: "still waiting" });
    await stack.interactions.put(waiting, undefined);
    // As the SLA sweeper (issue 6) will write it: the warning awaits the rules on the same item.
    const warning = interactionChanged("sla.warning", waiting, {
      eventId: "sla:8:firstResponse:80",
      change: "sla.warning",
    });
    await stack.interactions.put(waiting, 1, { events: [warning], dueAt: new Date(Date.now() + 60_000) });
    await stack.bus.publish([{ type: warning.type, detail: warning.detail }]);
    await stack.bus.drain();

    const stored = await stack.interactions.get(waiting.id);
    expect(stored?.interaction).toMatchObject({
      priority: "high",
      escalation: { level: 2, reason: "first response at 80%" },
    });
    expect(stored?.pending).toEqual([]);
    const entry = stored?.interaction.history.find((item) => item.type === "rule");
    expect(entry?.detail).toMatchObject({ rule: "warn-escalates", event: "sla.warning" });
  });
});
