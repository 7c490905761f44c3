import { type BusEvent, RelayError } from "@scrm/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeEventBridge, startFakeEventBridge } from "../../../tests/fakes/eventbridge";
import { chunkBySize, EventBridgeBus, maxBytesPerCall } from "./eventbridge-bus";

let fake: FakeEventBridge;
let bus: EventBridgeBus;

beforeAll(async () => {
  fake = await startFakeEventBridge();
  bus = new EventBridgeBus({
    busName: "scrm-relay-test",
    region: "us-east-1",
    endpoint: fake.endpoint,
    maxAttempts: 3,
    retryDelayMs: 1,
  });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const events = (count: number, detail: (i: number) => unknown = (i) => ({ deliveryId: `d${i}` })): BusEvent[] =>
  Array.from({ length: count }, (_, i) => ({ type: "delivery.received", detail: detail(i) }));

describe("EventBridgeBus.publish", () => {
  it("sends each event as one entry: source scrm-relay, the type as detail-type, the detail as JSON", async () => {
    await bus.publish([{ type: "interaction.received", detail: { id: "facebook_x", text: "שלום 😀" } }]);

    expect(fake.entries).toHaveLength(1);
    expect(fake.entries[0]).toMatchObject({
      EventBusName: "scrm-relay-test",
      Source: "scrm-relay",
      DetailType: "interaction.received",
    });
    expect(JSON.parse(fake.entries[0]?.Detail ?? "")).toEqual({ id: "facebook_x", text: "שלום 😀" });
  });

  it("sends 25 events in 3 calls of at most 10 entries", async () => {
    await bus.publish(events(25));

    expect(fake.calls.map((call) => call.entries)).toEqual([10, 10, 5]);
    expect(fake.entries.map((entry) => JSON.parse(entry.Detail).deliveryId)).toEqual(
      events(25).map((e) => (e.detail as { deliveryId: string }).deliveryId),
    );
  });

  it("makes smaller calls when large details would pass 256 KB", async () => {
    const big = "x".repeat(100 * 1024);
    await bus.publish(events(5, (i) => ({ deliveryId: `d${i}`, body: big })));

    expect(fake.calls.map((call) => call.entries)).toEqual([2, 2, 1]);
    for (const call of fake.calls) expect(call.bytes).toBeLessThanOrEqual(maxBytesPerCall);
    expect(fake.entries).toHaveLength(5);
  });

  it("refuses an event that no call can carry, before sending anything", async () => {
    const error = await bus.publish(events(2, () => ({ body: "x".repeat(maxBytesPerCall) }))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: "bus.event_too_large" });
    expect(fake.calls).toHaveLength(0);
  });

  it("sends the entries EventBridge reported failed again, and only those", async () => {
    fake.failNext(3, "ThrottlingException");

    await bus.publish(events(5));

    expect(fake.calls.map((call) => call.entries)).toEqual([5, 3]);
    expect(fake.entries.map((entry) => JSON.parse(entry.Detail).deliveryId).sort()).toEqual([
      "d0",
      "d1",
      "d2",
      "d3",
      "d4",
    ]);
  });

  it("throws an error naming the events and codes that still fail after the retries", async () => {
    fake.failNext(1_000, "InternalFailure", "try later");

    const error = await bus.publish(events(2)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: "bus.publish_failed", kind: "upstream" });
    expect((error as Error).message).toContain("rejected 2 of 2 events");
    expect((error as Error).message).toContain("delivery.received (InternalFailure: try later)");
    expect((error as RelayError).details).toEqual([
      { type: "delivery.received", errorCode: "InternalFailure", errorMessage: "try later", attempts: 3 },
      { type: "delivery.received", errorCode: "InternalFailure", errorMessage: "try later", attempts: 3 },
    ]);
    expect(fake.calls).toHaveLength(3);
  });

  it("does not retry an entry AWS documents as permanently rejected, and still sends the rest", async () => {
    fake.failNext(1, "MalformedDetail", "Detail is malformed.");

    const error = await bus.publish(events(12)).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: "bus.publish_failed" });
    expect((error as Error).message).toContain("rejected 1 of 12 events");
    expect(fake.calls.map((call) => call.entries)).toEqual([10, 2]);
    expect(fake.entries).toHaveLength(11);
  });
});

describe("chunkBySize", () => {
  it("keeps order and puts an item that fills a call on its own", () => {
    const sizes = [10, maxBytesPerCall, 10, 10];
    expect(chunkBySize(sizes, (size) => size)).toEqual([[10], [maxBytesPerCall], [10, 10]]);
  });
});
