import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functionAccess } from "@scrm/aws/function-access";
import { sstSecretNames } from "@scrm/aws/secret-names";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The webhook function reading its secrets as it does on AWS: SST writes the linked resources,
 * encrypted (AES-256-GCM, zero nonce, tag appended), to `resource.enc` in the bundle and passes the
 * key as `SST_KEY`; `Resource` from `sst` decrypts them at cold start. A stale value in the plain
 * environment must lose. Linked are exactly the webhook's secrets of the function-access manifest,
 * the optional ones at their empty placeholder. (A file of its own: `Resource` loads once per process.)
 */
const verifyToken = "verify-token-from-sst";
const dir = mkdtempSync(join(tmpdir(), "scrm-sst-"));
let handle: typeof import("./webhook")["handler"];

beforeAll(async () => {
  const key = randomBytes(32);
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  const values: Record<string, string> = { META_APP_SECRET: "app-secret-from-sst", META_VERIFY_TOKEN: verifyToken };
  const links = Object.fromEntries(
    functionAccess.webhook.secrets.map((variable) => [
      sstSecretNames[variable],
      { type: "sst.sst.Secret", value: values[variable] ?? "" },
    ]),
  );
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(links)), cipher.final(), cipher.getAuthTag()]);
  writeFileSync(join(dir, "resource.enc"), encrypted);

  // What SST's Function component puts in the environment: names and the key, no secret values.
  Object.assign(process.env, {
    SST_RESOURCE_App: JSON.stringify({ name: "scrm-relay", stage: "test" }),
    SST_KEY: key.toString("base64"),
    SST_KEY_FILE: join(dir, "resource.enc"),
    META_VERIFY_TOKEN: "stale-token-in-env",
    DYNAMODB_TABLE: "scrm-relay-unused",
    AWS_REGION: "eu-west-1",
    LOG_LEVEL: "silent",
  });
  delete process.env.ADMIN_TOKEN;
  delete process.env.META_APP_SECRET;
  handle = (await import("./webhook")).handler;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function handshake(token: string): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams({
    "hub.mode": "subscribe",
    "hub.verify_token": token,
    "hub.challenge": "1158201444",
  }).toString();
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/webhooks/meta",
    rawQueryString,
    headers: { host: "abc.lambda-url.eu-west-1.on.aws", "user-agent": "facebookplatform/1.0" },
    queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)),
    requestContext: {
      accountId: "anonymous",
      apiId: "abc",
      domainName: "abc.lambda-url.eu-west-1.on.aws",
      domainPrefix: "abc",
      http: {
        method: "GET",
        path: "/webhooks/meta",
        protocol: "HTTP/1.1",
        sourceIp: "173.252.127.1",
        userAgent: "facebookplatform/1.0",
      },
      requestId: `req-${now}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

describe("functions/webhook with SST secrets", () => {
  it("verifies with the SST value over the environment's", async () => {
    const accepted = await handle(handshake(verifyToken) as unknown as LambdaEvent);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toBe("1158201444");

    const refused = await handle(handshake("stale-token-in-env") as unknown as LambdaEvent);
    expect(refused.statusCode).toBe(403);
  });
});
