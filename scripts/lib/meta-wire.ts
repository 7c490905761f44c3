import { createHmac } from "node:crypto";

/**
 * Serialises like Meta does on the wire: `/` escaped as `\/` and every non-ASCII character as
 * `\uXXXX`. Meta signs these exact bytes, so a receiver that re-serialises cannot verify.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function metaSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Sends one signed delivery, as Meta would, to `<baseUrl>/webhooks/meta`. */
export async function sendMetaDelivery(baseUrl: string, secret: string, payload: unknown): Promise<Response> {
  const body = typeof payload === "string" ? payload : metaJson(payload);
  return fetch(`${baseUrl}/webhooks/meta`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": metaSignature(secret, body),
      "user-agent": "facebookexternalua",
    },
    body,
  });
}
