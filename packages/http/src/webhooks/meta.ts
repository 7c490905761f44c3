import { authError, constantTimeEqual, unavailable, verifyPrefixedSignature } from "@scrm/core";
import type { Env, Hono } from "hono";
import * as z from "zod";
import { errorResponse } from "../errors";
import { type AcceptDeps, acceptDelivery } from "./accept";
import { parseJsonObject, rawBody, webhookBodyLimit } from "./raw-body";

export interface MetaWebhookConfig {
  /** `META_APP_SECRET`: the first signs, all verify (rotation). */
  appSecrets: readonly string[] | undefined;
  verifyToken: string | undefined;
}

/** The answer to an accepted delivery. */
export const WebhookAccepted = z
  .object({ status: z.literal("accepted"), deliveryId: z.string() })
  .meta({ id: "WebhookAccepted" });

export function registerMetaWebhook(app: Hono<Env>, config: MetaWebhookConfig, deps: AcceptDeps) {
  const limitBody = webhookBodyLimit();
  // Plain handlers, documented in ./routes: the signature is checked over the raw bytes before
  // anything parses them, so an unsigned malformed body is a 401, not a 400.

  app.get("/webhooks/meta", (c) => {
    if (!config.verifyToken) {
      throw unavailable("webhook.not_configured", "Meta webhooks are not configured: set META_VERIFY_TOKEN", {
        variable: "META_VERIFY_TOKEN",
      });
    }
    const mode = c.req.query("hub.mode");
    const challenge = c.req.query("hub.challenge");
    if (mode !== "subscribe" || challenge === undefined) {
      return errorResponse(c, 400, "webhook.invalid_handshake", "expected hub.mode=subscribe and hub.challenge");
    }
    if (!constantTimeEqual(c.req.query("hub.verify_token") ?? "", config.verifyToken)) {
      return errorResponse(c, 403, "webhook.invalid_verify_token", "hub.verify_token does not match META_VERIFY_TOKEN");
    }
    return c.text(challenge, 200);
  });

  app.post(
    "/webhooks/meta",
    async (c, next) => {
      // Checked before the body is read: an unconfigured platform never accepts unsigned input.
      if (!config.appSecrets?.length) {
        throw unavailable("webhook.not_configured", "Meta webhooks are not configured: set META_APP_SECRET", {
          variable: "META_APP_SECRET",
        });
      }
      return limitBody(c, next);
    },
    async (c) => {
      const bytes = await rawBody(c);
      const check = verifyPrefixedSignature({
        header: c.req.header("x-hub-signature-256"),
        prefix: "sha256",
        algorithm: "sha256",
        encoding: "hex",
        secrets: config.appSecrets ?? [],
        body: bytes,
      });
      if (!check.ok) {
        throw authError(
          `webhook.signature_${check.reason}`,
          check.reason === "missing"
            ? "X-Hub-Signature-256 header is missing"
            : `X-Hub-Signature-256 ${check.reason === "malformed" ? "is not sha256=<hex>" : "does not match the body"}`,
        );
      }
      const { text } = parseJsonObject(bytes);
      const stored = await acceptDelivery(deps, "meta", text);
      return c.json(WebhookAccepted.parse({ status: "accepted", deliveryId: stored.id }), 200);
    },
  );
}
