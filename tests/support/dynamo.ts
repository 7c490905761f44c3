import { randomUUID } from "node:crypto";
import { createDynamoClients, ensureTable } from "@scrm/dynamodb";
import { startDynalite } from "@scrm/embedded";
import { inject } from "vitest";

export type StoreServer = "dynalite" | "DynamoDB Local";

/** Every DynamoDB-compatible server available to this run: dynalite always, DynamoDB Local when fetched. */
export function storeServers(): StoreServer[] {
  return inject("dynamodbLocalEndpoint") ? ["dynalite", "DynamoDB Local"] : ["dynalite"];
}

/** A fresh table on a real DynamoDB-compatible server, so store tests prove the same code on both. */
export async function freshTable(server: StoreServer) {
  const dynalite = server === "dynalite" ? await startDynalite(undefined) : undefined;
  const endpoint = dynalite?.endpoint ?? (inject("dynamodbLocalEndpoint") as string);
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  const { client, documents } = createDynamoClients({ endpoint, region: "us-east-1" });
  await ensureTable(client, tableName);
  return {
    client,
    documents,
    tableName,
    async stop() {
      client.destroy();
      await dynalite?.stop();
    },
  };
}
