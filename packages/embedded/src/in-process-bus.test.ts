import type { BusEvent, Logger, Route } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { InProcessBus } from "./in-process-bus";

const silent: Logger = { info() {}, warn() {}, error() {} };
const route = (event: string, handler: string, maxAttempts = 3) =>
  ({ event, handler, maxAttempts }) as unknown as Route;

describe("InProcessBus", () => {
  it("delivers an event to every route of its type, and accepts events no route matches", async () => {
    const seen: string[] = [];
    const bus = new InProcessBus(
      [route("delivery.received", "a"), route("delivery.received", "b"), route("interaction.received", "c")],
      {
        a: async (event: BusEvent) => void seen.push(`a:${event.detail}`),
        b: async (event: BusEvent) => void seen.push(`b:${event.detail}`),
        c: async (event: BusEvent) => void seen.push(`c:${event.detail}`),
      },
      silent,
    );
    await bus.publish([
      { type: "delivery.received", detail: 1 },
      { type: "nobody.listens", detail: 2 },
    ]);
    await bus.drain();
    expect(seen.sort()).toEqual(["a:1", "b:1"]);
  });

  it("retries a failing handler until it succeeds (at least once)", async () => {
    let calls = 0;
    const bus = new InProcessBus(
      [route("delivery.received", "flaky", 5)],
      {
        flaky: async () => {
          calls++;
          if (calls < 3) throw new Error("transient");
        },
      },
      silent,
      { retryDelayMs: 1 },
    );
    await bus.publish([{ type: "delivery.received", detail: {} }]);
    await bus.drain();
    expect(calls).toBe(3);
    expect(bus.deadLetters).toEqual([]);
  });

  it("dead-letters an event after the route's maxAttempts", async () => {
    let calls = 0;
    const bus = new InProcessBus(
      [route("delivery.received", "broken", 3)],
      {
        broken: async () => {
          calls++;
          throw new Error("always");
        },
      },
      silent,
      { retryDelayMs: 1 },
    );
    const event: BusEvent = { type: "delivery.received", detail: { deliveryId: "d1" } };
    await bus.publish([event]);
    await bus.drain();
    expect(calls).toBe(3);
    expect(bus.deadLetters).toEqual([
      { route: route("delivery.received", "broken", 3), event, attempts: 3, error: "always" },
    ]);
  });

  it("runs at most `concurrency` handlers at once", async () => {
    let running = 0;
    let peak = 0;
    const bus = new InProcessBus(
      [route("delivery.received", "slow")],
      {
        slow: async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        },
      },
      silent,
      { concurrency: 2 },
    );
    await bus.publish(Array.from({ length: 10 }, (_, n) => ({ type: "delivery.received", detail: n })));
    await bus.drain();
    expect(peak).toBe(2);
  });

  it("holds handlers while told to yield, and runs an overdue one anyway", async () => {
    let busy = true;
    const ran: number[] = [];
    const bus = new InProcessBus(
      [route("delivery.received", "h")],
      { h: async (event: BusEvent) => void ran.push(event.detail as number) },
      silent,
      { yieldWhile: () => busy, maxYieldMs: 60 },
    );
    await bus.publish([{ type: "delivery.received", detail: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual([1]);

    await bus.publish([{ type: "delivery.received", detail: 2 }]);
    busy = false;
    await bus.drain();
    expect(ran).toEqual([1, 2]);
  });

  it("refuses a routing table that names an unregistered handler", () => {
    expect(() => new InProcessBus([route("delivery.received", "missing")], {}, silent)).toThrow(/missing/);
  });

  it("stops: running handlers finish, later publishes are refused", async () => {
    let finished = false;
    const bus = new InProcessBus(
      [route("delivery.received", "h")],
      {
        h: async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          finished = true;
        },
      },
      silent,
    );
    await bus.publish([{ type: "delivery.received", detail: 1 }]);
    await bus.stop();
    expect(finished).toBe(true);
    await expect(bus.publish([{ type: "delivery.received", detail: 2 }])).rejects.toThrow(/stopped/);
  });

  it("finishes queued work within the grace period when stopped, handlers still publishing", async () => {
    const done: string[] = [];
    const bus: InProcessBus = new InProcessBus(
      [route("delivery.received", "first"), route("interaction.received", "second")],
      {
        first: async (event: BusEvent) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await bus.publish([{ type: "interaction.received", detail: event.detail }]);
        },
        second: async (event: BusEvent) => void done.push(String(event.detail)),
      },
      silent,
      { concurrency: 1 },
    );
    await bus.publish([1, 2, 3].map((n) => ({ type: "delivery.received", detail: n })));
    await bus.stop(1_000);
    expect(done.sort()).toEqual(["1", "2", "3"]);
  });

  it("hands a batched route its events in batches of at most maxSize, after at most the window", async () => {
    const batches: number[][] = [];
    const batched = { ...route("sync.requested", "sync"), batch: { maxSize: 4, windowMs: 30 } } as Route;
    const bus = new InProcessBus(
      [batched],
      { sync: async (events: BusEvent[]) => void batches.push(events.map((event) => event.detail as number)) },
      silent,
    );
    await bus.publish(Array.from({ length: 10 }, (_, n) => ({ type: "sync.requested", detail: n })));
    await bus.drain();
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...batches.map((batch) => batch.length))).toBe(4);

    // A lone event waits for the window, then goes alone.
    const started = Date.now();
    await bus.publish([{ type: "sync.requested", detail: 99 }]);
    await bus.drain();
    expect(batches.at(-1)).toEqual([99]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("retries a failing batch whole, and dead-letters each of its events at the end", async () => {
    let calls = 0;
    const batched = { ...route("sync.requested", "sync", 2), batch: { maxSize: 10, windowMs: 5 } } as Route;
    const bus = new InProcessBus(
      [batched],
      {
        sync: async () => {
          calls++;
          throw new Error("CRM down");
        },
      },
      silent,
      { retryDelayMs: 1 },
    );
    await bus.publish([
      { type: "sync.requested", detail: 1 },
      { type: "sync.requested", detail: 2 },
    ]);
    await bus.drain();
    expect(calls).toBe(2);
    expect(bus.deadLetters.map((letter) => letter.event.detail)).toEqual([1, 2]);
  });
});
