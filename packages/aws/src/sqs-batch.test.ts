import type { BusEvent } from "@scrm/core";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { sqsBatchHandler } from "./sqs-batch";

const silent = { warn: () => {} };

/** An SQS record as Lambda receives it from a queue that an EventBridge rule targets. */
function record(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "1763900000000",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1763900000100",
    },
    messageAttributes: {},
    md5OfBody: "0",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:scrm-relay-dev-SyncCrmQueue",
    awsRegion: "eu-west-1",
  };
}
const eventBridgeBody = (interactionId: string) =>
  JSON.stringify({
    version: "0",
    id: `evt-${interactionId}`,
    "detail-type": "sync.requested",
    source: "scrm-relay",
    account: "123456789012",
    time: "2026-11-23T09:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: { workspaceId: "default", interactionId, target: "hubspot" },
  });

describe("sqsBatchHandler", () => {
  it("hands the batch's events over together, with the highest receive count as the attempt", async () => {
    const seen: Array<{ events: BusEvent[]; attempt: number | undefined }> = [];
    const handle = sqsBatchHandler(
      async (events, delivery) => void seen.push({ events, attempt: delivery?.attempt }),
      silent,
    );
    const answer = await handle({
      Records: [record("m1", eventBridgeBody("i1")), record("m2", eventBridgeBody("i2"), 3)],
    } satisfies SQSEvent);
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      {
        events: [
          { type: "sync.requested", detail: { workspaceId: "default", interactionId: "i1", target: "hubspot" } },
          { type: "sync.requested", detail: { workspaceId: "default", interactionId: "i2", target: "hubspot" } },
        ],
        attempt: 3,
      },
    ]);
  });

  it("fails a record that is no EventBridge event alone, and the whole batch when the handler throws", async () => {
    const ok = sqsBatchHandler(async () => {}, silent);
    expect(await ok({ Records: [record("m1", "not json"), record("m2", eventBridgeBody("i2"))] })).toEqual({
      batchItemFailures: [{ itemIdentifier: "m1" }],
    });
    const broken = sqsBatchHandler(async () => {
      throw new Error("DynamoDB unavailable");
    }, silent);
    expect(
      await broken({ Records: [record("m1", eventBridgeBody("i1")), record("m2", eventBridgeBody("i2"))] }),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: "m1" }, { itemIdentifier: "m2" }] });
  });
});
