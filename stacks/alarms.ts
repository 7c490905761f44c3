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
  const actions = [topic.arn];
  new aws.cloudwatch.MetricAlarm("Api5xxAlarm", {
    namespace: "AWS/ApiGateway",
    metricName: "5xx",
    dimensions: { ApiId: apiId },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    // A single 500 is logged; five in five minutes is a failing dependency the platforms will notice.
    threshold: 5,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmDescription: "Api: 5 or more 5xx answers in 5 minutes (webhooks failing: platforms retry, then unsubscribe)",
    alarmActions: actions,
    okActions: actions,
  });
  for (const [name, queueName] of Object.entries(workQueues)) {
    new aws.cloudwatch.MetricAlarm(`${name}AgeAlarm`, {
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 15 * 60,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmDescription: `${name}: a message has waited over 15 minutes (the CRM is slow, rate-limited or refusing)`,
      alarmActions: actions,
      okActions: actions,
    });
  }
  for (const metric of ["ReadThrottleEvents", "WriteThrottleEvents"] as const) {
    new aws.cloudwatch.MetricAlarm(`Table${metric}Alarm`, {
      namespace: "AWS/DynamoDB",
      metricName: metric,
      dimensions: { TableName: tableName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmDescription: `Table: ${metric} in the last 5 minutes (a hot key or the table's quota: see docs/scale.md)`,
      alarmActions: actions,
      okActions: actions,
    });
  }
  for (const [name, functionName] of Object.entries(functionNames)) {
    for (const metric of ["Errors", "Throttles"] as const) {
      new aws.cloudwatch.MetricAlarm(`${name}${metric}Alarm`, {
        namespace: "AWS/Lambda",
        metricName: metric,
        dimensions: { FunctionName: functionName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmDescription: `${name}: ${metric.toLowerCase()} in the last 5 minutes`,
        alarmActions: actions,
        okActions: actions,
      });
    }
  }
  for (const [name, queueName] of Object.entries(deadLetterQueues)) {
    new aws.cloudwatch.MetricAlarm(`${name}DepthAlarm`, {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmDescription: `${name}: events wait in a dead-letter queue (see docs/deploy.md, redrive)`,
      alarmActions: actions,
      okActions: actions,
    });
  }
  return topic;
}
