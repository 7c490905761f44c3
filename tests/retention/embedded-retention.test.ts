import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDynamoClients } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageComments, sendComments } from "../support/meta-comments";
import { removeDir, startTestStack, type TestStack } from "../support/stack";

const day = 86_400_000;

describe("retention on the embedded stack (dynalite has no TTL: the janitor deletes)", () => {
  let stack: TestStack;
  let offset = 0;
  const now = () => new Date(Date.now() + offset);

  beforeAll(async () => {
    stack = await startTestStack({ clock: { now }, env: { DELIVERY_RETENTION_DAYS: "9" } });
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) removeDir(stack.dataDir);
  });

  async function scanAll() {
    const { client, documents } = createDynamoClients({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });
    try {
      const items: Array<Record<string, unknown>> = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new ScanCommand({ TableName: "scrm-relay", ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    } finally {
      client.destroy();
    }
  }

  it("a processed delivery expires after DELIVERY_RETENTION_DAYS and is deleted then; its interaction stays", async () => {
    const comment = pageComments("104000000000777")("post-1", "customer-1", "where is my refund?");
    const sentAt = Date.now();
    await sendComments(stack.url, [comment]);
    await stack.settled();

    const items = await scanAll();
    const delivery = items.find((item) => String(item.pk).startsWith("DLV#2"));
    expect(delivery?.status).toBe("processed");
    const expected = (sentAt + 9 * day) / 1000;
    expect(delivery?.expiresAt).toBeGreaterThanOrEqual(Math.floor(expected) - 5);
    expect(delivery?.expiresAt).toBeLessThanOrEqual(Math.ceil(expected) + 60);
    // Nothing else carries an expiry: the interaction and its directory entries are kept.
    expect(items.filter((item) => item.expiresAt !== undefined)).toHaveLength(1);

    offset = 8 * day;
    await stack.deleteExpired();
    expect((await scanAll()).some((item) => item.pk === delivery?.pk && item.sk === delivery?.sk)).toBe(true);

    offset = 10 * day;
    await stack.deleteExpired();
    const after = await scanAll();
    expect(after.some((item) => item.pk === delivery?.pk && item.sk === delivery?.sk)).toBe(false);
    expect(after.some((item) => item.pk === `I#${comment.id}`)).toBe(true);
    const { status, body } = await stack.api<{ id: string }>(`/api/v1/interactions/${comment.id}`);
    expect(status).toBe(200);
    expect(body.id).toBe(comment.id);
  });
});
