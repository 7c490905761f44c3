import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hubspotSignatureV3, hubspotSignedUri, verifyHubSpotSignatureV3 } from "./hubspot-signature";

// HubSpot's documented inputs (request-validation page); the docs give no v3 digest, so the expected
// value is computed here the documented way: base64(HMAC-SHA256(secret, method + URI + body + timestamp)).
const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const body = '{"example_field":"example_value"}';
const url = "https://www.example.com/webhook_uri";
const now = new Date("2026-11-22T12:00:00.000Z");
const timestamp = String(now.getTime() - 60_000);
const documented = (source: string) => createHmac("sha256", secret).update(source, "utf8").digest("base64");
const bytes = new TextEncoder().encode(body);
const check = (overrides: Partial<Parameters<typeof verifyHubSpotSignatureV3>[0]> = {}) =>
  verifyHubSpotSignatureV3({
    signature: documented(`POST${url}${body}${timestamp}`),
    timestamp,
    method: "POST",
    url,
    body: bytes,
    secrets: [secret],
    now,
    ...overrides,
  });

describe("X-HubSpot-Signature-v3", () => {
  it("signs method + URI + body + timestamp with the client secret, base64", () => {
    expect(hubspotSignatureV3(secret, { method: "POST", url, body: bytes, timestamp })).toBe(
      documented(`POST${url}${body}${timestamp}`),
    );
    expect(check()).toEqual({ ok: true });
  });

  it("decodes only the characters HubSpot lists in the URI", () => {
    expect(hubspotSignedUri("https://x.test/h?a=b%3Ac%2Fd%3Fe%40f%21g%24h%27i%28j%29k%2Al%2Cm%3Bn%20o%26p")).toBe(
      "https://x.test/h?a=b:c/d?e@f!g$h'i(j)k*l,m;n%20o%26p",
    );
    const encoded = "https://x.test/h?portal=1&u=a%40b.c";
    expect(
      check({ url: encoded, signature: documented(`POST${"https://x.test/h?portal=1&u=a@b.c"}${body}${timestamp}`) }),
    ).toEqual({ ok: true });
  });

  it("refuses a stale, missing, malformed or wrong signature; accepts any rotated secret", () => {
    expect(check({ now: new Date(now.getTime() + 5 * 60_000) })).toEqual({ ok: false, reason: "expired" });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(check({ timestamp: "yesterday" })).toEqual({ ok: false, reason: "malformed" });
    expect(check({ body: new TextEncoder().encode(`${body} `) })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ secrets: ["new-secret", secret] })).toEqual({ ok: true });
    expect(check({ secrets: ["new-secret"] })).toEqual({ ok: false, reason: "mismatch" });
  });
});
