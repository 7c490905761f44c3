import { GetCommand, type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type DeliveryStore, RawDelivery } from "@scrm/core";
import { BatchPutWriter } from "./batch-writer";
import { keys } from "./table";

const { state } = keys.indexes;
const deliveryKey = (id: string) => ({ pk: `D#${id}`, sk: "D" });
/** Processed deliveries leave the state index (sparse): it holds only what needs attention. */
const statePartition = (status: RawDelivery["status"]) => (status === "processed" ? undefined : `DLV#${status}`);

export class DynamoDeliveryStore implements DeliveryStore {
  private readonly writer: BatchPutWriter;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.writer = new BatchPutWriter(documents, tableName);
  }

  save(delivery: RawDelivery): Promise<void> {
    const { id, ...fields } = RawDelivery.parse(delivery);
    return this.writer.put({
      ...deliveryKey(id),
      id,
      ...fields,
      [state.partition]: statePartition(delivery.status),
      [state.sort]: `${delivery.receivedAt}#${id}`,
    });
  }

  async get(id: string): Promise<RawDelivery | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryKey(id), ConsistentRead: true }),
    );
    return result.Item ? toDelivery(result.Item) : undefined;
  }

  async settle(id: string, outcome: Pick<RawDelivery, "status" | "report" | "attempts">): Promise<void> {
    const partition = statePartition(outcome.status);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deliveryKey(id),
        UpdateExpression: `SET #status = :status, attempts = :attempts, report = :report${
          partition ? ", #sp = :sp" : ""
        }${partition ? "" : " REMOVE #sp"}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#status": "status", "#sp": state.partition },
        ExpressionAttributeValues: {
          ":status": outcome.status,
          ":attempts": outcome.attempts,
          ":report": outcome.report ?? null,
          ...(partition ? { ":sp": partition } : {}),
        },
      }),
    );
  }

  listPending(limit: number): Promise<RawDelivery[]> {
    return this.listByStatus("pending", limit);
  }

  async listByStatus(status: RawDelivery["status"], limit: number): Promise<RawDelivery[]> {
    const partition = statePartition(status);
    if (!partition) throw new Error("processed deliveries are not indexed");
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: state.name,
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: { "#p": state.partition },
        ExpressionAttributeValues: { ":p": partition },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(toDelivery);
  }
}

function toDelivery(item: Record<string, unknown>): RawDelivery {
  return RawDelivery.parse({ ...item, report: item.report ?? undefined });
}
