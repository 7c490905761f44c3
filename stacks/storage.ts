import type { KeySchemaElement } from "@aws-sdk/client-dynamodb";
import { keys, tableDefinition } from "@scrm/dynamodb";

const fieldTypes = { S: "string", N: "number", B: "binary" } as const;

function keyName(schema: KeySchemaElement[] | undefined, type: "HASH" | "RANGE") {
  return schema?.find((key) => key.KeyType === type)?.AttributeName;
}

/**
 * The single table, translated from `tableDefinition` in packages/dynamodb (the definition the
 * embedded stack and the tests create), so the table on AWS cannot disagree with the code.
 */
export function createStorage() {
  // The name is not used: SST names the table per app and stage, and the functions get it as DYNAMODB_TABLE.
  const definition = tableDefinition("scrm-relay");
  const hashKey = keyName(definition.KeySchema, "HASH");
  if (!hashKey) throw new Error("tableDefinition has no HASH key");

  return new sst.aws.Dynamo("Table", {
    fields: Object.fromEntries(
      (definition.AttributeDefinitions ?? []).map((attribute) => [
        attribute.AttributeName,
        fieldTypes[attribute.AttributeType ?? "S"],
      ]),
    ),
    primaryIndex: { hashKey, rangeKey: keyName(definition.KeySchema, "RANGE") },
    globalIndexes: Object.fromEntries(
      (definition.GlobalSecondaryIndexes ?? []).map((index) => {
        const indexHash = keyName(index.KeySchema, "HASH");
        if (!index.IndexName || !indexHash) throw new Error("tableDefinition has an index without name or HASH key");
        const projection = index.Projection?.ProjectionType === "KEYS_ONLY" ? "keys-only" : "all";
        return [index.IndexName, { hashKey: indexHash, rangeKey: keyName(index.KeySchema, "RANGE"), projection }];
      }),
    ),
    // A janitor for dedupe records and old deliveries (up to 48 h late), never a timer.
    ttl: keys.ttl,
    deletionProtection: $app.stage === "production",
    transform: {
      table: (args) => {
        // SST turns it on today; the raw deliveries are the record of what the platforms sent, so say it here too.
        args.pointInTimeRecovery = { enabled: true };
      },
    },
  });
}
