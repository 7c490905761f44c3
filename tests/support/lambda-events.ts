import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2, EventBridgeEvent, ScheduledEvent } from "aws-lambda";

const account = "123456789012";
export const apiDomain = "abcdef123.execute-api.eu-west-1.amazonaws.com";

/**
 * What the HTTP API (payload 2.0) hands a function for one request: `ANY /webhooks/{proxy+}`,
 * `ANY /api/{proxy+}` and the two `GET` routes. A body is sent base64-encoded, as API Gateway does
 * for a body it sees as binary.
 */
export function httpApiEvent(init: {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2 {
  const now = Date.now();
  const proxy = /^\/(webhooks|api)\/(.+)$/.exec(init.path);
  const routeKey = proxy ? `ANY /${proxy[1]}/{proxy+}` : `GET ${init.path}`;
  const rawQueryString = init.query ?? "";
  return {
    version: "2.0",
    routeKey,
    rawPath: init.path,
    rawQueryString,
    headers: {
      accept: "application/json",
      host: apiDomain,
      "x-forwarded-proto": "https",
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(rawQueryString ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) } : {}),
    ...(proxy ? { pathParameters: { proxy: proxy[2] as string } } : {}),
    requestContext: {
      accountId: account,
      apiId: "abcdef123",
      domainName: apiDomain,
      domainPrefix: "abcdef123",
      http: { method: init.method, path: init.path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "test" },
      requestId: `req-${randomUUID()}`,
      routeKey,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(init.body === undefined
      ? { isBase64Encoded: false }
      : { isBase64Encoded: true, body: Buffer.from(init.body, "utf8").toString("base64") }),
  };
}

/** What an EventBridge rule of the bus hands its Lambda target. */
export function busEvent(detailType: string, detail: unknown, region = "eu-west-1"): EventBridgeEvent<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": detailType,
    source: "scrm-relay",
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [],
    detail,
  };
}

/** What the `rate(1 minute)` schedule hands the recovery function. */
export function scheduledEvent(region = "eu-west-1"): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/scrm-relay-test-RecoverDeliveriesRule`],
    detail: {},
  };
}
