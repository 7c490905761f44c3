import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type SlaTimerDetail, type SlaTimerStore, slaTimerType } from "@scrm/core";
import { outboxAttributes, queryDue } from "./outbox";

/** The timer lives beside its interaction (same partition), so it goes where the interaction goes. */
const timerKey = (interactionId: string) => ({ pk: `I#${interactionId}`, sk: "SLA" });

/**
 * SLA timers as items with one awaited `sla.timer` event in the outbox's due index: the outbox
 * sweeper publishes it when due, on the embedded stack and on AWS alike, and republishes it (with
 * backoff) until the SLA handler sets the next due time or removes the timer.
 */
export class DynamoSlaTimerStore implements SlaTimerStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async set(workspaceId: string, interactionId: string, dueAt: Date | undefined): Promise<void> {
    const key = timerKey(interactionId);
    if (!dueAt) {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
      return;
    }
    const detail: SlaTimerDetail = { workspaceId, interactionId };
    const event = { id: `sla-timer:${interactionId}`, type: slaTimerType, awaitConsumer: true, detail };
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          ws: workspaceId,
          timerDueAt: dueAt.toISOString(),
          ...outboxAttributes(key, { events: [event], dueAt }),
        },
      }),
    );
  }

  async dueBy(workspaceId: string, until: Date, limit: number): Promise<string[]> {
    // Limit counts items read before the filter: read generously, other workspaces share the index.
    const items = await queryDue(this.documents, this.tableName, until, Math.max(limit * 4, 500), {
      expression: "sk = :timer AND ws = :ws",
      names: {},
      values: { ":timer": "SLA", ":ws": workspaceId },
    });
    return items.slice(0, limit).map((item) => String(item.pk).slice(2));
  }
}
