/**
 * Small recording stand-ins for the SST and Pulumi globals that `sst.config.ts` and `stacks/` use
 * (`sst.aws.Function`, `sst.aws.Queue`, `sst.aws.Bus`, `sst.Secret`, `aws.sqs.QueuePolicy`,
 * `$interpolate`, …), so the stacks run in a test without AWS or Pulumi and what they would create
 * can be read back: each function with its arguments, each bus rule with its pattern and target.
 * Outputs are plain strings (`Table.arn`), so `$interpolate` is string concatenation.
 */

export interface Statement {
  actions: string[];
  resources: unknown[];
}

/** The arguments of a function component, as the stacks pass them. */
export interface FunctionArgs {
  handler: string;
  link?: unknown[];
  permissions?: Statement[];
  environment?: Record<string, unknown>;
  [setting: string]: unknown;
}

export interface RecordedFunction {
  component: string;
  args: FunctionArgs;
  /** The queue it consumes (`Queue.subscribe`), or the schedule that runs it (`Cron`). */
  queue?: StandInQueue;
  schedule?: unknown;
  name: string;
  arn: string;
}

export interface RecordedRule {
  name: string;
  pattern: { source?: string[]; detailType?: string[] };
  target: { function: RecordedFunction } | { queue: StandInQueue };
  args: Record<string, unknown>;
}

export interface StandInQueue {
  component: string;
  args: Record<string, unknown>;
  url: string;
  arn: string;
  nodes: { queue: { name: string } };
}

export interface Recorded {
  functions: RecordedFunction[];
  rules: RecordedRule[];
  queues: StandInQueue[];
  secrets: Array<{ name: string; placeholder?: string }>;
  apiRoutes: Array<{ route: string; target: unknown }>;
  /** Every other resource: `aws.sqs.QueuePolicy`, `aws.lambda.FunctionEventInvokeConfig`, alarms, the table… */
  resources: Array<{ type: string; name: string; args: unknown }>;
}

const output = (component: string, attribute: string) => `${component}.${attribute}`;

export function installSstStandIns(secretValues: Record<string, string> = {}) {
  const recorded: Recorded = { functions: [], rules: [], queues: [], secrets: [], apiRoutes: [], resources: [] };
  const functionOf = new WeakMap<object, RecordedFunction>();

  const recordFunction = (component: string, args: FunctionArgs, extra: Partial<RecordedFunction> = {}) => {
    const fn: RecordedFunction = {
      component,
      args,
      name: output(component, "name"),
      arn: output(component, "arn"),
      ...extra,
    };
    recorded.functions.push(fn);
    return fn;
  };
  const resource = (type: string) =>
    class {
      readonly name: string;
      readonly arn: string;
      constructor(name: string, args?: unknown) {
        recorded.resources.push({ type, name, args });
        this.name = output(name, "name");
        this.arn = output(name, "arn");
      }
    };

  class FunctionComponent {
    readonly name: string;
    readonly arn: string;
    readonly nodes: { function: { name: string } };
    constructor(component: string, args: FunctionArgs) {
      const fn = recordFunction(component, args);
      functionOf.set(this, fn);
      this.name = fn.name;
      this.arn = fn.arn;
      this.nodes = { function: { name: fn.name } };
    }
  }

  class Queue implements StandInQueue {
    readonly url: string;
    readonly arn: string;
    readonly nodes: { queue: { name: string } };
    constructor(
      readonly component: string,
      readonly args: Record<string, unknown> = {},
    ) {
      this.url = output(component, "url");
      this.arn = output(component, "arn");
      this.nodes = { queue: { name: output(component, "name") } };
      recorded.queues.push(this);
    }
    subscribe(args: FunctionArgs, _subscriber?: unknown) {
      const fn = recordFunction(`${this.component}Subscriber`, args, { queue: this });
      return { nodes: { function: { name: fn.name } } };
    }
  }

  class Bus {
    readonly name: string;
    readonly arn: string;
    constructor(component: string) {
      recorded.resources.push({ type: "sst.aws.Bus", name: component, args: undefined });
      this.name = output(component, "name");
      this.arn = output(component, "arn");
    }
    subscribe(name: string, target: object, args: RecordedRule["args"] & { pattern?: RecordedRule["pattern"] }) {
      const fn = functionOf.get(target);
      if (!fn) throw new Error(`bus rule ${name}: the stand-in only records a subscribed sst.aws.Function`);
      recorded.rules.push({ name, pattern: args.pattern ?? {}, target: { function: fn }, args });
    }
    subscribeQueue(name: string, queue: Queue, args: RecordedRule["args"] & { pattern?: RecordedRule["pattern"] }) {
      recorded.rules.push({ name, pattern: args.pattern ?? {}, target: { queue }, args });
    }
  }

  class Cron {
    readonly nodes: { function: { name: string } };
    constructor(component: string, args: { function: FunctionArgs; schedule: unknown }) {
      const fn = recordFunction(`${component}Handler`, args.function, { schedule: args.schedule });
      this.nodes = { function: { name: fn.name } };
    }
  }

  class ApiGatewayV2 {
    readonly url: string;
    readonly nodes: { api: { id: string } };
    constructor(component: string) {
      this.url = output(component, "url");
      this.nodes = { api: { id: output(component, "id") } };
    }
    route(route: string, target: unknown) {
      recorded.apiRoutes.push({ route, target });
    }
  }

  class Secret {
    readonly name: string;
    /** What `sst secret set` gave it on this stage (`secretValues`), else its placeholder. */
    readonly value: string;
    constructor(name: string, placeholder?: string) {
      this.name = name;
      this.value = secretValues[name] ?? placeholder ?? "";
      recorded.secrets.push({ name, ...(placeholder === undefined ? {} : { placeholder }) });
    }
  }

  const globals: Record<string, unknown> = {
    $config: (config: unknown) => config,
    $app: { name: "scrm-relay", stage: "test" },
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) => String.raw({ raw: strings }, ...values),
    $jsonStringify: (value: unknown) => JSON.stringify(value),
    // Outputs are plain values here: resolving is applying at once, and nothing is secret.
    $resolve: (values: unknown[]) => ({ apply: (fn: (resolved: unknown[]) => unknown) => fn(values) }),
    $util: { unsecret: (value: unknown) => value },
    sst: {
      Secret,
      aws: {
        Function: FunctionComponent,
        Queue,
        Bus,
        Cron,
        ApiGatewayV2,
        Dynamo: resource("sst.aws.Dynamo"),
        SnsTopic: resource("sst.aws.SnsTopic"),
      },
    },
    aws: {
      sqs: { QueuePolicy: resource("aws.sqs.QueuePolicy") },
      lambda: { FunctionEventInvokeConfig: resource("aws.lambda.FunctionEventInvokeConfig") },
      cloudwatch: { MetricAlarm: resource("aws.cloudwatch.MetricAlarm") },
    },
  };
  Object.assign(globalThis, globals);

  return {
    recorded,
    uninstall() {
      for (const name of Object.keys(globals)) Reflect.deleteProperty(globalThis, name);
    },
  };
}
