import { SlaPolicy, slaTimerRequest, startClock } from "@scrm/core";
import { createDynamoClients, decisionStores } from "@scrm/dynamodb";
import type { EventBridgeEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionRegion as region, startFunctionEnvironment } from "../tests/support/aws-functions";
import { sampleInteraction } from "../tests/support/interactions";

const table = "scrm-relay-run-sla-test";

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let stores: ReturnType<typeof decisionStores>;
let handle: typeof import("./run-sla")["handler"];

beforeAll(async () => {
  environment = await startFunctionEnvironment(table);
  const { documents } = createDynamoClients({ endpoint: process.env.DYNAMODB_ENDPOINT, region });
  stores = decisionStores(documents, table);
  handle = (await import("./run-sla")).handler;
});
afterAll(async () => {
  await environment?.stop();
});

/** What an EventBridge rule hands its Lambda target for `sla.timer`. */
function timerEvent(interactionId: string): EventBridgeEvent<string, unknown> {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "sla.timer",
    source: "scrm-relay",
    account: "123456789012",
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [],
    detail: { workspaceId: "default", interactionId },
  };
}

describe("functions/run-sla (EventBridge sla.timer)", () => {
  it("fires a breach that is due once, records it on the clock, and clears the timer", async () => {
    const policy = SlaPolicy.parse({
      id: "five-minutes",
      firstResponse: "PT5M",
      escalations: [{ at: "breach", actions: [{ type: "setPriority", priority: "urgent" }] }],
      version: 1,
      updatedAt: new Date().toISOString(),
      updatedBy: "test",
    });
    await stores.rules.savePolicy(policy, undefined);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const base = sampleInteraction(701, { occurredAt: tenMinutesAgo.toISOString() });
    const clock = startClock({ policy, calendar: undefined }, "firstResponse", tenMinutesAgo);
    const interaction = { ...base, sla: { firstResponse: clock as NonNullable<typeof clock> } };
    await environment.interactions.put(interaction, undefined, {
      events: [slaTimerRequest(interaction, "start")],
      dueAt: new Date(),
    });

    await handle(timerEvent(interaction.id));
    await handle(timerEvent(interaction.id));

    const stored = await environment.interactions.get(interaction.id);
    expect(stored?.interaction.sla?.firstResponse?.state).toBe("breached");
    expect(stored?.interaction.priority).toBe("urgent");
    expect(stored?.interaction.history.filter((entry) => entry.type === "sla.breached")).toHaveLength(1);
    expect(stored?.pending.some((event) => event.type === "sla.timer")).toBe(false);
    expect(await stores.timers.dueBy("default", new Date(Date.now() + 86_400_000), 10)).toEqual([]);
  });
});
