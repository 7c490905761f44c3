import { randomBytes } from "node:crypto";
import * as z from "zod";

/**
 * A Standard Webhooks signing secret (apart from the signing, so configuration can check one
 * without loading the Standard Webhooks library): `whsec_` and the base64 of 24–64 random bytes. Receivers
 * verify with any Standard Webhooks library (`new Webhook(secret).verify(body, headers)`).
 */
export const NotifySigningSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "a Standard Webhooks secret: whsec_<base64>")
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice("whsec_".length), "base64").length;
    return bytes >= 24 && bytes <= 64;
  }, "the secret must hold 24 to 64 bytes");

/** A new secret (32 random bytes), for a stack started without `NOTIFY_SIGNING_SECRET`. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
