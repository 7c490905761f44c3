import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { Interaction } from "../interaction/schema";
import { newNotification } from "./schema";
import { signNotification } from "./sign";
import { generateSigningSecret, NotifySigningSecret } from "./signing-secret";

const now = new Date();
const notification = newNotification(
  {
    notificationId: "ntf_abc",
    workspaceId: "default",
    interactionId: "facebook_x",
    url: "https://example.com/hook",
    rule: { id: "r1", version: 1, name: "All" },
    trigger: { type: "interaction.received", eventId: "e1" },
    note: "שלום 👋",
  },
  now,
);
const interaction = { id: "facebook_x", text: "refund please 🙂" } as unknown as Interaction;

describe("signing", () => {
  it("generates secrets the schema and the library accept, a new one each time", () => {
    const secret = generateSigningSecret();
    expect(NotifySigningSecret.parse(secret)).toBe(secret);
    expect(generateSigningSecret()).not.toBe(secret);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it.each(["", "whsec_", "secret", "whsec_c2hvcnQ=", "whsec_not base64!"])("rejects the secret %j", (secret) => {
    expect(NotifySigningSecret.safeParse(secret).success).toBe(false);
  });

  it("signs id, timestamp and exact body so the official verifier accepts it, and no other secret", () => {
    const secret = generateSigningSecret();
    const { headers, body, summary } = signNotification(secret, notification, interaction, now);
    expect(headers["webhook-id"]).toBe("ntf_abc");
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual({
      type: "interaction.notify",
      timestamp: now.toISOString(),
      data: {
        notificationId: "ntf_abc",
        rule: { id: "r1", version: 1, name: "All" },
        trigger: { type: "interaction.received", eventId: "e1" },
        note: "שלום 👋",
        interaction,
      },
    });
    expect(summary.bytes).toBe(Buffer.byteLength(body));
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body.replace("refund", "Refund"), headers)).toThrow(
      WebhookVerificationError,
    );
  });
});
