import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaJson, metaSignature, sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const comment = {
  object: "page",
  entry: [
    {
      id: "104817932345678",
      time: 1_763_800_000,
      changes: [
        {
          field: "feed",
          value: {
            from: { id: "7340012345678901", name: "Noa Levi" },
            post_id: "104817932345678_122101",
            comment_id: "122101_998877",
            created_time: 1_763_800_000,
            item: "comment",
            verb: "add",
            message: "ההזמנה שלי לא הגיעה 😡 https://example.com/order/7",
            post: { id: "104817932345678_122101", status_type: "added_photos" },
          },
        },
      ],
    },
  ],
};

describe("POST/GET /webhooks/meta at the edge", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  const handshake = (query: string) => fetch(`${stack.url}/webhooks/meta?${query}`);

  it("echoes hub.challenge when the verify token matches", async () => {
    const response = await handshake(
      `hub.mode=subscribe&hub.verify_token=${testSecrets.verifyToken}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("1158201444");
  });

  it("refuses the handshake with a wrong verify token", async () => {
    const response = await handshake("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "webhook.invalid_verify_token" } });
  });

  it("refuses a handshake that is not a subscription", async () => {
    const response = await handshake(`hub.mode=unsubscribe&hub.verify_token=${testSecrets.verifyToken}`);
    expect(response.status).toBe(400);
  });

  it("accepts a delivery signed over the exact bytes Meta sends (escaped / and \\uXXXX)", async () => {
    const body = metaJson(comment);
    expect(body).toContain("\\/");
    expect(body).toContain("\\u05d4");
    const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, body);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { status: string; deliveryId: string };
    expect(answer.status).toBe("accepted");
    // Stored before the acknowledgement: readable at once, byte for byte.
    expect((await stack.deliveries.get(answer.deliveryId))?.body).toBe(body);
  });

  it.each([
    ["a wrong signature", metaSignature("not-the-secret", metaJson(comment)), "webhook.signature_mismatch"],
    ["a missing signature", undefined, "webhook.signature_missing"],
    [
      "a signature over the re-serialised body",
      metaSignature(testSecrets.appSecret, JSON.stringify(comment)),
      "webhook.signature_mismatch",
    ],
    [
      "a signature without the sha256= prefix",
      metaSignature(testSecrets.appSecret, metaJson(comment)).slice(7),
      "webhook.signature_malformed",
    ],
  ])("answers 401 for %s and stores nothing", async (_name, signature, code) => {
    const before = await stack.api<{ items: unknown[] }>("/api/v1/deliveries?status=pending");
    const response = await fetch(`${stack.url}/webhooks/meta`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature ? { "x-hub-signature-256": signature } : {}) },
      body: metaJson(comment),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code, message: expect.stringContaining("X-Hub-Signature-256") },
    });
    const after = await stack.api<{ items: unknown[] }>("/api/v1/deliveries?status=pending");
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it("answers 400 for a correctly signed body that is not JSON", async () => {
    const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, '{"object":"page","entry":[');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "webhook.invalid_json" } });
  });

  it("answers 400 for signed JSON that is not an object", async () => {
    const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, "[1,2,3]");
    expect(response.status).toBe(400);
  });

  it("answers 401 (not 400) for an unsigned malformed body: the signature is checked first", async () => {
    const response = await fetch(`${stack.url}/webhooks/meta`, { method: "POST", body: "not json" });
    expect(response.status).toBe(401);
  });

  it("answers 413 for a body over 1 MiB, declared or streamed", async () => {
    const big = metaJson({ object: "page", entry: [], padding: "x".repeat(1024 * 1024) });
    const declared = await sendMetaDelivery(stack.url, testSecrets.appSecret, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: "webhook.too_large" } });

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const piece = new TextEncoder().encode("x".repeat(64 * 1024));
        for (let sent = 0; sent <= 1024 * 1024; sent += piece.length) controller.enqueue(piece);
        controller.close();
      },
    });
    const streamed = await fetch(`${stack.url}/webhooks/meta`, {
      method: "POST",
      headers: { "x-hub-signature-256": "sha256=00" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("accepts exactly 1 MiB", async () => {
    const base = metaJson({ object: "page", entry: [], padding: "" });
    const body = metaJson({ object: "page", entry: [], padding: "x".repeat(1024 * 1024 - base.length) });
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, body)).status).toBe(200);
  });
});

describe("an unconfigured Meta app", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { META_APP_SECRET: undefined, META_VERIFY_TOKEN: undefined } });
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("answers 503 naming META_APP_SECRET and never accepts the delivery", async () => {
    const response = await sendMetaDelivery(stack.url, "anything", comment);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; details: unknown } };
    expect(body.error.message).toContain("META_APP_SECRET");
    expect(body.error.details).toEqual({ variable: "META_APP_SECRET" });
  });

  it("answers the handshake with 503 naming META_VERIFY_TOKEN", async () => {
    const response = await fetch(`${stack.url}/webhooks/meta?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("META_VERIFY_TOKEN");
  });
});
