import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  ConflictError,
  Interaction,
  type InteractionPage,
  type InteractionQuery,
  type InteractionStore,
  type OutboxEntry,
  type OutboxWrite,
  type StoredInteraction,
} from "@scrm/core";
import { putAll } from "./batch-writer";
import { decodeCursor, encodeCursor, type Key } from "./cursor";
import { newestFirstPage } from "./newest-first";
import { outboxAttributes, outboxEntry, pendingOf } from "./outbox";
import { keys } from "./table";

const { timeline, thread, state } = keys.indexes;

const interactionKey = (id: string) => ({ pk: `I#${id}`, sk: "I" });
const order = (interaction: Interaction) => `${interaction.occurredAt}#${interaction.id}`;
const tagPartition = (workspaceId: string, tag: string) => `WS#${workspaceId}#TAG#${tag}`;

function interactionItem(interaction: Interaction, version: number, outbox: OutboxWrite | undefined) {
  const ws = `WS#${interaction.workspaceId}`;
  const key = interactionKey(interaction.id);
  return {
    ...key,
    ...outboxAttributes(key, outbox),
    [timeline.partition]: ws,
    [timeline.sort]: order(interaction),
    [thread.partition]: `${ws}#TH#${interaction.platform}#${interaction.threadId}`,
    [thread.sort]: order(interaction),
    [state.partition]: `${ws}#ST#${interaction.status}`,
    [state.sort]: order(interaction),
    platform: interaction.platform,
    status: interaction.status,
    v: version,
    // One JSON string, not a nested map: marshalling a map of maps costs more CPU than the whole
    // write, and every filter uses the top-level attributes above.
    doc: JSON.stringify(interaction),
  };
}

const fromItem = (item: Record<string, unknown>): Interaction => Interaction.parse(JSON.parse(String(item.doc)));

export class DynamoInteractionStore implements InteractionStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<StoredInteraction | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: interactionKey(id), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    return { interaction: fromItem(result.Item), version: Number(result.Item.v), pending: pendingOf(result.Item) };
  }

  async put(interaction: Interaction, expectedVersion: number | undefined, outbox?: OutboxWrite): Promise<OutboxEntry> {
    const version = (expectedVersion ?? 0) + 1;
    const item = interactionItem(interaction, version, outbox);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === undefined
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "v = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(
          `interaction ${interaction.id} changed since version ${expectedVersion ?? "none"}`,
          error,
        );
      }
      throw error;
    }
    await this.indexTags(interaction);
    return outboxEntry(interactionKey(interaction.id), item);
  }

  /**
   * Tag listings read one partition per tag. These index items are hints written after the
   * interaction itself: a listing re-checks every hit against the stored interaction, so a crash
   * between the two writes can leave a stale hint but never a wrong answer.
   */
  private async indexTags(interaction: Interaction): Promise<void> {
    if (!interaction.tags.length) return;
    const hints = interaction.tags.map((tag) => ({
      pk: tagPartition(interaction.workspaceId, tag),
      sk: order(interaction),
      id: interaction.id,
    }));
    for (let start = 0; start < hints.length; start += 25) {
      await putAll(this.documents, this.tableName, hints.slice(start, start + 25));
    }
  }

  async list(query: InteractionQuery): Promise<InteractionPage> {
    return query.tag ? this.listByTag(query, query.tag) : this.listByIndex(query);
  }

  /** Newest first from the timeline (or the status index), filtering the rest server-side. */
  private async listByIndex(query: InteractionQuery): Promise<InteractionPage> {
    const index = query.status ? state : timeline;
    const partition = query.status ? `WS#${query.workspaceId}#ST#${query.status}` : `WS#${query.workspaceId}`;
    const filter = query.platform
      ? { expression: "platform = :platform", values: { ":platform": query.platform } }
      : undefined;
    const page = await newestFirstPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: query.since ? "#p = :p AND #s >= :since" : "#p = :p",
        ExpressionAttributeNames: { "#p": index.partition, ...(query.since ? { "#s": index.sort } : {}) },
        ExpressionAttributeValues: {
          ":p": partition,
          ...(query.since ? { ":since": query.since } : {}),
          ...filter?.values,
        },
        ...(filter ? { FilterExpression: filter.expression } : {}),
      },
      { limit: query.limit, cursor: query.cursor, index },
    );
    return { ...page, items: page.items.map(fromItem) };
  }

  private async listByTag(query: InteractionQuery, tag: string): Promise<InteractionPage> {
    const matches: Interaction[] = [];
    let lastHintKey: Key | undefined = query.cursor ? decodeCursor(query.cursor) : undefined;
    let cursorKey: Key | undefined;
    let exhausted = false;
    while (matches.length <= query.limit && !exhausted) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: query.since ? "pk = :p AND sk >= :since" : "pk = :p",
          ExpressionAttributeValues: {
            ":p": tagPartition(query.workspaceId, tag),
            ...(query.since ? { ":since": query.since } : {}),
          },
          ScanIndexForward: false,
          Limit: Math.max(query.limit + 1, 25),
          ...(lastHintKey ? { ExclusiveStartKey: lastHintKey } : {}),
        }),
      );
      const hints = page.Items ?? [];
      const found = await this.getMany(hints.map((hint) => String(hint.id)));
      for (const hint of hints) {
        const interaction = found.get(String(hint.id));
        // A hint is stale when the tag was removed or the interaction's time (its sort key) moved.
        if (!interaction?.tags.includes(tag) || hint.sk !== order(interaction)) continue;
        if (query.status && interaction.status !== query.status) continue;
        if (query.platform && interaction.platform !== query.platform) continue;
        matches.push(interaction);
        if (matches.length === query.limit) cursorKey = { pk: String(hint.pk), sk: String(hint.sk) };
      }
      exhausted = !page.LastEvaluatedKey;
      lastHintKey = page.LastEvaluatedKey as Key | undefined;
    }
    const hasMore = matches.length > query.limit;
    return {
      items: matches.slice(0, query.limit),
      ...(hasMore && cursorKey ? { nextCursor: encodeCursor(cursorKey) } : {}),
    };
  }

  private async getMany(ids: string[]): Promise<Map<string, Interaction>> {
    const found = new Map<string, Interaction>();
    const unique = [...new Set(ids)];
    for (let start = 0; start < unique.length; start += 100) {
      let requested: Array<Record<string, string>> = unique.slice(start, start + 100).map(interactionKey);
      while (requested.length) {
        const result = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: requested } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const interaction = fromItem(item);
          found.set(interaction.id, interaction);
        }
        requested = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Array<Record<string, string>>;
      }
    }
    return found;
  }
}
