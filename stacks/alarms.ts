/**
 * CloudWatch alarms on what needs a person: a function that errors or is throttled, anything in a
 * dead-letter queue (EventBridge's failed invocations land there too: every rule has one), webhook
 * answers in the 5xx (the app turns its own failures, a DynamoDB write that fails say, into a 500,
 * which Lambda does not count as an error; Messenger and Instagram unsubscribe an app whose endpoint
 * fails for an hour), CRM syncs waiting long in their queue (a CRM slow but not failing), and
 * DynamoDB throttling. They notify the `Alarms` SNS topic; subscribe an address or a pager to it
 * (`aws sns subscribe --topic-arn <AlarmsTopic> --protocol email --notification-endpoint ops@…`).
 */
export function createAlarms({
  functionNames,
  deadLetterQueues,
  workQueues,
  apiId,
  tableName,
}: {
  /** Component name → the Lambda function's name. */
  functionNames: Record<string, $util.Input<string>>;
  /** Component name → the dead-letter queue's name. */
  deadLetterQueues: Record<string, $util.Input<string>>;
  /** Component name → a queue a function consumes (the CRM sync's). */
  workQueues: Record<string, $util.Input<string>>;
  /** The HTTP API in front of the webhook and admin functions. */
  apiId: $util.Input<string>;
  tableName: $util.Input<string>;
}) {
  const topic = new sst.aws.SnsTopic("Alarms");
  /** One alarm over 5 minutes, notifying the topic when it fires and when it clears. */
  const alarm = (
    name: string,
    metric: {
      namespace: string;
      metricName: string;
      dimensions: Record<string, $util.Input<string>>;
      statistic: "Sum" | "Maximum";
      threshold: number;
      comparisonOperator?: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
    },
    description: string,
  ) =>
    new aws.cloudwatch.MetricAlarm(name, {
      comparisonOperator: "GreaterThanThreshold",
      ...metric,
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmDescription: description,
      alarmActions: [topic.arn],
      okActions: [topic.arn],
    });

  for (const [name, functionName] of Object.entries(functionNames)) {
    for (const metricName of ["Errors", "Throttles"] as const) {
      alarm(
        `${name}${metricName}Alarm`,
        {
          namespace: "AWS/Lambda",
          metricName,
          dimensions: { FunctionName: functionName },
          statistic: "Sum",
          threshold: 0,
        },
        `${name}: ${metricName.toLowerCase()} in the last 5 minutes`,
      );
    }
  }
  for (const [name, queueName] of Object.entries(deadLetterQueues)) {
    alarm(
      `${name}DepthAlarm`,
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        threshold: 0,
      },
      `${name}: events wait in a dead-letter queue (see docs/deploy.md, redrive)`,
    );
  }
  alarm(
    "Api5xxAlarm",
    {
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: apiId },
      statistic: "Sum",
      // A single 500 is logged; five in five minutes is a failing dependency the platforms will notice.
      threshold: 5,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
    },
    "Api: 5 or more 5xx answers in 5 minutes (webhooks failing: platforms retry, then unsubscribe)",
  );
  for (const [name, queueName] of Object.entries(workQueues)) {
    alarm(
      `${name}AgeAlarm`,
      {
        namespace: "AWS/SQS",
        metricName: "ApproximateAgeOfOldestMessage",
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        threshold: 15 * 60,
      },
      `${name}: a message has waited over 15 minutes (the CRM is slow, rate-limited or refusing)`,
    );
  }
  for (const metricName of ["ReadThrottleEvents", "WriteThrottleEvents"] as const) {
    alarm(
      `Table${metricName}Alarm`,
      { namespace: "AWS/DynamoDB", metricName, dimensions: { TableName: tableName }, statistic: "Sum", threshold: 0 },
      `Table: ${metricName} in the last 5 minutes (a hot key or the table's quota: see docs/scale.md)`,
    );
  }
  return topic;
}
