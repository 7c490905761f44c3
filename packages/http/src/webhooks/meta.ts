import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { authError, constantTimeEqual, unavailable, verifyPrefixedSignature } from "@scrm/core";
import { z } from "zod";
import { ErrorBody, errorResponse } from "../errors";
import { type AcceptDeps, acceptDelivery } from "./accept";
import { parseJsonObject, rawBody, webhookBodyLimit } from "./raw-body";

export interface MetaWebhookConfig {
  /** `META_APP_SECRET`: the first signs, all verify (rotation). */
  appSecrets: readonly string[] | undefined;
  verifyToken: string | undefined;
}

const Accepted = z.object({ status: z.literal("accepted"), deliveryId: z.string() }).meta({ id: "WebhookAccepted" });
const errors = {
  400: { description: "not parseable", content: { "application/json": { schema: ErrorBody } } },
  401: { description: "bad or missing signature", content: { "application/json": { schema: ErrorBody } } },
  413: { description: "body over 1 MiB", content: { "application/json": { schema: ErrorBody } } },
  503: {
    description: "secret not configured (names the variable)",
    content: { "application/json": { schema: ErrorBody } },
  },
} as const;

export const metaHandshakeRoute = createRoute({
  method: "get",
  path: "/webhooks/meta",
  tags: ["webhooks"],
  summary: "Meta subscription handshake: echoes hub.challenge when hub.verify_token matches META_VERIFY_TOKEN",
  request: {
    query: z.object({
      "hub.mode": z.string().optional(),
      "hub.verify_token": z.string().optional(),
      "hub.challenge": z.string().optional(),
    }),
  },
  responses: {
    200: { description: "the challenge, as text", content: { "text/plain": { schema: z.string() } } },
    400: errors[400],
    403: { description: "verify token does not match", content: { "application/json": { schema: ErrorBody } } },
    503: errors[503],
  },
});

export const metaDeliveryRoute = createRoute({
  method: "post",
  path: "/webhooks/meta",
  tags: ["webhooks"],
  summary: "Facebook Page feed, Messenger, Instagram and WhatsApp Cloud events, signed with X-Hub-Signature-256",
  request: {
    headers: z.object({ "x-hub-signature-256": z.string().optional().meta({ description: "sha256=<hex HMAC>" }) }),
    body: {
      content: { "application/json": { schema: z.object({ object: z.string(), entry: z.array(z.unknown()) }) } },
    },
  },
  responses: {
    200: {
      description: "stored durably; processed after this answer",
      content: { "application/json": { schema: Accepted } },
    },
    ...errors,
  },
});

export function registerMetaWebhook(app: OpenAPIHono, config: MetaWebhookConfig, deps: AcceptDeps) {
  const limitBody = webhookBodyLimit();
  // Documented from the schemas, but served by plain handlers: the signature is checked over the
  // raw bytes before anything parses them, so an unsigned malformed body is a 401, not a 400.
  app.openAPIRegistry.registerPath(metaHandshakeRoute);
  app.openAPIRegistry.registerPath(metaDeliveryRoute);

  app.get(metaHandshakeRoute.path, (c) => {
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
    metaDeliveryRoute.path,
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
      return c.json(Accepted.parse({ status: "accepted", deliveryId: stored.id }), 200);
    },
  );
}
