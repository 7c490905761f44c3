import { describe, expect, it } from "vitest";
import { type AttemptOutcome, afterAttempt, jittered, notifyRetrySchedule, restartNotification } from "./schedule";
import { type Notification, newNotification } from "./schema";

const start = new Date("2026-06-01T10:00:00.000Z");
const fresh: Notification = newNotification(
  {
    notificationId: "ntf_1",
    workspaceId: "default",
    interactionId: "facebook_abc",
    url: "https://example.com/hook",
    rule: { id: "vip", version: 3, name: "VIP complaints" },
    trigger: { type: "interaction.received", eventId: "evt-1" },
  },
  start,
);

const failure = (status?: number): AttemptOutcome => ({
  attempt: {
    at: start.toISOString(),
    durationMs: 12,
    ...(status ? { status, error: `HTTP ${status}` } : { error: "refused" }),
  },
  delivered: false,
  final: status === 410,
});

describe("the retry schedule", () => {
  it("is Standard Webhooks' suggestion: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(notifyRetrySchedule.map((ms) => ms / 1000)).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it.each([
    [0, 0.9],
    [0.5, 1],
    [0.999999, 1.1],
  ])("jitters by at most ±10%% (random %s → ×%s)", (random, factor) => {
    expect(jittered(300_000, () => random)).toBe(Math.round(300_000 * factor));
    expect(jittered(0, () => random)).toBe(0);
  });

  it("walks the schedule step by step, then fails with the last error", () => {
    let notification = fresh;
    const waits: number[] = [];
    let now = start;
    while (notification.state === "pending") {
      notification = afterAttempt(notification, failure(500 + waits.length), now, { random: () => 0.5 });
      if (notification.nextAttemptAt) {
        const next = new Date(notification.nextAttemptAt);
        waits.push(next.getTime() - now.getTime());
        now = next;
      }
    }
    expect(waits).toEqual(notifyRetrySchedule.slice(1));
    expect(notification).toMatchObject({ state: "failed", scheduleStep: 8, lastError: "HTTP 507" });
    expect(notification.attempts).toHaveLength(8);
    expect(notification.nextAttemptAt).toBeUndefined();
  });

  it("stops at once on 410 Gone", () => {
    const gone = afterAttempt(fresh, failure(410), start);
    expect(gone).toMatchObject({ state: "failed", lastError: "HTTP 410", failedAt: start.toISOString() });
  });

  it("is delivered on a 2xx, clearing the error and the next attempt", () => {
    const failed = afterAttempt(fresh, failure(), start, { random: () => 0.5 });
    expect(failed.lastError).toBe("refused");
    const ok = afterAttempt(
      failed,
      { attempt: { at: start.toISOString(), status: 204, durationMs: 3 }, delivered: true, final: false },
      start,
    );
    expect(ok).toMatchObject({ state: "delivered", deliveredAt: start.toISOString(), scheduleStep: 2 });
    expect(ok.lastError).toBeUndefined();
    expect(ok.nextAttemptAt).toBeUndefined();
  });

  it("restarts the schedule on a person's retry, keeping the log", () => {
    const failed = afterAttempt(fresh, failure(410), start);
    const later = new Date("2026-06-02T00:00:00.000Z");
    const again = restartNotification(failed, later);
    expect(again).toMatchObject({ state: "pending", scheduleStep: 0, nextAttemptAt: later.toISOString() });
    expect(again.failedAt).toBeUndefined();
    expect(again.attempts).toHaveLength(1);
  });
});
