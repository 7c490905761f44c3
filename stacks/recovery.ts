import { type FunctionResources, functionDefaults } from "./functions";

/**
 * Every minute, `functions/recover-deliveries.ts` publishes `delivery.received` again for
 * deliveries acknowledged more than two minutes ago and still pending, and the outbox events that
 * fell due (SLA timers among them, so those fire within the minute).
 *
 * Least privilege: its links and permissions are its entry in the function-access manifest
 * (`packages/aws/src/function-access.ts`): Query (the minutes directory, the pending deliveries in
 * each minute with their body parts, the due index of the outbox sweep), DeleteItem (a closed, fully
 * processed minute leaves the directory), UpdateItem (the sweep settles what it republishes) and
 * PutEvents; no secret.
 */
export function createRecovery(resources: FunctionResources) {
  const cron = new sst.aws.Cron("RecoverDeliveries", {
    schedule: "rate(1 minute)",
    function: {
      ...functionDefaults("recover-deliveries", resources),
      timeout: "60 seconds",
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
