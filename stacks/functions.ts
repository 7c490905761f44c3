import { lazyCredentialProviders } from "@scrm/aws/bundling";
import { type FunctionName, functionAccess, isFunctionName } from "@scrm/aws/function-access";
import { plainSettingsFrom } from "@scrm/aws/secret-names";
import { crmTargetsOf } from "@scrm/core";
import type { Secrets } from "./secrets";

/**
 * The runtime every function shares, and how it is bundled (`@scrm/aws/bundling`): the AWS SDK
 * inside the bundle but for the credential providers Lambda never reaches.
 */
const runtimeDefaults = {
  runtime: "nodejs22.x" as const,
  architecture: "arm64" as const,
  nodejs: { esbuild: { external: [...lazyCredentialProviders] } },
};

/** What a function is built with: the table, the bus and the secrets it may be linked to. */
export interface FunctionResources {
  table: sst.aws.Dynamo;
  bus: sst.aws.Bus;
  secrets: Secrets;
}

/**
 * The table and bus named in the environment, and the plain (non-secret) settings set in the shell
 * that deploys (`WORKSPACE_ACCOUNTS`, `LOG_LEVEL`, …), all read by `parseConfig`.
 */
function tableAndBusEnvironment(table: sst.aws.Dynamo, bus: sst.aws.Bus) {
  return { ...plainSettingsFrom(process.env), DYNAMODB_TABLE: table.name, EVENT_BUS_NAME: bus.name };
}

/**
 * The function's grants from the manifest (`packages/aws/src/function-access.ts`): its DynamoDB
 * actions on the table and its indexes, and PutEvents on the bus if it publishes. Granted as
 * permissions, not by `link`, which would grant `dynamodb:*` and `events:*` (table administration,
 * Scan, rule changes).
 */
function accessPermissions(name: FunctionName, { table, bus }: Pick<FunctionResources, "table" | "bus">) {
  const access = functionAccess[name];
  return [
    ...(access.table.length
      ? [
          {
            actions: access.table.map((action) => `dynamodb:${action}`),
            resources: [table.arn, $interpolate`${table.arn}/index/*`],
          },
        ]
      : []),
    ...(access.publishesEvents ? [{ actions: ["events:PutEvents"], resources: [bus.arn] }] : []),
  ];
}

/** The SST secrets the manifest links to the function; SST bundles them encrypted with it. */
function accessLinks(name: FunctionName, secrets: Secrets) {
  return functionAccess[name].secrets.map((variable) => secrets[variable]);
}

/**
 * Settings of one function (`functions/<name>.ts`): the runtime, the table and bus named in the
 * environment, and exactly the links and permissions its manifest entry grants. Callers add only
 * what the manifest does not cover (a failures queue to send to; SST adds an SQS consumer's own).
 */
export function functionDefaults(name: string, resources: FunctionResources) {
  if (!isFunctionName(name)) {
    throw new Error(`functions/${name}.ts has no entry in packages/aws/src/function-access.ts: add what it may do`);
  }
  return {
    ...runtimeDefaults,
    handler: `functions/${name}.handler`,
    link: accessLinks(name, resources.secrets),
    permissions: accessPermissions(name, resources),
    environment: tableAndBusEnvironment(resources.table, resources.bus),
  };
}

/** The CRM credentials among the secrets: sync-crm's, but its mapping document. */
const crmCredentialSecrets = functionAccess["sync-crm"].secrets.filter((variable) => variable !== "CRM_MAPPING");

/**
 * `CRM_TARGETS` for the functions that answer `/healthz` but hold no CRM credential: the names of
 * the CRMs the stage's secrets configure (`salesforce,hubspot`), by core's own rule. Only the names
 * leave the secrets, so the value is not kept secret.
 */
export function crmTargets(secrets: Secrets) {
  const values = $resolve(crmCredentialSecrets.map((variable) => secrets[variable].value));
  return $util.unsecret(
    values.apply((resolved) =>
      crmTargetsOf(Object.fromEntries(crmCredentialSecrets.map((variable, i) => [variable, resolved[i] ?? ""]))).join(
        ",",
      ),
    ),
  );
}

/** `process-delivery` → `ProcessDelivery`: SST component names are PascalCase. */
export function componentName(text: string) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
