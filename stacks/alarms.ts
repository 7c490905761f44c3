/**
 * CloudWatch alarms on what needs a person: a function that errors or is throttled, and anything in
 * a dead-letter queue. They notify the `Alarms` SNS topic; subscribe an address or a pager to it
 * (`aws sns subscribe --topic-arn <AlarmsTopic> --protocol email --notification-endpoint ops@…`).
 */
export function createAlarms({
  functionNames,
  deadLetterQueues,
}: {
  /** Component name → the Lambda function's name. */
  functionNames: Record<string, $util.Input<string>>;
  /** Component name → the dead-letter queue's name. */
  deadLetterQueues: Record<string, $util.Input<string>>;
}) {
  const topic = new sst.aws.SnsTopic("Alarms");
  const actions = [topic.arn];
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
