import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { deleteExpired } from "@scrm/dynamodb";
import { startJanitor } from "@scrm/embedded";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";
import { silentLogger } from "../support/silent-logger";

const now = new Date("2026-09-01T00:00:00Z");
const seconds = Math.floor(now.getTime() / 1000);

describe.each(storeServers())("deleting expired items (the embedded janitor) on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  beforeEach(async () => {
    table = await freshTable(server);
  });
  afterEach(() => table.stop());

  const put = (pk: string, extra: Record<string, unknown> = {}) =>
    table.documents.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: "S", ...extra } }));
  const remaining = async () => {
    const keys: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await table.documents.send(
        new ScanCommand({ TableName: table.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
      );
      keys.push(...(page.Items ?? []).map((item) => String(item.pk)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return keys.sort();
  };

  it("deletes items whose expiresAt has passed, page by page, and leaves the rest", async () => {
    for (let n = 0; n < 60; n++) await put(`OLD#${String(n).padStart(2, "0")}`, { expiresAt: seconds - 1 - n });
    await put("FUTURE", { expiresAt: seconds + 3600 });
    await put("NOW", { expiresAt: seconds });
    await put("KEPT", { doc: "an interaction, say" });
    const result = await deleteExpired(table.documents, table.tableName, { now, pageSize: 7, pauseMs: 1 });
    expect(result.deleted).toBe(60);
    expect(await remaining()).toEqual(["FUTURE", "KEPT", "NOW"]);
  });

  it("keeps an item settled again between the scan and the delete (each delete is conditional, as TTL's are)", async () => {
    await put("REVIVED", { expiresAt: seconds - 10 });
    await put("EXPIRED", { expiresAt: seconds - 10 });
    // A delivery processed again (a person's retry) just as the janitor reaches it gets a new expiresAt.
    const racing = {
      send: async (command: unknown) => {
        if (command instanceof DeleteCommand && command.input.Key?.pk === "REVIVED") {
          await table.documents.send(
            new UpdateCommand({
              TableName: table.tableName,
              Key: { pk: "REVIVED", sk: "S" },
              UpdateExpression: "SET expiresAt = :later",
              ExpressionAttributeValues: { ":later": seconds + 30 * 86_400 },
            }),
          );
        }
        return table.documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const result = await deleteExpired(racing, table.tableName, { now });
    expect(result.deleted).toBe(1);
    expect(await remaining()).toEqual(["REVIVED"]);
  });

  it("runs once at start, then on its interval, and stops cleanly", async () => {
    await put("OLD", { expiresAt: seconds - 1 });
    await put("KEPT");
    let clock = now;
    const janitor = startJanitor({
      documents: table.documents,
      tableName: table.tableName,
      clock: { now: () => clock },
      logger: silentLogger,
      intervalMs: 50,
    });
    await janitor.initial;
    expect(await remaining()).toEqual(["KEPT"]);

    await put("LATER", { expiresAt: seconds + 60 });
    clock = new Date(now.getTime() + 120_000);
    for (let waited = 0; (await remaining()).includes("LATER") && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await remaining()).toEqual(["KEPT"]);
    await janitor.stop();
  });
});
