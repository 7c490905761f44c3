import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, verifyPrefixedSignature } from "./signature";

const body = new TextEncoder().encode('{"object":"page","text":"\\u05e9\\u05dc\\u05d5\\u05dd"}');
const sign = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
const check = (header: string | undefined, secrets = ["s3cret"]) =>
  verifyPrefixedSignature({ header, prefix: "sha256", algorithm: "sha256", encoding: "hex", secrets, body });

describe("verifyPrefixedSignature", () => {
  it.each([
    ["a valid signature", sign("s3cret"), { ok: true }],
    ["upper-case hex", sign("s3cret").toUpperCase().replace("SHA256=", "sha256="), { ok: true }],
    ["another secret", sign("other"), { ok: false, reason: "mismatch" }],
    ["no header", undefined, { ok: false, reason: "missing" }],
    ["the wrong algorithm prefix", sign("s3cret").replace("sha256=", "sha1="), { ok: false, reason: "malformed" }],
    ["an empty digest", "sha256=", { ok: false, reason: "malformed" }],
    ["a truncated digest", sign("s3cret").slice(0, -2), { ok: false, reason: "mismatch" }],
  ])("%s", (_name, header, expected) => {
    expect(check(header)).toEqual(expected);
  });

  it("accepts the previous secret during rotation", () => {
    expect(check(sign("old"), ["new", "old"])).toEqual({ ok: true });
  });
});

describe("constantTimeEqual", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "abcd", false],
    ["", "", true],
  ])("%s vs %s", (a, b, expected) => expect(constantTimeEqual(a, b)).toBe(expected));
});
