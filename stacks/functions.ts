import { plainSettingsFrom } from "@scrm/aws/secret-names";

/** The runtime every function shares. */
export const runtimeDefaults = {
  runtime: "nodejs22.x" as const,
  architecture: "arm64" as const,
};

/**
 * The table and bus named in the environment, and the plain (non-secret) settings set in the shell
 * that deploys (`WORKSPACE_ACCOUNTS`, `LOG_LEVEL`, …), all read by `parseConfig`.
 */
export function tableAndBusEnvironment(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return { ...plainSettingsFrom(process.env), DYNAMODB_TABLE: table.name, EVENT_BUS_NAME: bus.name };
}

/**
 * The data-plane calls the stores make (`packages/dynamodb`: Get/Put/Update/Delete, Query on the
 * table and its indexes, the batch calls) and PutEvents on the bus: granted as permissions, not by
 * `link`, which would grant `dynamodb:*` and `events:*` (table administration, Scan, rule changes).
 */
export function dataPermissions(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return [
    {
      actions: [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
      ],
      resources: [table.arn, $interpolate`${table.arn}/index/*`],
    },
    { actions: ["events:PutEvents"], resources: [bus.arn] },
  ];
}

/** Settings every function shares: the runtime, the table and bus named in the environment, data-plane permissions. */
export function functionDefaults(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return {
    ...runtimeDefaults,
    // Secrets are linked per function on top of this; the table and bus are not (see dataPermissions).
    link: [] as unknown[],
    permissions: dataPermissions(table, bus),
    environment: tableAndBusEnvironment(table, bus),
  };
}

/** `process-delivery` → `ProcessDelivery`: SST component names are PascalCase. */
export function componentName(text: string) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
