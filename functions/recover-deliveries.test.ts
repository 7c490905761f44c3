import { newDelivery } from "@scrm/core";
import type { ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeEventBridge } from "../tests/fakes/eventbridge";
import {
  functionBusName as busName,
  functionRegion as region,
  startFunctionEnvironment,
} from "../tests/support/aws-functions";
import { sampleInteraction } from "../tests/support/interactions";

const table = "scrm-relay-recovery-test";

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let fake: FakeEventBridge;
let deliveries: typeof environment.deliveries;
let handle: typeof import("./recover-deliveries")["handler"];

beforeAll(async () => {
  environment = await startFunctionEnvironment(table);
  ({ eventBridge: fake, deliveries } = environment);
  handle = (await import("./recover-deliveries")).handler;
});

afterAll(async () => {
  await environment?.stop();
});

/** What an EventBridge schedule rule (`rate(1 minute)`) hands its Lambda target. */
function scheduledEvent(): ScheduledEvent {
  const time = new Date();
  time.setUTCSeconds(0, 0);
  return {
    version: "0",
    id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: time.toISOString().replace(".000Z", "Z"),
    region,
    resources: [`arn:aws:events:${region}:123456789012:rule/scrm-relay-dev-RecoverDeliveriesRule-abcdef`],
    detail: {},
  };
}

const ago = (ms: number) => new Date(Date.now() - ms);
const metaBody = (n: number) => JSON.stringify({ object: "page", entry: [{ id: "104000000000001", time: n }] });
const report = { interactionIds: [], workspaceIds: [], skipped: [] };

describe("functions/recover-deliveries", () => {
  const stranded = newDelivery("meta", metaBody(1), ago(5 * 60_000));
  const inFlight = newDelivery("meta", metaBody(2), ago(10_000));
  const processed = newDelivery("meta", metaBody(3), ago(5 * 60_000));

  it("re-publishes an old pending delivery, and leaves fresh and processed ones alone", async () => {
    await Promise.all([stranded, inFlight, processed].map((delivery) => deliveries.save(delivery)));
    await deliveries.settle(processed.id, { status: "processed", report, attempts: 1 });
    fake.reset();

    const result = await handle(scheduledEvent());

    expect(result).toEqual({ republished: 1, outboxes: 0 });
    expect(fake.entries).toHaveLength(1);
    const [entry] = fake.entries;
    expect(entry).toMatchObject({ Source: "scrm-relay", DetailType: "delivery.received", EventBusName: busName });
    expect(JSON.parse(entry?.Detail ?? "")).toMatchObject({
      deliveryId: stranded.id,
      delivery: { id: stranded.id, status: "pending", body: stranded.body },
    });
  });

  it("publishes nothing once the old delivery is processed and the rest are in flight", async () => {
    await deliveries.settle(stranded.id, { status: "processed", report, attempts: 1 });
    fake.reset();

    // Also the input the Cron component sends when the schedule carries none of its own.
    expect(await handle({})).toEqual({ republished: 0, outboxes: 0 });
    expect(fake.entries).toHaveLength(0);
  });

  it("sweeps the outbox until nothing is due, not only the first 200 items", async () => {
    const due = Array.from({ length: 230 }, (_, n) => sampleInteraction(9_000 + n));
    const past = ago(60_000);
    for (const item of due) {
      await environment.interactions.put(item, undefined, {
        events: [{ id: `sweep-${item.id}`, type: "sync.requested", detail: { interactionId: item.id } }],
        dueAt: past,
      });
    }
    fake.reset();

    const result = await handle(scheduledEvent());

    expect(result.outboxes).toBeGreaterThanOrEqual(230);
    const published = new Set(
      fake.entries
        .filter((entry) => entry.DetailType === "sync.requested")
        .map((entry) => (JSON.parse(entry.Detail) as { interactionId: string }).interactionId),
    );
    expect(due.filter((item) => !published.has(item.id))).toEqual([]);
  });
});
