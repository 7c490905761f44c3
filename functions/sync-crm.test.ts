import { syncRequest } from "@scrm/core";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../tests/fakes/hubspot";
import { functionRegion as region, startFunctionEnvironment } from "../tests/support/aws-functions";
import { sampleInteraction } from "../tests/support/interactions";

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

/** What Lambda hands a function subscribed to the queue an EventBridge rule targets. */
function sqsRecord(messageId: string, detail: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body: JSON.stringify({
      version: "0",
      id: `event-${messageId}`,
      "detail-type": "sync.requested",
      source: "scrm-relay",
      account: "123456789012",
      time: "2026-11-23T09:00:00Z",
      region,
      resources: [],
      detail,
    }),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "1763888400000",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1763888400100",
    },
    messageAttributes: {},
    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${region}:123456789012:scrm-relay-dev-SyncCrmQueue`,
    awsRegion: region,
  };
}

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
