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
  return bodyLimit({
    maxSize: maxWebhookBytes,
    onError: (c) => {
      // The rest of the body is never read: the connection cannot be reused for another request.
      c.header("connection", "close");
      return errorResponse(c, 413, "webhook.too_large", `body exceeds ${maxWebhookBytes} bytes (1 MiB)`, {
        limitBytes: maxWebhookBytes,
      });
    },
  });
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
