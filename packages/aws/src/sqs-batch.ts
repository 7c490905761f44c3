import type { BatchHandler, BusEvent } from "@scrm/core";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/** What EventBridge puts in an SQS message it targets: the whole event. */
interface EventBridgeEnvelope {
  "detail-type"?: unknown;
  detail?: unknown;
}

function busEventOf(record: SQSRecord): BusEvent | undefined {
  try {
    const envelope = JSON.parse(record.body) as EventBridgeEnvelope;
    if (typeof envelope["detail-type"] !== "string" || envelope.detail === undefined) return undefined;
    return { type: envelope["detail-type"], detail: envelope.detail };
  } catch {
    return undefined;
  }
}

/**
 * A batched route's handler as an SQS consumer with partial batch responses: the records' EventBridge
 * events go to the handler together (the delivery attempt is the highest receive count among them,
 * so a redelivered batch is known as one). A record that is no EventBridge event is reported failed
 * alone — the queue's redrive policy takes it to the dead letters — and a handler that throws fails
 * the batch's records, which SQS delivers again.
 */
export function sqsBatchHandler(handler: BatchHandler, logger: { warn(message: string, fields?: object): void }) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed: string[] = [];
    const events: BusEvent[] = [];
    const taken: string[] = [];
    let attempt = 1;
    for (const record of event.Records) {
      const busEvent = busEventOf(record);
      if (!busEvent) {
        logger.warn("SQS record is not an EventBridge event; left to the dead letters", {
          messageId: record.messageId,
        });
        failed.push(record.messageId);
        continue;
      }
      events.push(busEvent);
      taken.push(record.messageId);
      attempt = Math.max(attempt, Number(record.attributes?.ApproximateReceiveCount) || 1);
    }
    if (events.length) {
      try {
        await handler(events, { attempt });
      } catch (error) {
        logger.warn("batch handler failed; SQS delivers the batch again", {
          error: String(error),
          records: taken.length,
        });
        failed.push(...taken);
      }
    }
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
