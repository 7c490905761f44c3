import { createHash } from "node:crypto";
import { type NotifyRequested, sendNotification } from "@scrm/core";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { notifyHarness, type Received } from "./harness";

describe("sendNotification: delivery and retries, against real receivers and dynalite", () => {
  const h = notifyHarness();

  it("delivers on the first try a signed body the receiver verifies, and records it", async () => {
    h.now = new Date();
    const hook = await h.receiver(() => ({ status: 200 }));
    const { request, stored } = await h.requestFor(hook.url);

    const result = await sendNotification(h.deps(), request);

    expect(hook.received).toHaveLength(1);
    const [post] = hook.received as [Received];
    const headers = Object.fromEntries(Object.entries(post.headers).map(([name, value]) => [name, String(value)]));
    expect(new Webhook(h.secret).verify(post.body, headers)).toEqual({
      type: "interaction.notify",
      timestamp: h.now.toISOString(),
      data: {
        notificationId: request.notificationId,
        rule: request.rule,
        trigger: request.trigger,
        note: "call them back",
        interaction: stored,
      },
    });
    expect(post.headers).toMatchObject({
      "webhook-id": request.notificationId,
      "content-type": "application/json",
      "user-agent": "scrm-relay",
    });
    expect(result).toMatchObject({ state: "delivered", deliveredAt: h.now.toISOString(), attempts: [{ status: 200 }] });
    expect(result.payload?.sha256).toBe(createHash("sha256").update(post.body).digest("hex"));
    const read = await h.notifications.get(request.notificationId);
    expect(read?.notification).toEqual(result);
    expect(read?.pending).toEqual([]);
    expect(await h.dueFor(request.notificationId, new Date(h.now.getTime() + 86_400_000))).toEqual([]);
  });

  it("retries 500, 500 on schedule through the outbox, and is delivered on the 3rd attempt", async () => {
    h.now = new Date("2026-06-01T10:00:00.000Z");
    const hook = await h.receiver((count) => (count <= 2 ? { status: 500, body: "database down" } : { status: 200 }));
    const { request } = await h.requestFor(hook.url);

    const first = await sendNotification(h.deps(), request);
    expect(first).toMatchObject({ state: "pending", lastError: "HTTP 500 Internal Server Error: database down" });
    expect(first.attempts).toEqual([expect.objectContaining({ status: 500 })]);
    const due1 = new Date(first.nextAttemptAt ?? "");
    expect(due1.getTime() - h.now.getTime()).toBeGreaterThanOrEqual(4_500);
    expect(due1.getTime() - h.now.getTime()).toBeLessThanOrEqual(5_500);

    // Not listed before it is due; listed, with the request, once due.
    expect(await h.dueFor(request.notificationId, new Date(due1.getTime() - 1))).toEqual([]);
    const [entry] = await h.dueFor(request.notificationId, due1);
    expect(entry?.events).toEqual([
      { id: `${request.notificationId}#2`, type: "notify.requested", detail: request, awaitConsumer: true },
    ]);

    h.now = due1;
    const second = await sendNotification(h.deps(), entry?.events[0]?.detail as NotifyRequested);
    expect(second.attempts.map((attempt) => attempt.status)).toEqual([500, 500]);
    const due2 = new Date(second.nextAttemptAt ?? "");
    expect(due2.getTime() - h.now.getTime()).toBeGreaterThanOrEqual(270_000);
    expect(due2.getTime() - h.now.getTime()).toBeLessThanOrEqual(330_000);
    const [entry2] = await h.dueFor(request.notificationId, due2);
    expect(entry2?.events.map((event) => event.id)).toEqual([`${request.notificationId}#3`]);

    h.now = new Date(due2.getTime() + 1);
    const third = await sendNotification(h.deps(), request);
    expect(third).toMatchObject({ state: "delivered", scheduleStep: 3 });
    expect(third.lastError).toBeUndefined();
    expect(third.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 200]);
    expect(await h.dueFor(request.notificationId, new Date(h.now.getTime() + 86_400_000))).toEqual([]);

    // The same webhook-id on every attempt (receivers deduplicate), a fresh timestamp on each.
    expect(new Set(hook.received.map((post) => post.headers["webhook-id"]))).toEqual(new Set([request.notificationId]));
    expect(new Set(hook.received.map((post) => post.headers["webhook-timestamp"])).size).toBe(3);
  });

  it("fails with the last error once the schedule is exhausted, and is listed for a person", async () => {
    h.now = new Date("2026-06-02T10:00:00.000Z");
    const hook = await h.receiver((count) => ({ status: 503, body: `busy ${count}` }));
    const { request } = await h.requestFor(hook.url);

    let result = await sendNotification(h.deps(), request);
    while (result.state === "pending") {
      h.now = new Date(result.nextAttemptAt ?? "");
      result = await sendNotification(h.deps(), request);
    }

    expect(hook.received).toHaveLength(8);
    expect(result).toMatchObject({ state: "failed", lastError: "HTTP 503 Service Unavailable: busy 8" });
    expect(result.attempts).toHaveLength(8);
    expect(Date.parse(h.now.toISOString()) - Date.parse("2026-06-02T10:00:00.000Z")).toBeGreaterThan(20 * 3_600_000);
    expect((await h.notifications.listFailed(100)).items.map((item) => item.id)).toContain(request.notificationId);
    expect(await h.dueFor(request.notificationId, new Date(h.now.getTime() + 86_400_000))).toEqual([]);
  });

  it("fails at once on 410 Gone", async () => {
    h.now = new Date("2026-06-03T10:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 410 }));
    const { request } = await h.requestFor(hook.url);

    const result = await sendNotification(h.deps(), request);

    expect(result).toMatchObject({ state: "failed", lastError: "HTTP 410 Gone", failedAt: h.now.toISOString() });
    h.now = new Date("2026-06-04T10:00:00.000Z");
    await sendNotification(h.deps(), request);
    expect(hook.received).toHaveLength(1);
  });

  it("records a timeout as an error without a status, and retries it", async () => {
    h.now = new Date("2026-06-03T11:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 200, delayMs: 2_000 }));
    const { request } = await h.requestFor(hook.url);

    const result = await sendNotification(h.deps({ timeoutMs: 150 }), request);

    expect(result.state).toBe("pending");
    expect(result.attempts).toEqual([
      { at: h.now.toISOString(), error: "no answer within 150 ms", durationMs: expect.any(Number) },
    ]);
    expect(result.attempts[0]?.durationMs).toBeGreaterThanOrEqual(140);
    expect(result.attempts[0]?.durationMs).toBeLessThan(1_500);
  });

  it("records a refused connection as an error", async () => {
    h.now = new Date("2026-06-03T12:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 200 }));
    await new Promise((ok) => hook.server.close(ok));
    const { request } = await h.requestFor(hook.url);

    const result = await sendNotification(h.deps(), request);

    expect(result.state).toBe("pending");
    expect(result.lastError).toMatch(/ECONNREFUSED/);
  });
});
