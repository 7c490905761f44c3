import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFunctionEnvironment } from "../tests/support/aws-functions";

const table = "scrm-relay-admin-api-test";
const adminToken = "admin-token-for-the-test";

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let handle: typeof import("./admin-api")["handler"];

beforeAll(async () => {
  environment = await startFunctionEnvironment(table, { ADMIN_TOKEN: adminToken });
  handle = (await import("./admin-api")).handler;
});
afterAll(async () => {
  await environment?.stop();
});

/** What the HTTP API (payload 2.0) hands the admin function for `ANY /api/{proxy+}` and `GET /openapi.json`. */
function request(method: string, path: string, init: { token?: string; body?: string } = {}): APIGatewayProxyEventV2 {
  const now = Date.now();
  const routeKey = path.startsWith("/api/") ? "ANY /api/{proxy+}" : `GET ${path}`;
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers: {
      accept: "application/json",
      host: "abcdef123.execute-api.eu-west-1.amazonaws.com",
      "x-forwarded-proto": "https",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { "content-type": "application/json", "x-actor": "ops@brand.example" } : {}),
    },
    ...(path.startsWith("/api/") ? { pathParameters: { proxy: path.slice("/api/".length) } } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "abcdef123",
      domainName: "abcdef123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abcdef123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "curl/8.5.0" },
      requestId: `req-${now}`,
      routeKey,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(init.body ? { body: init.body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

const call = (event: APIGatewayProxyEventV2) => handle(event as unknown as LambdaEvent);

describe("functions/admin-api (HTTP API payload 2.0)", () => {
  it("needs the admin token, then serves the admin API against the table", async () => {
    expect((await call(request("GET", "/api/v1/rules"))).statusCode).toBe(401);
    const rule = { id: "tag-refunds", name: "tag refunds", then: [{ type: "tag", tags: ["refund"] }] };
    const created = await call(request("POST", "/api/v1/rules", { token: adminToken, body: JSON.stringify(rule) }));
    expect(created.statusCode).toBe(201);
    const listed = await call(request("GET", "/api/v1/rules", { token: adminToken }));
    expect(listed.statusCode).toBe(200);
    expect(JSON.parse(listed.body ?? "{}").items.map((item: { id: string }) => item.id)).toContain("tag-refunds");
  });

  it("serves the OpenAPI document, webhooks included, without a token", async () => {
    const answer = await call(request("GET", "/openapi.json"));
    expect(answer.statusCode).toBe(200);
    expect(Object.keys(JSON.parse(answer.body ?? "{}").paths)).toEqual(
      expect.arrayContaining(["/webhooks/meta", "/api/v1/sla-policies"]),
    );
  });
});
