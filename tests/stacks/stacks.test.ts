import { fileURLToPath } from "node:url";
import { type FunctionName, functionAccess, isFunctionName } from "@scrm/aws/function-access";
import { sstSecretNames } from "@scrm/aws/secret-names";
import { eventSource, routes } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installSstStandIns, type Recorded, type RecordedFunction, type Statement } from "../support/sst-stand-ins";

/**
 * `sst.config.ts` run against recording stand-ins of SST's components: what the deploy would
 * create, held against core's routing table and the function-access manifest
 * (packages/aws/src/function-access.ts).
 */
let recorded: Recorded;
let uninstall: () => void;

beforeAll(async () => {
  ({ recorded, uninstall } = installSstStandIns());
  // A path, not a literal specifier: type-checking the stacks needs SST's generated types (tsconfig.stacks.json).
  const configFile = fileURLToPath(new URL("../../sst.config.ts", import.meta.url));
  const config = (await import(/* @vite-ignore */ configFile)).default as { run(): Promise<Record<string, unknown>> };
  expect(Object.keys(await config.run())).toEqual(["url", "table", "bus", "alarmsTopic"]);
});
afterAll(() => uninstall?.());

const table = "Table.arn";
const bus = "Bus.arn";
const variableOf = new Map<string, string>(Object.entries(sstSecretNames).map(([variable, name]) => [name, variable]));

/** `functions/run-rules.handler` → `run-rules`. */
function entryOf(fn: RecordedFunction): string {
  const entry = /^functions\/([a-z-]+)\.handler$/.exec(fn.args.handler)?.[1];
  if (!entry) throw new Error(`${fn.component} has handler ${fn.args.handler}, not functions/<name>.handler`);
  return entry;
}

function deployed(name: FunctionName): RecordedFunction {
  const found = recorded.functions.filter((fn) => entryOf(fn) === name);
  expect(found, `functions/${name}.ts deployed once`).toHaveLength(1);
  return found[0] as RecordedFunction;
}

/** A function's grants, read back from its permissions, and whatever else they hold. */
function grantsOf(permissions: readonly Statement[] = []) {
  const tableActions: string[] = [];
  let publishesEvents = false;
  const others: Statement[] = [];
  for (const statement of permissions) {
    const onTable = JSON.stringify(statement.resources) === JSON.stringify([table, `${table}/index/*`]);
    if (onTable && statement.actions.every((action) => action.startsWith("dynamodb:"))) {
      tableActions.push(...statement.actions.map((action) => action.slice("dynamodb:".length)));
    } else if (JSON.stringify(statement) === JSON.stringify({ actions: ["events:PutEvents"], resources: [bus] })) {
      publishesEvents = true;
    } else others.push(statement);
  }
  return { table: tableActions.sort(), publishesEvents, others };
}

const manifestGrants = (name: FunctionName) => ({
  table: [...functionAccess[name].table].sort(),
  publishesEvents: functionAccess[name].publishesEvents,
});

describe("the functions the stacks deploy", () => {
  it("are the manifest's, each once, each from functions/<name>.ts", () => {
    const entries = recorded.functions.map(entryOf).sort();
    expect(entries).toEqual(Object.keys(functionAccess).sort());
    for (const entry of entries) expect(isFunctionName(entry)).toBe(true);
  });

  it.each(Object.keys(functionAccess) as FunctionName[])("%s: linked to its secrets, granted its actions", (name) => {
    const fn = deployed(name);
    const linked = (fn.args.link ?? []).map((secret) => variableOf.get((secret as { name: string }).name));
    expect(linked.sort()).toEqual([...functionAccess[name].secrets].sort());
    const grants = grantsOf(fn.args.permissions);
    expect({ table: grants.table, publishesEvents: grants.publishesEvents }).toEqual(manifestGrants(name));
    // Beyond the manifest: only sending to its own failures queue (Lambda's on-failure destination).
    for (const other of grants.others) {
      expect(other.actions).toEqual(["sqs:SendMessage"]);
      expect(other.resources).toEqual([`${fn.component}Failures.arn`]);
    }
    expect(fn.args.environment).toMatchObject({ DYNAMODB_TABLE: "Table.name", EVENT_BUS_NAME: "Bus.name" });
  });

  it("would catch a grant the manifest does not give", () => {
    const permissions = deployed("webhook").args.permissions ?? [];
    const widened = [...permissions, { actions: ["dynamodb:DeleteItem"], resources: [table, `${table}/index/*`] }];
    expect(grantsOf(widened).table).not.toEqual(manifestGrants("webhook").table);
  });

  it("EventBridge-invoked functions send their failures to their own queue", () => {
    const destinations = recorded.resources
      .filter((resource) => resource.type === "aws.lambda.FunctionEventInvokeConfig")
      .map(
        (resource) =>
          resource.args as { functionName: string; destinationConfig?: { onFailure: { destination: string } } },
      );
    for (const fn of recorded.functions.filter((candidate) => grantsOf(candidate.args.permissions).others.length)) {
      const config = destinations.find((destination) => destination.functionName === fn.name);
      expect(config?.destinationConfig?.onFailure.destination, fn.component).toBe(`${fn.component}Failures.arn`);
    }
  });
});

describe("the bus rules, built from core's routing table", () => {
  it("one rule per route, no other", () => {
    expect(recorded.rules).toHaveLength(routes.length);
  });

  it.each(routes.map((route) => [route.event, route] as const))("%s → its handler", (_event, route) => {
    const rules = recorded.rules.filter(
      (rule) => JSON.stringify(rule.pattern) === JSON.stringify({ source: [eventSource], detailType: [route.event] }),
    );
    expect(rules).toHaveLength(1);
    const { target } = rules[0] as (typeof recorded.rules)[number];
    const handler = `functions/${route.handler}.handler`;
    if (route.batch) {
      // A batched route goes to a queue, consumed by its handler's function.
      expect("queue" in target).toBe(true);
      const queue = "queue" in target ? target.queue : undefined;
      const consumers = recorded.functions.filter((fn) => fn.queue === queue);
      expect(consumers.map((fn) => fn.args.handler)).toEqual([handler]);
    } else {
      expect("function" in target ? target.function.args.handler : undefined).toBe(handler);
    }
  });
});

describe("the HTTP API and the schedule", () => {
  it("routes webhooks and /healthz to the webhook function, the admin API to its own", () => {
    const targetOf = (route: string) => recorded.apiRoutes.find((entry) => entry.route === route)?.target;
    const webhook = deployed("webhook").arn;
    const admin = deployed("admin-api").arn;
    expect(recorded.apiRoutes.map((entry) => [entry.route, entry.target])).toEqual([
      ["ANY /webhooks/{proxy+}", webhook],
      ["GET /healthz", webhook],
      ["ANY /api/{proxy+}", admin],
      ["GET /openapi.json", admin],
    ]);
    expect(targetOf("GET /healthz")).toBe(webhook);
  });

  it("runs recover-deliveries every minute", () => {
    expect(deployed("recover-deliveries").schedule).toBe("rate(1 minute)");
  });
});

/** What the stacks give a MetricAlarm, as far as these tests read it. */
interface AlarmArgs {
  metricName: string;
  dimensions: Record<string, string>;
  threshold: number;
  alarmActions: string[];
  okActions: string[];
}

describe("alarms", () => {
  const alarms = () =>
    recorded.resources
      .filter((resource) => resource.type === "aws.cloudwatch.MetricAlarm")
      .map((resource) => ({ ...(resource.args as AlarmArgs), name: resource.name }));
  const alarmOn = (metricName: string, dimensions: Record<string, string>) =>
    alarms().filter(
      (alarm) => alarm.metricName === metricName && JSON.stringify(alarm.dimensions) === JSON.stringify(dimensions),
    );

  it("every deployed function: errors and throttles", () => {
    for (const fn of recorded.functions) {
      expect(alarmOn("Errors", { FunctionName: fn.name }), fn.component).toHaveLength(1);
      expect(alarmOn("Throttles", { FunctionName: fn.name }), fn.component).toHaveLength(1);
    }
  });

  it("every dead-letter and failures queue: any message", () => {
    const deadLetters = recorded.queues.filter((queue) => /(DeadLetters|Failures)$/.test(queue.component));
    expect(deadLetters.length).toBeGreaterThan(routes.length);
    for (const queue of deadLetters) {
      expect(
        alarmOn("ApproximateNumberOfMessagesVisible", { QueueName: queue.nodes.queue.name }),
        queue.component,
      ).toHaveLength(1);
    }
  });

  it("webhook answers in the 5xx, the CRM sync queue's oldest message, and DynamoDB throttling", () => {
    expect(alarmOn("5xx", { ApiId: "Api.id" })).toHaveLength(1);
    const consumed = recorded.functions.flatMap((fn) => (fn.queue ? [fn.queue] : []));
    expect(consumed.length).toBeGreaterThan(0);
    for (const queue of consumed) {
      const [age] = alarmOn("ApproximateAgeOfOldestMessage", { QueueName: queue.nodes.queue.name });
      expect(age?.threshold, queue.component).toBe(900);
    }
    expect(alarmOn("WriteThrottleEvents", { TableName: "Table.name" })).toHaveLength(1);
    expect(alarmOn("ReadThrottleEvents", { TableName: "Table.name" })).toHaveLength(1);
  });

  it("every alarm notifies the Alarms topic, when it fires and when it clears", () => {
    for (const alarm of alarms()) {
      expect(alarm.alarmActions, alarm.name).toEqual(["Alarms.arn"]);
      expect(alarm.okActions, alarm.name).toEqual(["Alarms.arn"]);
    }
  });
});
