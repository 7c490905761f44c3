import { createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha1" | "sha256";

/** Constant-time string comparison that does not leak the expected length through early exit. */
export function constantTimeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  // Compare against itself when lengths differ so the time taken does not depend on where they differ.
  return timingSafeEqual(a, a.length === b.length ? b : a) && a.length === b.length;
}

export function hmac(algorithm: HmacAlgorithm, secret: string, body: Uint8Array, encoding: "hex" | "base64"): string {
  return createHmac(algorithm, secret).update(body).digest(encoding);
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "malformed" | "mismatch" };

/**
 * Checks `<prefix>=<digest>` over the exact bytes received, against every configured secret (the
 * first signs, the rest are still accepted while a secret is rotated).
 */
export function verifyPrefixedSignature(options: {
  header: string | undefined;
  prefix: string;
  algorithm: HmacAlgorithm;
  encoding: "hex" | "base64";
  secrets: readonly string[];
  body: Uint8Array;
}): SignatureCheck {
  const { header, prefix, algorithm, encoding, secrets, body } = options;
  if (!header) return { ok: false, reason: "missing" };
  const marker = `${prefix}=`;
  if (!header.startsWith(marker)) return { ok: false, reason: "malformed" };
  const given = header.slice(marker.length).trim();
  const digest = encoding === "hex" ? given.toLowerCase() : given;
  if (!digest) return { ok: false, reason: "malformed" };
  let matched = false;
  for (const secret of secrets) {
    // No early exit: every secret is tried so timing does not reveal which one matched.
    if (constantTimeEqual(digest, hmac(algorithm, secret, body, encoding))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "mismatch" };
}
