import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  generateSigningSecret,
  type Interaction,
  newNotification,
  postNotification,
  signNotification,
} from "@scrm/core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** A receiver as a customer would write it: verify the raw bytes with the official library, else 401. */
function verifyingReceiver(secret: string) {
  const seen: Array<{ headers: IncomingHttpHeaders; payload?: unknown; error?: string }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      try {
        const payload = new Webhook(secret).verify(Buffer.concat(chunks), headers);
        seen.push({ headers: request.headers, payload });
        response.writeHead(204).end();
      } catch (error) {
        seen.push({ headers: request.headers, error: String(error) });
        response.writeHead(401, { "content-type": "text/plain" }).end("signature mismatch");
      }
    });
  });
  return { server, seen };
}

const now = new Date();
const notification = newNotification(
  {
    notificationId: "ntf_signature",
    workspaceId: "default",
    interactionId: "facebook_sig",
    url: "http://127.0.0.1/hook",
    rule: { id: "vip", version: 2, name: "VIP complaints" },
    trigger: { type: "interaction.received", eventId: "evt-sig" },
    note: "לטפל מהר 🚨",
  },
  now,
);
const interaction = { id: "facebook_sig", text: "החזר כספי בבקשה 🙏", author: { id: "u1" } } as unknown as Interaction;

describe("Standard Webhooks signatures over real HTTP", () => {
  const secret = generateSigningSecret();
  const right = verifyingReceiver(secret);
  const wrong = verifyingReceiver(generateSigningSecret());
  const urlOf = (server: typeof right.server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  beforeAll(async () => {
    await Promise.all([right, wrong].map(({ server }) => new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok))));
  });
  afterAll(async () => {
    await Promise.all([right, wrong].map(({ server }) => new Promise((ok) => server.close(ok))));
  });

  it("is verified by a receiver holding the secret, on the exact (multi-byte) body", async () => {
    const outcome = await postNotification(
      urlOf(right.server),
      signNotification(secret, notification, interaction, now),
      now,
    );
    expect(outcome).toMatchObject({ delivered: true, attempt: { status: 204 } });
    const [request] = right.seen;
    expect(request?.error).toBeUndefined();
    expect(request?.payload).toMatchObject({
      type: "interaction.notify",
      timestamp: now.toISOString(),
      data: { notificationId: "ntf_signature", note: "לטפל מהר 🚨", interaction: { text: "החזר כספי בבקשה 🙏" } },
    });
    expect(request?.headers).toMatchObject({
      "webhook-id": "ntf_signature",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "content-type": "application/json",
      "user-agent": "scrm-relay",
    });
  });

  it("fails verification at a receiver holding another secret (and the attempt records its 401)", async () => {
    const outcome = await postNotification(
      urlOf(wrong.server),
      signNotification(secret, notification, interaction, now),
      now,
    );
    expect(wrong.seen[0]?.error).toMatch(/No matching signature/);
    expect(outcome).toMatchObject({
      delivered: false,
      final: false,
      attempt: { status: 401, error: "HTTP 401 Unauthorized: signature mismatch" },
    });
  });

  it("fails verification when the timestamp header is not the signed one (replay with a new time)", async () => {
    const signed = signNotification(secret, notification, interaction, now);
    const replayed = {
      ...signed,
      headers: { ...signed.headers, "webhook-timestamp": String(Math.floor(now.getTime() / 1000) + 1) },
    };
    const outcome = await postNotification(urlOf(right.server), replayed, now);
    expect(outcome.attempt.status).toBe(401);
  });
});
