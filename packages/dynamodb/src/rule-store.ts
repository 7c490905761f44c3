import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  ConflictError,
  NamedCalendar,
  type Rule,
  type RuleHits,
  type RuleStore,
  type RuleVersion,
  SlaPolicy,
} from "@scrm/core";

const rulesPartition = (workspaceId: string) => `RULES#${workspaceId}`;
const versionsPartition = (workspaceId: string, id: string) => `RULEV#${workspaceId}#${id}`;
const versionKey = (version: number) => `V#${String(version).padStart(10, "0")}`;
const revisionKey = (workspaceId: string) => ({ pk: rulesPartition(workspaceId), sk: "REV" });

/**
 * Rules, their versions, hit counts, calendars and SLA policies. A workspace's current rules are one
 * partition (`RULES#<ws>`: `R#<id>` heads, `C#<id>` calendars, `P#<id>` SLA policies, `H#<id>` hit
 * counts, `REV` the revision); every rule version is its own immutable item under `RULEV#<ws>#<id>`.
 */
export class DynamoRuleStore implements RuleStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(workspaceId: string): Promise<Rule[]> {
    const items = await this.queryPartition(rulesPartition(workspaceId), "R#");
    return items.map((item) => JSON.parse(String(item.doc)) as RuleVersion).filter((rule) => !rule.deletedAt);
  }

  async get(workspaceId: string, id: string): Promise<Rule | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: rulesPartition(workspaceId), sk: `R#${id}` },
        ConsistentRead: true,
      }),
    );
    const rule = result.Item ? (JSON.parse(String(result.Item.doc)) as RuleVersion) : undefined;
    return rule && !rule.deletedAt ? rule : undefined;
  }

  async versions(workspaceId: string, id: string): Promise<RuleVersion[]> {
    const [items, head] = await Promise.all([
      this.queryPartition(versionsPartition(workspaceId, id), "V#"),
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: rulesPartition(workspaceId), sk: `R#${id}` },
          ConsistentRead: true,
        }),
      ),
    ]);
    const versions = items.map((item) => JSON.parse(String(item.doc)) as RuleVersion);
    const current = head.Item ? (JSON.parse(String(head.Item.doc)) as RuleVersion) : undefined;
    if (current && !versions.some((version) => version.version === current.version)) versions.push(current);
    return versions;
  }

  /**
   * The head first, conditional on the version it replaces, so two concurrent edits cannot both
   * win; then the immutable version item. A crash between the two is repaired on read: the head
   * always holds its own version, and `versions` adds it when its item is missing.
   */
  async save(rule: RuleVersion, expectedVersion: number | undefined): Promise<void> {
    const doc = JSON.stringify(rule);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: rulesPartition(rule.workspaceId), sk: `R#${rule.id}`, v: rule.version, doc },
          ...(expectedVersion === undefined
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "v = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`rule ${rule.id} changed since version ${expectedVersion ?? "none"}`, error);
      }
      throw error;
    }
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: versionsPartition(rule.workspaceId, rule.id), sk: versionKey(rule.version), doc },
      }),
    );
    await this.bumpRevision(rule.workspaceId);
  }

  async revision(workspaceId: string): Promise<number> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: revisionKey(workspaceId), ConsistentRead: true }),
    );
    return Number(result.Item?.rev ?? 0);
  }

  async recordHits(workspaceId: string, hits: RuleHits[]): Promise<void> {
    await Promise.all(
      hits.map((hit) =>
        this.documents
          .send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: rulesPartition(workspaceId), sk: `H#${hit.ruleId}` },
              UpdateExpression: "ADD hits :count SET lastAt = if_not_exists(lastAt, :at)",
              ExpressionAttributeValues: { ":count": hit.count, ":at": hit.lastAt },
            }),
          )
          .then(() =>
            // Flushes may overlap: keep the latest instant, never move it back.
            this.documents
              .send(
                new UpdateCommand({
                  TableName: this.tableName,
                  Key: { pk: rulesPartition(workspaceId), sk: `H#${hit.ruleId}` },
                  UpdateExpression: "SET lastAt = :at",
                  ConditionExpression: "lastAt < :at",
                  ExpressionAttributeValues: { ":at": hit.lastAt },
                }),
              )
              .catch((error: unknown) => {
                if (!(error instanceof ConditionalCheckFailedException)) throw error;
              }),
          ),
      ),
    );
  }

  async hits(workspaceId: string): Promise<Map<string, RuleHits>> {
    const items = await this.queryPartition(rulesPartition(workspaceId), "H#");
    return new Map(
      items.map((item) => {
        const ruleId = String(item.sk).slice(2);
        return [ruleId, { ruleId, count: Number(item.hits ?? 0), lastAt: String(item.lastAt) }];
      }),
    );
  }

  async listCalendars(workspaceId: string): Promise<NamedCalendar[]> {
    const items = await this.queryPartition(rulesPartition(workspaceId), "C#");
    return items.map((item) => NamedCalendar.parse(JSON.parse(String(item.doc))));
  }

  async getCalendar(workspaceId: string, id: string): Promise<NamedCalendar | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: rulesPartition(workspaceId), sk: `C#${id}` },
        ConsistentRead: true,
      }),
    );
    return result.Item ? NamedCalendar.parse(JSON.parse(String(result.Item.doc))) : undefined;
  }

  async saveCalendar(workspaceId: string, calendar: NamedCalendar): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: rulesPartition(workspaceId), sk: `C#${calendar.id}`, doc: JSON.stringify(calendar) },
      }),
    );
    await this.bumpRevision(workspaceId);
  }

  async removeCalendar(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.documents.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: rulesPartition(workspaceId), sk: `C#${id}` },
        ReturnValues: "ALL_OLD",
      }),
    );
    if (!result.Attributes) return false;
    await this.bumpRevision(workspaceId);
    return true;
  }

  async listPolicies(workspaceId: string): Promise<SlaPolicy[]> {
    const items = await this.queryPartition(rulesPartition(workspaceId), "P#");
    return items.map((item) => SlaPolicy.parse(JSON.parse(String(item.doc))));
  }

  async getPolicy(workspaceId: string, id: string): Promise<SlaPolicy | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: rulesPartition(workspaceId), sk: `P#${id}` },
        ConsistentRead: true,
      }),
    );
    return result.Item ? SlaPolicy.parse(JSON.parse(String(result.Item.doc))) : undefined;
  }

  /** Conditional on the version read, like a rule's head, so two concurrent edits cannot both win. */
  async savePolicy(policy: SlaPolicy, expectedVersion: number | undefined): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: rulesPartition(policy.workspaceId),
            sk: `P#${policy.id}`,
            v: policy.version,
            doc: JSON.stringify(policy),
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "v = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`SLA policy ${policy.id} changed since version ${expectedVersion ?? "none"}`, error);
      }
      throw error;
    }
    await this.bumpRevision(policy.workspaceId);
  }

  async removePolicy(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.documents.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: rulesPartition(workspaceId), sk: `P#${id}` },
        ReturnValues: "ALL_OLD",
      }),
    );
    if (!result.Attributes) return false;
    await this.bumpRevision(workspaceId);
    return true;
  }

  private async bumpRevision(workspaceId: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: revisionKey(workspaceId),
        UpdateExpression: "ADD rev :one",
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
  }

  private async queryPartition(pk: string, prefix: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": pk, ":prefix": prefix },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
