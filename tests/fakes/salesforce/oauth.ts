import { createHmac, createVerify, type KeyObject, randomBytes } from "node:crypto";

/**
 * `POST /services/oauth2/token` for the two server-to-server flows:
 * - client credentials (`grant_type=client_credentials`, client id and secret in the form or as HTTP
 *   Basic): answers access_token, signature, scope, instance_url, id, token_type, issued_at;
 * - JWT bearer (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`, `assertion=<JWT>`): the
 *   JWT must be well formed, RS256, `iss` = the connected app's client id, signed by the key whose
 *   certificate the app holds (verified only when a public key is configured; otherwise any
 *   signature is accepted), with a known `aud`, an unexpired `exp`, and as `sub` a user the app is
 *   pre-authorized for (else `user hasn't approved this consumer`). Answers access_token, scope,
 *   instance_url, id, token_type (Salesforce's documented JWT answer has no signature or issued_at).
 * Failures answer 400 `{ error, error_description }` as the OAuth endpoints do.
 */

export interface OAuthConfig {
  clientId?: string;
  clientSecret?: string;
  jwtPublicKey?: KeyObject | string;
  /** Usernames the connected app is pre-authorized for (the JWT's `sub`). */
  jwtUsernames: readonly string[];
  loginUrl: string;
  instanceUrl: string;
  identityUrl: string;
  /** Registers and returns a fresh access token. */
  issue(): string;
}

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

const jwtGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

const fail = (error: string, description: string): OAuthAnswer => ({
  status: 400,
  body: { error, error_description: description },
});

export function tokenRequest(
  form: URLSearchParams,
  authorization: string | undefined,
  config: OAuthConfig,
): OAuthAnswer {
  const grant = form.get("grant_type");
  if (!grant) return fail("invalid_request", "grant type not supported");
  if (grant === "client_credentials") return clientCredentials(form, authorization, config);
  if (grant === jwtGrant) return jwtBearer(form.get("assertion"), config);
  return fail("unsupported_grant_type", "grant type not supported");
}

function clientCredentials(form: URLSearchParams, authorization: string | undefined, config: OAuthConfig) {
  let id = form.get("client_id");
  let secret = form.get("client_secret");
  if (authorization?.startsWith("Basic ")) {
    const [user, pass] = Buffer.from(authorization.slice(6), "base64").toString("utf8").split(":");
    id = decodeURIComponent(user ?? "");
    secret = decodeURIComponent(pass ?? "");
  }
  if (!config.clientId || id !== config.clientId) return fail("invalid_client_id", "client identifier invalid");
  if (secret !== config.clientSecret) return fail("invalid_client", "invalid client credentials");
  const issuedAt = String(Date.now());
  const signature = createHmac("sha256", config.clientSecret ?? "")
    .update(config.identityUrl + issuedAt)
    .digest("base64");
  return {
    status: 200,
    body: {
      access_token: config.issue(),
      signature,
      scope: "api",
      instance_url: config.instanceUrl,
      id: config.identityUrl,
      token_type: "Bearer",
      issued_at: issuedAt,
    },
  };
}

function jwtBearer(assertion: string | null, config: OAuthConfig): OAuthAnswer {
  const parts = assertion?.split(".") ?? [];
  const [headerPart, payloadPart, signaturePart] = parts;
  if (parts.length !== 3 || !headerPart || !payloadPart || signaturePart === undefined)
    return fail("invalid_grant", "invalid assertion");
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  if (!header || !claims || header.alg !== "RS256") return fail("invalid_grant", "invalid assertion");
  if (!config.clientId || claims.iss !== config.clientId) return fail("invalid_client_id", "client identifier invalid");
  // The app (known by `iss`) holds the certificate its assertions are checked with.
  if (config.jwtPublicKey) {
    const verifier = createVerify("RSA-SHA256").update(`${headerPart}.${payloadPart}`);
    if (!verifier.verify(config.jwtPublicKey, Buffer.from(signaturePart, "base64url")))
      return fail("invalid_grant", "invalid assertion");
  }
  if (typeof claims.sub !== "string" || claims.sub === "") return fail("invalid_grant", "invalid assertion");
  const audiences = [config.loginUrl, "https://login.salesforce.com", "https://test.salesforce.com"];
  if (!audiences.includes(String(claims.aud))) return fail("invalid_grant", "audience is invalid");
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now())
    return fail("invalid_grant", "expired authorization code");
  if (!config.jwtUsernames.includes(claims.sub)) return fail("invalid_grant", "user hasn't approved this consumer");
  return {
    status: 200,
    body: {
      access_token: config.issue(),
      scope: "api",
      instance_url: config.instanceUrl,
      id: config.identityUrl,
      token_type: "Bearer",
    },
  };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Looks like a Salesforce session id: the org id, "!", then an opaque part. */
export function newAccessToken(orgId: string): string {
  return `${orgId.slice(0, 15)}!${randomBytes(48).toString("base64url")}`;
}
