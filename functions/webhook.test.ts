import { createHmac } from "node:crypto";
import { interactionId, type RawDelivery } from "@scrm/core";
import type { APIGatewayProxyEventV2, EventBridgeEvent } from "aws-lambda";
import type { LambdaEvent } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeEventBridge, RecordedEntry } from "../tests/fakes/eventbridge";
import {
  functionBusName as busName,
  functionRegion as region,
  startFunctionEnvironment,
} from "../tests/support/aws-functions";
import { httpApiEvent } from "../tests/support/lambda-events";

const appSecret = "meta-app-secret";
const verifyToken = "meta-verify-token";
const table = "scrm-relay-functions-test";

/**
 * A Page feed comment as Meta sends it: `/` escaped as `\/`, Hebrew and emoji as `\uXXXX`. Meta
 * signs exactly these bytes; re-serialising the parsed body gives other bytes.
 */
const metaBody = String.raw`{"object":"page","entry":[{"id":"104000000000001","time":1767225600,"changes":[{"field":"feed","value":{"from":{"id":"5550001","name":"\u05d3\u05e0\u05d4 \u05db\u05d4\u05df"},"post":{"status_type":"mobile_status_update","is_published":true,"updated_time":"2026-01-01T00:00:00+0000","permalink_url":"https:\/\/www.facebook.com\/104000000000001\/posts\/200"},"message":"\u05d4\u05de\u05d5\u05e6\u05e8 \u05e9\u05d1\u05d5\u05e8 \ud83d\ude21 refund please","post_id":"104000000000001_200","comment_id":"200_300","parent_id":"104000000000001_200","created_time":1767225600,"item":"comment","verb":"add"}}]}]}`;
const sign = (body: string, secret = appSecret) =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let fake: FakeEventBridge;
let deliveries: typeof environment.deliveries;
let interactions: typeof environment.interactions;
let handle: typeof import("./webhook")["handler"];
/**
 * Events are typed with aws-lambda's types, which match what API Gateway and Function URLs send;
 * Hono's own type wants fields they leave out (`body` when empty, `authorizer` when unauthenticated).
 */
const webhook = (event: APIGatewayProxyEventV2) => handle(event as unknown as LambdaEvent);
let processDelivery: (event: EventBridgeEvent<string, unknown>) => Promise<void>;

beforeAll(async () => {
  environment = await startFunctionEnvironment(table, {
    META_APP_SECRET: appSecret,
    META_VERIFY_TOKEN: verifyToken,
    ADMIN_TOKEN: "admin-token",
  });
  ({ eventBridge: fake, deliveries, interactions } = environment);
  handle = (await import("./webhook")).handler;
  processDelivery = (await import("./process-delivery")).handler;
});

afterAll(async () => {
  await environment?.stop();
});

/** An HTTP API (payload 2.0) event for `/webhooks/meta`, its body base64-encoded as API Gateway sends binary. */
const httpEvent = (init: {
  method: "GET" | "POST";
  rawQueryString?: string;
  headers?: Record<string, string>;
  body?: string;
}) =>
  httpApiEvent({
    method: init.method,
    path: "/webhooks/meta",
    ...(init.rawQueryString === undefined ? {} : { query: init.rawQueryString }),
    headers: { "user-agent": "facebookexternalua", ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });

/** What EventBridge hands a Lambda target for an entry it accepted. */
function eventBridgeEvent(entry: RecordedEntry): EventBridgeEvent<string, unknown> {
  return {
    version: "0",
    id: entry.EventId,
    "detail-type": entry.DetailType,
    source: entry.Source,
    account: "123456789012",
    time: new Date().toISOString(),
    region,
    resources: [],
    detail: JSON.parse(entry.Detail),
  };
}

describe("functions/webhook", () => {
  it("verifies Meta's signature over the exact bytes, stores the delivery, and publishes delivery.received", async () => {
    expect(metaBody).toContain(String.raw`https:\/\/www.facebook.com`);
    expect(JSON.stringify(JSON.parse(metaBody))).not.toBe(metaBody);
    fake.reset();

    const response = await webhook(
      httpEvent({ method: "POST", body: metaBody, headers: { "x-hub-signature-256": sign(metaBody) } }),
    );

    expect(response.statusCode).toBe(200);
    const { status, deliveryId } = JSON.parse(response.body) as { status: string; deliveryId: string };
    expect(status).toBe("accepted");

    const stored = await deliveries.get(deliveryId);
    expect(stored).toMatchObject({ id: deliveryId, source: "meta", body: metaBody });

    expect(fake.entries).toHaveLength(1);
    const [entry] = fake.entries;
    expect(entry).toMatchObject({ Source: "scrm-relay", DetailType: "delivery.received", EventBusName: busName });
    expect(JSON.parse(entry?.Detail ?? "")).toMatchObject({ deliveryId });
  });

  it("answers 401 to a body signed with another secret, and stores and publishes nothing", async () => {
    fake.reset();

    const response = await webhook(
      httpEvent({
        method: "POST",
        body: metaBody,
        headers: { "x-hub-signature-256": sign(metaBody, "not-the-secret") },
      }),
    );

    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "webhook.signature_mismatch" } });
    expect(fake.entries).toHaveLength(0);
  });

  it("answers Meta's subscription handshake with the challenge", async () => {
    const response = await webhook(
      httpEvent({
        method: "GET",
        rawQueryString: `hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=123`,
      }),
    );

    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.body).toBe("123");
  });

  it("processes the delivery when EventBridge invokes functions/process-delivery with the published event", async () => {
    fake.reset();
    const signed = await webhook(
      httpEvent({ method: "POST", body: metaBody, headers: { "x-hub-signature-256": sign(metaBody) } }),
    );
    expect(signed.statusCode).toBe(200);
    const { deliveryId } = JSON.parse(signed.body) as { deliveryId: string };
    const [published] = fake.entries;
    if (!published) throw new Error("nothing was published");
    fake.reset();

    await processDelivery(eventBridgeEvent(published));

    const delivery = (await deliveries.get(deliveryId)) as RawDelivery;
    expect(delivery.status).toBe("processed");
    const id = interactionId("facebook", "200_300");
    expect(delivery.report?.interactionIds).toEqual([id]);
    const stored = await interactions.get(id);
    expect(stored?.interaction).toMatchObject({
      platform: "facebook",
      kind: "comment",
      direction: "inbound",
      threadId: "104000000000001_200",
      account: { id: "104000000000001" },
      author: { id: "5550001", name: "דנה כהן" },
      text: "המוצר שבור 😡 refund please",
    });
    expect(fake.entries.map((entry) => [entry.Source, entry.DetailType, JSON.parse(entry.Detail).id])).toEqual([
      ["scrm-relay", "interaction.received", id],
    ]);

    // EventBridge delivers at least once: the same event again changes nothing. Its trigger is still
    // pending (no rules function ran here), so it is published again, for an idempotent consumer.
    fake.reset();
    await processDelivery(eventBridgeEvent(published));
    expect((await interactions.get(id))?.version).toBe(stored?.version);
    expect(fake.entries.map((entry) => [entry.DetailType, JSON.parse(entry.Detail).eventId])).toEqual([
      ["interaction.received", stored?.pending[0]?.id],
    ]);
  });

  it("reads the delivery from the table when the event carries only its id", async () => {
    fake.reset();
    const otherBody = metaBody.replace('"200_300"', '"200_301"');
    const response = await webhook(
      httpEvent({ method: "POST", body: otherBody, headers: { "x-hub-signature-256": sign(otherBody) } }),
    );
    const { deliveryId: otherId } = JSON.parse(response.body) as { deliveryId: string };
    const [published] = fake.entries;
    if (!published) throw new Error("nothing was published");

    await processDelivery(eventBridgeEvent({ ...published, Detail: JSON.stringify({ deliveryId: otherId }) }));

    expect((await deliveries.get(otherId))?.status).toBe("processed");
    expect(await interactions.get(interactionId("facebook", "200_301"))).toBeDefined();
  });
});
