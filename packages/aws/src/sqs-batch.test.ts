import type { BusEvent } from "@scrm/core";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { eventBridgeSqsRecord } from "../../../tests/support/sqs-events";
import { sqsBatchHandler } from "./sqs-batch";

const silent = { warn: () => {} };

const detailOf = (interactionId: string) => ({ workspaceId: "default", interactionId, target: "hubspot" });
const record = (messageId: string, interactionId: string, receiveCount = 1) =>
  eventBridgeSqsRecord(messageId, { detailType: "sync.requested", detail: detailOf(interactionId) }, { receiveCount });
const notAnEvent = (messageId: string): SQSRecord => ({ ...record(messageId, "x"), body: "not json" });

describe("sqsBatchHandler", () => {
  it("hands the batch's events over together, with the highest receive count as the attempt", async () => {
    const seen: Array<{ events: BusEvent[]; attempt: number | undefined }> = [];
    const handle = sqsBatchHandler(
      async (events, delivery) => void seen.push({ events, attempt: delivery?.attempt }),
      silent,
    );
    const answer = await handle({
      Records: [record("m1", "i1"), record("m2", "i2", 3)],
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
    expect(await ok({ Records: [notAnEvent("m1"), record("m2", "i2")] })).toEqual({
      batchItemFailures: [{ itemIdentifier: "m1" }],
    });
    const broken = sqsBatchHandler(async () => {
      throw new Error("DynamoDB unavailable");
    }, silent);
    expect(await broken({ Records: [record("m1", "i1"), record("m2", "i2")] })).toEqual({
      batchItemFailures: [{ itemIdentifier: "m1" }, { itemIdentifier: "m2" }],
    });
  });
});
