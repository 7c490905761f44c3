import { syncRequest } from "@scrm/core";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../tests/fakes/hubspot";
import { functionRegion as region, startFunctionEnvironment } from "../tests/support/aws-functions";
import { sampleInteraction } from "../tests/support/interactions";
import { eventBridgeSqsRecord } from "../tests/support/sqs-events";

const table = "scrm-relay-sync-crm-test";

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let hubspot: HubSpotFake;
let handle: typeof import("./sync-crm")["handler"];

beforeAll(async () => {
  hubspot = await startHubSpotFake({ withProperties: true });
  environment = await startFunctionEnvironment(table, {
    HUBSPOT_ACCESS_TOKEN: "test-token",
    HUBSPOT_BASE_URL: hubspot.url,
  });
  handle = (await import("./sync-crm")).handler;
});
afterAll(async () => {
  await environment?.stop();
  await hubspot?.stop();
});

const sqsRecord = (messageId: string, detail: unknown) =>
  eventBridgeSqsRecord(messageId, { detailType: "sync.requested", detail }, { region });

describe("functions/sync-crm (SQS batches from the sync.requested rule)", () => {
  it("syncs the batch's interactions to HubSpot in batch calls and reports no failed record", async () => {
    const requests = [1, 2, 3].map((n) => {
      const interaction = sampleInteraction(900 + n, { threadId: `thread-${n}` });
      return { interaction, request: syncRequest(interaction, "hubspot", `rule-${n}`) };
    });
    for (const { interaction, request } of requests)
      await environment.interactions.put(interaction, undefined, { events: [request], dueAt: new Date() });

    const event: SQSEvent = {
      Records: requests.map(({ request }, n) => sqsRecord(`m${n}`, request.detail)),
    };
    expect(await handle(event)).toEqual({ batchItemFailures: [] });

    for (const { interaction } of requests) {
      const stored = await environment.interactions.get(interaction.id);
      expect(stored?.interaction.sync?.hubspot?.state).toBe("synced");
      expect(stored?.pending).toEqual([]);
    }
    const calls = hubspot.requests.map((request) => `${request.method} ${request.path}`);
    expect(calls.filter((call) => call.endsWith("/contacts/batch/upsert"))).toHaveLength(1);
    expect(hubspot.objects("notes")).toHaveLength(3);
  });

  it("a record that is not an EventBridge event fails alone, for the queue's redrive to the dead letters", async () => {
    const broken: SQSRecord = { ...sqsRecord("bad", {}), body: "{not json" };
    expect(await handle({ Records: [broken] })).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
  });
});
