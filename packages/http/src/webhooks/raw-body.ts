import { inputError } from "@scrm/core";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "../errors";

export const maxWebhookBytes = 1024 * 1024;

/**
 * Rejects bodies over 1 MiB with 413 before reading them whole (also when chunked, without a length).
 *
 * @example app.post("/webhooks/meta", webhookBodyLimit(), handler)
 */
export function webhookBodyLimit(): MiddlewareHandler {
  const tooLarge = (c: Context) => {
    // The rest of the body is never read: the connection cannot be reused for another request.
    c.header("connection", "close");
    return errorResponse(c, 413, "webhook.too_large", `body exceeds ${maxWebhookBytes} bytes (1 MiB)`, {
      limitBytes: maxWebhookBytes,
    });
  };
  const streamingLimit = bodyLimit({ maxSize: maxWebhookBytes, onError: tooLarge });
  return async (c, next) => {
    // A declared length is enforced by the HTTP parser, so the header alone decides; reading
    // `c.req.raw.body` (as the streaming limit does) would make the Node adapter build a full
    // web Request with streams for every delivery.
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      return Number(declared) > maxWebhookBytes ? tooLarge(c) : next();
    }
    return streamingLimit(c, next);
  };
}

/** The exact bytes as sent: signatures are verified over these, never over a re-serialised body. */
export async function rawBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a verified body as a JSON object; anything else is the sender's error (400). */
export function parseJsonObject(bytes: Uint8Array): { text: string; json: Record<string, unknown> } {
  let text: string;
  let json: unknown;
  try {
    text = utf8.decode(bytes);
    json = JSON.parse(text);
  } catch (cause) {
    throw inputError("webhook.invalid_json", `body is not valid UTF-8 JSON: ${(cause as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw inputError("webhook.invalid_json", "body must be a JSON object");
  }
  return { text, json: json as Record<string, unknown> };
}
