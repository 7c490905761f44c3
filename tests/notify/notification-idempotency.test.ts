import { type NotifyRequested, retryNotification, sendNotification } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { notifyHarness, quiet } from "./harness";

describe("sendNotification: once only, wake-ups and a person's retry, against real receivers and dynalite", () => {
  const h = notifyHarness();
  const retryDeps = () => ({ notifications: h.notifications, clock: { now: () => h.now }, logger: quiet });

  it("posts once for a request delivered twice, one after the other or at the same time", async () => {
    h.now = new Date("2026-06-03T13:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 202, delayMs: 50 }));
    const sequential = await h.requestFor(hook.url);
    await sendNotification(h.deps(), sequential.request);
    const again = await sendNotification(h.deps(), sequential.request);
    expect(again.state).toBe("delivered");
    expect(hook.received).toHaveLength(1);

    const concurrent = await h.requestFor(hook.url);
    await Promise.all([
      sendNotification(h.deps(), concurrent.request),
      sendNotification(h.deps(), concurrent.request),
      sendNotification(h.deps(), concurrent.request),
    ]);
    expect(hook.received).toHaveLength(2);
    expect((await h.notifications.get(concurrent.request.notificationId))?.notification.state).toBe("delivered");
  });

  it("does nothing on an early wake-up", async () => {
    h.now = new Date("2026-06-03T14:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 500 }));
    const { request } = await h.requestFor(hook.url);
    const first = await sendNotification(h.deps(), request);
    const before = await h.notifications.get(request.notificationId);

    h.now = new Date(Date.parse(first.nextAttemptAt ?? "") - 1_000);
    const early = await sendNotification(h.deps(), request);

    expect(early).toEqual(first);
    expect(hook.received).toHaveLength(1);
    expect(await h.notifications.get(request.notificationId)).toEqual(before);
  });

  it("retryNotification makes a failed one pending and due now; the next send delivers it", async () => {
    h.now = new Date("2026-06-03T15:00:00.000Z");
    const hook = await h.receiver((count) => (count === 1 ? { status: 410 } : { status: 200 }));
    const { request } = await h.requestFor(hook.url);
    expect((await sendNotification(h.deps(), request)).state).toBe("failed");

    h.now = new Date("2026-06-03T16:00:00.000Z");
    const retried = await retryNotification(retryDeps(), request.notificationId);

    expect(retried).toMatchObject({ state: "pending", scheduleStep: 0, nextAttemptAt: h.now.toISOString() });
    expect(retried.failedAt).toBeUndefined();
    expect((await h.notifications.get(request.notificationId))?.notification).toEqual(retried);
    const [entry] = await h.dueFor(request.notificationId, h.now);
    expect(entry?.events.map((event) => event.id)).toEqual([`${request.notificationId}#2`]);
    expect((await h.notifications.listFailed(100)).items.map((item) => item.id)).not.toContain(request.notificationId);

    const delivered = await sendNotification(h.deps(), entry?.events[0]?.detail as NotifyRequested);
    expect(delivered).toMatchObject({ state: "delivered", attempts: [{ status: 410 }, { status: 200 }] });
    expect(hook.received).toHaveLength(2);
    await expect(retryNotification(retryDeps(), request.notificationId)).rejects.toMatchObject({
      kind: "conflict",
      code: "notification.delivered",
    });
    await expect(retryNotification(retryDeps(), "ntf_unknown")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("wakes an attempt whose process died mid-POST when its lease ends; the late answer joins the log", async () => {
    const start = new Date("2026-06-03T18:00:00.000Z");
    h.now = start;
    // The first POST hangs (its process "dies"); the second is answered at once.
    const hook = await h.receiver((count) => (count === 1 ? { status: 500, delayMs: 1_500 } : { status: 200 }));
    const { request } = await h.requestFor(hook.url);
    const stuck = sendNotification(h.deps({ timeoutMs: 5_000 }), request);
    while (hook.received.length === 0) await new Promise((ok) => setTimeout(ok, 10));

    // Meanwhile a redelivered request is an early wake-up, and only the lease's end is due.
    expect((await sendNotification(h.deps({ timeoutMs: 5_000 }), request)).attempts).toEqual([]);
    const leaseEnds = new Date(start.getTime() + 35_000);
    expect(await h.dueFor(request.notificationId, new Date(leaseEnds.getTime() - 1))).toEqual([]);
    const [entry] = await h.dueFor(request.notificationId, leaseEnds);
    expect(entry?.events.map((event) => event.id)).toEqual([`${request.notificationId}#1`]);

    h.now = leaseEnds;
    const taken = await sendNotification(h.deps(), entry?.events[0]?.detail as NotifyRequested);
    expect(taken).toMatchObject({ state: "delivered", attempts: [{ status: 200 }] });

    const late = await stuck;
    expect(late.state).toBe("delivered");
    expect(late.attempts.map((attempt) => [attempt.at, attempt.status])).toEqual([
      [start.toISOString(), 500],
      [leaseEnds.toISOString(), 200],
    ]);
    expect((await h.notifications.get(request.notificationId))?.notification).toEqual(late);
    expect(hook.received).toHaveLength(2);
  });

  it("throws a store error for the bus to retry, leaving the new record for the sweeper to wake", async () => {
    h.now = new Date("2026-06-03T19:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 200 }));
    const { request } = await h.requestFor(hook.url);

    await expect(
      sendNotification(h.deps({ interactions: h.unavailableInteractions, timeoutMs: 1_000 }), request),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });

    expect((await h.notifications.get(request.notificationId))?.notification).toMatchObject({ state: "pending" });
    const wakeAt = new Date(h.now.getTime() + 31_000);
    expect(await h.dueFor(request.notificationId, new Date(wakeAt.getTime() - 1))).toEqual([]);
    const [entry] = await h.dueFor(request.notificationId, wakeAt);
    h.now = wakeAt;
    const woken = await sendNotification(h.deps(), entry?.events[0]?.detail as NotifyRequested);
    expect(woken).toMatchObject({ state: "delivered", attempts: [{ status: 200 }] });
    expect(hook.received).toHaveLength(1);
  });

  it("fails, without posting, when its interaction is not stored", async () => {
    h.now = new Date("2026-06-03T17:00:00.000Z");
    const hook = await h.receiver(() => ({ status: 200 }));
    const { request } = await h.requestFor(hook.url);
    const result = await sendNotification(h.deps(), {
      ...request,
      notificationId: "ntf_orphan",
      interactionId: "facebook_gone",
    });
    expect(result).toMatchObject({ state: "failed", lastError: "interaction facebook_gone is not stored" });
    expect(hook.received).toHaveLength(0);
  });
});
