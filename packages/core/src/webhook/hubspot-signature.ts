import { createHmac } from "node:crypto";
import { constantTimeEqual } from "./signature";

/** HubSpot rejects nothing older than this itself; we reject signed requests older than 5 minutes. */
export const hubspotMaxAgeMs = 5 * 60_000;

/** The percent-encoded characters HubSpot decodes in the URI before signing (and only these). */
const decoded: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/** The request URI as HubSpot signs it: the full URL it called, with the listed characters decoded. */
export const hubspotSignedUri = (url: string) =>
  url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => decoded[match.toUpperCase()] ?? match);

/** `base64(HMAC-SHA256(client secret, method + URI + body + timestamp))`, over the body's exact bytes. */
export function hubspotSignatureV3(
  secret: string,
  request: { method: string; url: string; body: Uint8Array; timestamp: string },
): string {
  return createHmac("sha256", secret)
    .update(`${request.method.toUpperCase()}${hubspotSignedUri(request.url)}`)
    .update(request.body)
    .update(request.timestamp)
    .digest("base64");
}

export type HubSpotSignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };

/**
 * Verifies `X-HubSpot-Signature-v3` as HubSpot documents it: the timestamp
 * (`X-HubSpot-Request-Timestamp`, ms) must be within 5 minutes of now (either way: a clock ahead by
 * more is refused too), and the signature must match for one of the secrets (rotation).
 */
export function verifyHubSpotSignatureV3(options: {
  signature: string | undefined;
  timestamp: string | undefined;
  method: string;
  url: string;
  body: Uint8Array;
  secrets: readonly string[];
  now: Date;
}): HubSpotSignatureCheck {
  const { signature, timestamp, secrets } = options;
  if (!signature || !timestamp) return { ok: false, reason: "missing" };
  if (!/^\d{1,16}$/.test(timestamp.trim())) return { ok: false, reason: "malformed" };
  if (Math.abs(options.now.getTime() - Number(timestamp)) > hubspotMaxAgeMs) return { ok: false, reason: "expired" };
  const request = { method: options.method, url: options.url, body: options.body, timestamp: timestamp.trim() };
  let matched = false;
  for (const secret of secrets) {
    // No early exit: every secret is tried so timing does not reveal which one matched.
    if (constantTimeEqual(signature.trim(), hubspotSignatureV3(secret, request))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "mismatch" };
}
