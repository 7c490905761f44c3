import { eventSource, type Route, routes } from "@scrm/core";
import { componentName, functionDefaults } from "./functions";
import type { Secrets } from "./secrets";

/**
 * What EventBridge could not hand to a route's target (throttled, unavailable) after the route's
 * retries: one queue per rule, with the policy that lets EventBridge write to it.
 */
function routeDeadLetters(name: string) {
  const queue = new sst.aws.Queue(`${name}DeadLetters`, {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
  });
  new aws.sqs.QueuePolicy(`${name}DeadLettersPolicy`, {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
        },
      ],
    }),
  });
  return queue;
}

/** A rule's target: retried as often as the route says (within a day), then to its dead letters. */
function targetRetries(route: Route, deadLetters: sst.aws.Queue) {
  return (args: aws.cloudwatch.EventTargetArgs): undefined => {
    args.retryPolicy = { maximumRetryAttempts: route.maxAttempts, maximumEventAgeInSeconds: 24 * 3600 };
    args.deadLetterConfig = { arn: deadLetters.arn };
    return undefined;
  };
}

/**
 * The EventBridge bus and its rules, built from core's routing table like the embedded in-process
 * bus: one function per handler (`functions/<handler>.ts`) and one rule per route, matching the
 * route's event type as `detail-type` from source `scrm-relay`, each with a retry policy and a
 * dead-letter queue. Each function's links and permissions are its entry in the function-access
 * manifest (`packages/aws/src/function-access.ts`). Answers the functions and dead-letter queues for
 * the alarms.
 */
export function createBus({ table, secrets }: { table: sst.aws.Dynamo; secrets: Secrets }) {
  const bus = new sst.aws.Bus("Bus");
  const functionNames: Record<string, $util.Input<string>> = {};
  const deadLetterQueues: Record<string, $util.Input<string>> = {};
  const workQueues: Record<string, $util.Input<string>> = {};
  // The CRM sync messages that failed every receive, kept to inspect and redrive (SQS's own DLQ redrive works here).
  const deadLetters = new sst.aws.Queue("DeadLetters", {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
  });
  deadLetterQueues.DeadLetters = deadLetters.nodes.queue.name;

  /** A route's rule: its name, its pattern, and its retry policy into its own dead letters. */
  const routeRule = (handlerName: string, route: Route) => {
    const name = `${handlerName}${componentName(route.event)}`;
    const ruleDeadLetters = routeDeadLetters(name);
    deadLetterQueues[`${name}DeadLetters`] = ruleDeadLetters.nodes.queue.name;
    const args = {
      pattern: { source: [eventSource], detailType: [route.event] },
      transform: { target: targetRetries(route, ruleDeadLetters) },
    };
    return { name, args };
  };

  const byHandler = new Map<string, Route[]>();
  for (const route of routes) byHandler.set(route.handler, [...(byHandler.get(route.handler) ?? []), route]);

  for (const [handler, handled] of byHandler) {
    const name = componentName(handler);
    const defaults = functionDefaults(handler, { table, bus, secrets });
    const batch = handled.find((route) => route.batch)?.batch;
    if (batch) {
      // A batched route (CRM sync) goes through an SQS queue, so Lambda gets batches and reports
      // partial failures; a message that fails every receive goes to the dead letters.
      const queue = new sst.aws.Queue(`${name}Queue`, {
        // AWS advises six times the function timeout, so a slow batch is not handed out twice.
        visibilityTimeout: "30 minutes",
        dlq: { queue: deadLetters.arn, retry: Math.max(...handled.map((route) => route.maxAttempts)) },
      });
      for (const route of handled) {
        const rule = routeRule(name, route);
        bus.subscribeQueue(rule.name, queue, rule.args);
      }
      const subscriber = queue.subscribe(
        // SST adds the permissions to receive from and delete in the queue it subscribes the function to.
        { ...defaults, timeout: "5 minutes" },
        {
          batch: {
            size: batch.maxSize,
            // SQS takes more than 10 messages a batch only with a batching window of at least a second.
            window: `${Math.max(1, Math.ceil(batch.windowMs / 1000))} seconds`,
            partialResponses: true,
          },
          transform: {
            eventSourceMapping: (args): undefined => {
              // At most two batches at a time (the least SQS allows): the CRMs' rate limits are per
              // account, and fewer batches in flight means fewer chances that two of them hold the
              // same interaction (both first attempts could then write a HubSpot note each).
              args.scalingConfig = { maximumConcurrency: 2 };
              return undefined;
            },
          },
        },
      );
      functionNames[name] = subscriber.nodes.function.name;
      workQueues[`${name}Queue`] = queue.nodes.queue.name;
      continue;
    }
    // What this handler failed on every attempt: its own queue, so a redrive replays one handler's events.
    const failures = new sst.aws.Queue(`${name}Failures`, {
      transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
    });
    deadLetterQueues[`${name}Failures`] = failures.nodes.queue.name;
    const fn = new sst.aws.Function(name, {
      ...defaults,
      timeout: "60 seconds",
      // Lambda's on-failure destination sends the failed event with the function's own role.
      permissions: [...defaults.permissions, { actions: ["sqs:SendMessage"], resources: [failures.arn] }],
    });
    // EventBridge invokes Lambda asynchronously: Lambda retries a failing invocation (at most twice),
    // then sends the invocation record (the event inside) to the handler's failures queue.
    new aws.lambda.FunctionEventInvokeConfig(`${name}Retries`, {
      functionName: fn.name,
      maximumRetryAttempts: Math.min(2, Math.max(...handled.map((route) => route.maxAttempts)) - 1),
      maximumEventAgeInSeconds: 6 * 3600,
      destinationConfig: { onFailure: { destination: failures.arn } },
    });
    functionNames[name] = fn.name;
    for (const route of handled) {
      const rule = routeRule(name, route);
      bus.subscribe(rule.name, fn, rule.args);
    }
  }
  return { bus, functionNames, deadLetterQueues, workQueues };
}
