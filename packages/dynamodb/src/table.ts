import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";

/**
 * The single table (see README): base keys `pk`/`sk`, and three overloaded GSIs whose key
 * attributes are only present on the items an index is for (sparse indexes).
 */
export const keys = {
  partition: "pk",
  sort: "sk",
  ttl: "expiresAt",
  indexes: {
    timeline: { name: "gsi1", partition: "gsi1pk", sort: "gsi1sk" },
    thread: { name: "gsi2", partition: "gsi2pk", sort: "gsi2sk" },
    state: { name: "gsi3", partition: "gsi3pk", sort: "gsi3sk" },
    due: { name: "gsi4", partition: "gsi4pk", sort: "gsi4sk" },
  },
} as const;

const indexes = Object.values(keys.indexes);

/** One definition for CreateTable (embedded, tests) and the SST stack, so they cannot disagree. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    KeySchema: [
      { AttributeName: keys.partition, KeyType: "HASH" },
      { AttributeName: keys.sort, KeyType: "RANGE" },
    ],
    AttributeDefinitions: [keys.partition, keys.sort, ...indexes.flatMap((index) => [index.partition, index.sort])].map(
      (name) => ({ AttributeName: name, AttributeType: "S" }),
    ),
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partition, KeyType: "HASH" },
        { AttributeName: index.sort, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

/** Creates the table when missing and waits until it is active (embedded stack and tests only). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    assertIndexes(tableName, described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName ?? "") ?? []);
    if (described.Table?.TableStatus === "ACTIVE") return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(tableDefinition(tableName))).catch((createError: unknown) => {
      // Two processes racing to create it is fine.
      if (!(createError instanceof Error && createError.name === "ResourceInUseException")) throw createError;
    });
  }
  for (let waited = 0; waited < 30_000; waited += 100) {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (described.Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become active within 30 s`);
}

/** A table made by an older version lacks newer indexes; dynalite cannot add one to an existing table. */
function assertIndexes(tableName: string, present: string[]): void {
  const missing = indexes.map((index) => index.name).filter((name) => !present.includes(name));
  if (missing.length) {
    throw new Error(
      `table ${tableName} lacks the index(es) ${missing.join(", ")} added in a later version: ` +
        "on AWS, deploy the stack again; locally, remove the data folder's dynamodb/ directory (or use a new DATA_DIR)",
    );
  }
}
