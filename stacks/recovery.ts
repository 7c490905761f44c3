import { runtimeDefaults, tableAndBusEnvironment } from "./functions";

/**
 * Every minute, `functions/recover-deliveries.ts` publishes `delivery.received` again for
 * deliveries acknowledged more than two minutes ago and still pending.
 *
 * Least privilege: the table and bus are named in the environment like every function's, but not
 * `link`ed, since a link grants `dynamodb:*` and `events:*`. The role gets only what recovery does:
 * Query (the minutes directory and the pending deliveries in each minute, with their body parts, and
 * the due index of the outbox sweep), BatchWriteItem and DeleteItem (a closed, fully processed minute leaves the
 * directory), UpdateItem (the sweep settles what it republishes) and PutEvents. The same sweep
 * publishes due SLA timers (`sla.timer`), within the minute.
 */
export function createRecovery({ table, bus }: { table: sst.aws.Dynamo; bus: sst.aws.Bus }) {
  const cron = new sst.aws.Cron("RecoverDeliveries", {
    schedule: "rate(1 minute)",
    function: {
      ...runtimeDefaults,
      handler: "functions/recover-deliveries.handler",
      timeout: "60 seconds",
      environment: tableAndBusEnvironment(table, bus),
      permissions: [
        // UpdateItem: the outbox sweep settles what it republishes (SLA timers are items in it too);
        // DeleteItem: a closed minute leaves the deliveries' directory.
        {
          actions: ["dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          resources: [table.arn, $interpolate`${table.arn}/index/*`],
        },
        { actions: ["events:PutEvents"], resources: [bus.arn] },
      ],
    },
    transform: {
      target: (args) => {
        // The component sends `{}` by default; without an input the function gets EventBridge's Scheduled Event.
        args.input = undefined;
      },
    },
  });
  // A failed run is not retried: the next one starts within the minute.
  new aws.lambda.FunctionEventInvokeConfig("RecoverDeliveriesRetries", {
    functionName: cron.nodes.function.name,
    maximumRetryAttempts: 0,
    maximumEventAgeInSeconds: 60,
  });
  return cron;
}
