/** Settings every function shares: the runtime, and the table and bus linked (IAM) and named in the environment. */
export function functionDefaults(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return {
    runtime: "nodejs22.x" as const,
    architecture: "arm64" as const,
    link: [table, bus],
    environment: { DYNAMODB_TABLE: table.name, EVENT_BUS_NAME: bus.name },
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
