import { createHmac } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeEventBridge } from "../fakes/eventbridge";
import { startFunctionEnvironment } from "../support/aws-functions";

const appSecret = "meta-app-secret-url";
const table = "scrm-relay-function-url-test";

/**
 * A WhatsApp Cloud API message as a Lambda Function URL hands it over: the JSON body as text
 * (`isBase64Encoded: false`), here with raw UTF-8 (Hebrew, an emoji) rather than `\u` escapes, and
 * the payload 2.0 shape with `routeKey: "$default"` and the `lambda-url` domain.
 */
const whatsappBody = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
            contacts: [{ profile: { name: "דנה" }, wa_id: "972501234567" }],
            messages: [
              {
                from: "972501234567",
                id: "wamid.HBgMOTcyNTAxMjM0NTY3FQIAEhgUM0EwQkE1QjM3OTk1MEQ3RkQ5QzIA",
                timestamp: "1767225600",
                type: "text",
                text: { body: "ההזמנה לא הגיעה 😡" },
              },
            ],
          },
        },
      ],
    },
  ],
});

function functionUrlEvent(body: string, headers: Record<string, string>): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/webhooks/meta",
    rawQueryString: "",
    headers: {
      host: "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws",
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      "user-agent": "facebookexternalua",
      "x-amzn-trace-id": "Root=1-6770a000-0123456789abcdef01234567",
      "x-forwarded-for": "173.252.127.1",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...headers,
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnopqrstuvwxyz012345",
      domainName: "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws",
      domainPrefix: "abcdefghijklmnopqrstuvwxyz012345",
      http: {
        method: "POST",
        path: "/webhooks/meta",
        protocol: "HTTP/1.1",
        sourceIp: "173.252.127.1",
        userAgent: "facebookexternalua",
      },
      requestId: `req-${now}`,
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    body,
    isBase64Encoded: false,
  };
}

const sign = (body: string, secret = appSecret) =>
  `sha256=${createHmac("sha256", secret).update(Buffer.from(body, "utf8")).digest("hex")}`;

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let fake: FakeEventBridge;
let handle: (event: APIGatewayProxyEventV2) => ReturnType<typeof import("../../functions/webhook")["handler"]>;

beforeAll(async () => {
  environment = await startFunctionEnvironment(table, {
    META_APP_SECRET: appSecret,
    META_VERIFY_TOKEN: "verify",
    ADMIN_TOKEN: "admin-token",
  });
  fake = environment.eventBridge;
  const { handler } = await import("../../functions/webhook");
  handle = (event) => handler(event as unknown as LambdaEvent);
});

afterAll(async () => {
  await environment?.stop();
});

describe("functions/webhook behind a Function URL", () => {
  it("verifies the signature over the UTF-8 bytes of a text body, stores it as sent, and publishes", async () => {
    fake.reset();
    const response = await handle(functionUrlEvent(whatsappBody, { "x-hub-signature-256": sign(whatsappBody) }));

    expect(response.statusCode).toBe(200);
    const { deliveryId } = JSON.parse(response.body) as { deliveryId: string };
    expect(await environment.deliveries.get(deliveryId)).toMatchObject({ source: "meta", body: whatsappBody });
    expect(fake.entries.map((entry) => entry.DetailType)).toEqual(["delivery.received"]);
  });

  it("refuses the same body signed over other bytes (Latin-1), and stores nothing", async () => {
    fake.reset();
    const latin1Signature = `sha256=${createHmac("sha256", appSecret).update(Buffer.from(whatsappBody, "latin1")).digest("hex")}`;
    const response = await handle(functionUrlEvent(whatsappBody, { "x-hub-signature-256": latin1Signature }));

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "webhook.signature_mismatch" } });
    expect(fake.entries).toHaveLength(0);
  });

  it("answers 413 with a reason to a body over 1 MiB, before reading it", async () => {
    const huge = JSON.stringify({ object: "page", entry: [{ id: "1", padding: "x".repeat(1024 * 1024) }] });
    const response = await handle(functionUrlEvent(huge, { "x-hub-signature-256": sign(huge) }));

    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "webhook.too_large" } });
  });
});
