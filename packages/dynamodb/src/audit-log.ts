import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry, AuditLog, AuditQuery } from "@scrm/core";
import { newestFirstPage } from "./newest-first";
import { keys } from "./table";

const { timeline } = keys.indexes;
const workspacePartition = (workspaceId: string) => `AUDIT#${workspaceId}`;
const entityPartition = (workspaceId: string, type: string, id?: string) =>
  `AUDIT#${workspaceId}#${type}${id === undefined ? "" : `#${id}`}`;

/**
 * The audit log: one item per change, newest first per workspace (`AUDIT#<ws>`), and through the
 * timeline index per entity (`AUDIT#<ws>#<type>#<id>`). Written at people's pace, so one partition
 * per workspace is not hot.
 */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const sk = `${entry.at}#${entry.id}`;
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: workspacePartition(entry.workspaceId),
          sk,
          [timeline.partition]: entityPartition(entry.workspaceId, entry.entity.type, entry.entity.id),
          [timeline.sort]: sk,
          doc: JSON.stringify(entry),
        },
      }),
    );
  }

  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
    const byEntity = query.entityType !== undefined && query.entityId !== undefined;
    const partitionName = byEntity ? timeline.partition : "pk";
    const sortName = byEntity ? timeline.sort : "sk";
    const partition = byEntity
      ? entityPartition(query.workspaceId, query.entityType as string, query.entityId)
      : workspacePartition(query.workspaceId);
    const filter = !byEntity && query.entityType ? { expression: "begins_with(#g, :type)" } : undefined;
    const page = await newestFirstPage(
      this.documents,
      {
        TableName: this.tableName,
        ...(byEntity ? { IndexName: timeline.name } : {}),
        KeyConditionExpression: query.since ? "#p = :p AND #s >= :since" : "#p = :p",
        ExpressionAttributeNames: {
          "#p": partitionName,
          ...(query.since ? { "#s": sortName } : {}),
          ...(filter ? { "#g": timeline.partition } : {}),
        },
        ExpressionAttributeValues: {
          ":p": partition,
          ...(query.since ? { ":since": query.since } : {}),
          ...(filter ? { ":type": entityPartition(query.workspaceId, query.entityType as string, "") } : {}),
        },
        ...(filter ? { FilterExpression: filter.expression } : {}),
      },
      { limit: query.limit, cursor: query.cursor, ...(byEntity ? { index: timeline } : {}) },
    );
    return { ...page, items: page.items.map((item) => JSON.parse(String(item.doc)) as AuditEntry) };
  }
}
