import type { SQSRecord } from "aws-lambda";

/**
 * An SQS record as Lambda hands it to a function subscribed to a queue that an EventBridge rule
 * targets: the body is the whole EventBridge event.
 */
export function eventBridgeSqsRecord(
  messageId: string,
  event: { detailType: string; detail: unknown },
  options: { receiveCount?: number; region?: string } = {},
): SQSRecord {
  const region = options.region ?? "eu-west-1";
  return {
    messageId,
    receiptHandle: `AQEB${messageId}`,
    body: JSON.stringify({
      version: "0",
      id: `event-${messageId}`,
      "detail-type": event.detailType,
      source: "scrm-relay",
      account: "123456789012",
      time: "2026-11-23T09:00:00Z",
      region,
      resources: [],
      detail: event.detail,
    }),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
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
