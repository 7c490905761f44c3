import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type DeliveryStore, RawDelivery } from "@scrm/core";
import { BatchPutWriter } from "./batch-writer";
import { decodeBody, encodeBody, partSortKey } from "./delivery-body";
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

  async save(delivery: RawDelivery): Promise<void> {
    const { id, body, ...fields } = RawDelivery.parse(delivery);
    const encoded = encodeBody(body);
    if (encoded.kind === "parts") {
      // Parts first: a head item is only ever written once its whole body is stored.
      await Promise.all(
        encoded.parts.map((part, index) => this.writer.put({ pk: deliveryKey(id).pk, sk: partSortKey(index), part })),
      );
    }
    await this.writer.put({
      ...deliveryKey(id),
      id,
      ...fields,
      ...encoded.attributes,
      [state.partition]: statePartition(delivery.status),
      [state.sort]: `${delivery.receivedAt}#${id}`,
    });
  }

  async get(id: string): Promise<RawDelivery | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: deliveryKey(id), ConsistentRead: true }),
    );
    return result.Item ? this.toDelivery(result.Item) : undefined;
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
    return Promise.all((result.Items ?? []).map((item) => this.toDelivery(item)));
  }

  private async toDelivery(item: Record<string, unknown>): Promise<RawDelivery> {
    const parts = typeof item.bodyParts === "number" ? await this.readParts(String(item.pk)) : [];
    return RawDelivery.parse({ ...item, body: decodeBody(item, parts), report: item.report ?? undefined });
  }

  private async readParts(pk: string): Promise<Uint8Array[]> {
    const parts: Uint8Array[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :part)",
          ExpressionAttributeValues: { ":pk": pk, ":part": "D#PART#" },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) parts.push(item.part as Uint8Array);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return parts;
  }
}
