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

/** Settings every function shares: the runtime, and the table and bus linked (IAM) and named in the environment. */
export function functionDefaults(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return { ...runtimeDefaults, link: [table, bus], environment: tableAndBusEnvironment(table, bus) };
}

/** `process-delivery` → `ProcessDelivery`: SST component names are PascalCase. */
export function componentName(text: string) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
