import { type FunctionName, functionAccess } from "@scrm/aws/function-access";
import { createDynamoClients, decisionStores } from "@scrm/dynamodb";
import { functionRegion, startFunctionEnvironment } from "./aws-functions";
import { type RecordedCall, startRecordingProxy } from "./recording-proxy";

/** The IAM actions the manifest grants a function: its table actions, and PutEvents if it publishes. */
export function grantedActions(name: FunctionName): Set<string> {
  const access = functionAccess[name];
  return new Set([
    ...access.table.map((action) => `dynamodb:${action}`),
    ...(access.publishesEvents ? ["events:PutEvents"] : []),
  ]);
}

/** What was called without being granted (IAM would have denied it on AWS). */
export const ungranted = (called: Iterable<string>, granted: ReadonlySet<string>) =>
  [...called].filter((action) => !granted.has(action)).sort();

/**
 * The function environment (dynalite, the PutEvents fake) with a recording proxy in front of each,
 * named in the environment the functions read at load: import them after this. The data the
 * scenarios prepare goes to dynalite directly (`stores`, `interactions`, `deliveries`), so only the
 * functions' own calls are recorded, each counted for the function `as` runs.
 */
export async function startRecordedFunctions(table: string, env: Record<string, string> = {}) {
  const environment = await startFunctionEnvironment(table, env);
  const { DYNAMODB_ENDPOINT: dynamoEndpoint, EVENTBRIDGE_ENDPOINT: eventsEndpoint } = process.env;
  if (!dynamoEndpoint || !eventsEndpoint) throw new Error("startFunctionEnvironment named no endpoints");
  const calls: RecordedCall[] = [];
  const proxies = await Promise.all([
    startRecordingProxy(dynamoEndpoint, calls),
    startRecordingProxy(eventsEndpoint, calls),
  ]);
  process.env.DYNAMODB_ENDPOINT = proxies[0].endpoint;
  process.env.EVENTBRIDGE_ENDPOINT = proxies[1].endpoint;
  const { client, documents } = createDynamoClients({ endpoint: dynamoEndpoint, region: functionRegion });
  const observed = new Map<FunctionName, Set<string>>();

  return {
    ...environment,
    documents,
    stores: decisionStores(documents, table),
    /** Runs one invocation as function `name`: every AWS call made meanwhile is counted as its. */
    async as<T>(name: FunctionName, invoke: () => Promise<T>): Promise<T> {
      calls.length = 0;
      try {
        return await invoke();
      } finally {
        const seen = observed.get(name) ?? new Set<string>();
        for (const call of calls) seen.add(call.action);
        observed.set(name, seen);
        calls.length = 0;
      }
    },
    /** The IAM actions function `name` was seen to call, sorted. */
    observed: (name: FunctionName) => [...(observed.get(name) ?? [])].sort(),
    async stop() {
      client.destroy();
      await Promise.all(proxies.map((proxy) => proxy.stop()));
      await environment.stop();
    },
  };
}

export type RecordedFunctions = Awaited<ReturnType<typeof startRecordedFunctions>>;
