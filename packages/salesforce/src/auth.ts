import { createPrivateKey, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";
import { Connection, OAuth2 } from "jsforce";

/**
 * How to reach the org: a given access token; OAuth 2.0 client credentials against a login URL; or
 * the OAuth 2.0 JWT bearer flow — an assertion signed with the connected app's private key (RS256)
 * for a user the app is pre-authorized for.
 */
export type SalesforceAuth =
  | { instanceUrl: string; accessToken: string }
  | { loginUrl: string; clientId: string; clientSecret: string }
  | {
      loginUrl: string;
      clientId: string;
      /** The user the integration acts as (the assertion's `sub`). */
      username: string;
      /** The private key (PEM, PKCS#8 or PKCS#1) whose certificate the connected app holds. */
      privateKey: string;
      /** The assertion's `aud`; default `jwtAudience(loginUrl)`. */
      audience?: string;
    };

/** The REST API version every call uses (sObject Collections upsert needs 46.0 or later). */
export const salesforceApiVersion = "60.0";

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** How long an assertion is valid: Salesforce asks for an expiry within 3 minutes. */
const assertionLifetimeSeconds = 180;

/**
 * The `aud` of a JWT bearer assertion for a login URL. Salesforce takes the authorization server:
 * `https://login.salesforce.com`, `https://test.salesforce.com` (sandboxes) or an Experience Cloud
 * site's URL — not a My Domain URL, even when the token is asked of it (the Salesforce CLI maps them
 * the same way). Anything else (a site, a local stand-in) is its own audience.
 */
export function jwtAudience(loginUrl: string): string {
  const url = new URL(loginUrl);
  const host = url.hostname.toLowerCase();
  if (host === "test.salesforce.com" || host.endsWith(".sandbox.my.salesforce.com"))
    return "https://test.salesforce.com";
  if (host === "login.salesforce.com" || host.endsWith(".my.salesforce.com")) return "https://login.salesforce.com";
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Reads a PEM private key; it must be RSA, as RS256 needs. Throws a message fit for a configuration error. */
export function rsaPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`not a PEM private key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (key.asymmetricKeyType !== "rsa")
    throw new Error(`an RSA key is needed for RS256, this one is ${key.asymmetricKeyType}`);
  return key;
}

/**
 * The token endpoint refused a login: `errorCode` is the OAuth error (`invalid_grant`,
 * `invalid_client_id`, or `ERROR_HTTP_503` for an unavailable endpoint), the message says what to fix.
 */
export class SalesforceLoginFailed extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = "SalesforceLoginFailed";
  }
}

/** What the usual refusals of a JWT bearer login mean, from Salesforce's OAuth error answers. */
const jwtHints: Array<[RegExp, string]> = [
  [
    /hasn't approved this consumer/i,
    "pre-authorize the user: in the connected app's policies set Permitted Users to “Admin approved users are pre-authorized” and add the user's profile or permission set",
  ],
  [/invalid assertion|signature/i, "the private key does not match the certificate uploaded to the connected app"],
  [
    /audience/i,
    "the audience (aud) is wrong for this org: set the login URL to login.salesforce.com, test.salesforce.com or the org's My Domain",
  ],
  [/expired/i, "the assertion expired on arrival: check this machine's clock"],
  [/client identifier invalid|invalid_client_id/i, "SALESFORCE_CLIENT_ID is not the connected app's consumer key"],
];

/** The token endpoint's answer, or a `SalesforceLoginFailed` naming the OAuth error (and, for JWT, the likely fix). */
async function requestToken(oauth2: OAuth2, params: { grant_type: string; [name: string]: string }, flow: string) {
  try {
    return (await oauth2.requestToken(params)) as { access_token: string; instance_url: string };
  } catch (error) {
    // jsforce throws the OAuth error answer as an Error named after `error`, with `error_description` as message.
    const name = error instanceof Error ? error.name : "";
    if (!(error instanceof Error) || !/^(invalid_|unsupported_|unauthorized_|ERROR_HTTP_)/.test(name)) throw error;
    const hint =
      flow === "JWT bearer" ? jwtHints.find(([pattern]) => pattern.test(`${name} ${error.message}`)) : undefined;
    throw new SalesforceLoginFailed(
      name,
      `Salesforce refused the ${flow} login at ${oauth2.tokenServiceUrl}: ${name}: ${error.message}${hint ? ` — ${hint[1]}` : ""}`,
    );
  }
}

/**
 * A jsforce connection, authenticated. With client credentials or JWT bearer the token is fetched
 * once, and again when the org answers INVALID_SESSION_ID (see the connector's `call`).
 */
export async function connect(auth: SalesforceAuth): Promise<Connection> {
  if ("accessToken" in auth) {
    return new Connection({
      instanceUrl: auth.instanceUrl,
      accessToken: auth.accessToken,
      version: salesforceApiVersion,
    });
  }
  if ("clientSecret" in auth) {
    const oauth2 = new OAuth2({ loginUrl: auth.loginUrl, clientId: auth.clientId, clientSecret: auth.clientSecret });
    const token = await requestToken(oauth2, { grant_type: "client_credentials" }, "client credentials");
    return new Connection({
      oauth2,
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      version: salesforceApiVersion,
    });
  }
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(auth.clientId)
    .setSubject(auth.username)
    .setAudience(auth.audience ?? jwtAudience(auth.loginUrl))
    .setExpirationTime(Math.floor(Date.now() / 1000) + assertionLifetimeSeconds)
    .sign(rsaPrivateKey(auth.privateKey));
  // No client id or secret in the form: the assertion carries the client id, and the flow takes no secret.
  const oauth2 = new OAuth2({ loginUrl: auth.loginUrl });
  const token = await requestToken(oauth2, { grant_type: jwtBearerGrant, assertion }, "JWT bearer");
  return new Connection({
    instanceUrl: token.instance_url,
    accessToken: token.access_token,
    version: salesforceApiVersion,
  });
}
