import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  configuredIntegrations,
  type Interaction,
  type Logger,
  parseConfig,
  type SyncItem,
  type SyncResult,
} from "@scrm/core";
import { SalesforceConnector, salesforceFromConfig } from "@scrm/salesforce";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";
import { sampleInteraction } from "../support/interactions";
import { removeDir } from "../support/stack";

const logger: Logger = { info() {}, warn() {}, error() {} };
const clientId = "3MVG9-scrm-relay-connected-app";
const jwtGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** An RSA key pair as PEM, like `openssl req -newkey rsa:2048` makes for a connected app's certificate. */
const keyPair = () =>
  generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });

const item = (n: number, overrides: Partial<Interaction> = {}): SyncItem => ({
  interaction: sampleInteraction(n, { author: { id: `user-${n}`, handle: `user${n}` }, ...overrides }),
  caseKey: `jwt-case-${n}`,
  caseState: "new",
});
const ok = (result: SyncResult | undefined) => {
  if (!result?.ok) throw new Error(`sync failed: ${JSON.stringify(result)}`);
  return result.recordIds;
};

describe("Salesforce OAuth 2.0 JWT bearer flow, against the fake with the real jsforce", () => {
  const { publicKey, privateKey } = keyPair();
  let fake: SalesforceFake;
  const tokenRequests = () => fake.requests.filter((request) => request.path === "/services/oauth2/token");
  const connector = (auth: Partial<{ username: string; privateKey: string }> = {}) =>
    new SalesforceConnector({
      auth: { loginUrl: fake.loginUrl, clientId, username: fake.username, privateKey, ...auth },
      logger,
      social: "off",
      retryDelaysMs: [10],
    });

  beforeAll(async () => {
    fake = await startSalesforceFake({ clientId, jwtPublicKey: publicKey });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it("logs in with a signed assertion and syncs", async () => {
    const started = Math.floor(Date.now() / 1000);
    const results = await connector().sync([item(1), item(2)]);
    results.map(ok);
    expect(fake.records("Case").map((record) => record.SCRM_Case_Key__c)).toEqual(["jwt-case-1", "jwt-case-2"]);

    const [request] = tokenRequests();
    expect(tokenRequests()).toHaveLength(1);
    // Only the grant and the assertion: the flow sends no client secret.
    const form = request?.body as Record<string, string>;
    expect(Object.keys(form).sort()).toEqual(["assertion", "grant_type"]);
    expect(form.grant_type).toBe(jwtGrant);
    expect(decodeProtectedHeader(form.assertion ?? "")).toEqual({ alg: "RS256" });
    const claims = decodeJwt(form.assertion ?? "");
    expect(claims).toMatchObject({ iss: clientId, sub: fake.username, aud: fake.loginUrl });
    expect(claims.exp).toBeGreaterThanOrEqual(started + 170);
    expect(claims.exp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 180);
  });

  it("a key that does not match the app's certificate is the sync's error, saying so, not a crash", async () => {
    const results = await connector({ privateKey: keyPair().privateKey }).sync([item(3)]);
    expect(results).toEqual([
      {
        ok: false,
        retryable: true,
        error: {
          code: "invalid_grant",
          message: expect.stringMatching(
            /^Salesforce refused the JWT bearer login at .*\/services\/oauth2\/token: invalid_grant: invalid assertion — the private key does not match the certificate/,
          ),
        },
      },
    ]);
    expect(fake.records("Case")).toHaveLength(0);
  });

  it("a user the app is not pre-authorized for is named as such; the next sync logs in again", async () => {
    const sf = connector({ username: "someone.else@example.com" });
    const [refused] = await sf.sync([item(4)]);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: "invalid_grant",
        message: expect.stringContaining("user hasn't approved this consumer — pre-authorize"),
      },
    });
    await sf.sync([item(4)]);
    // A refused login is not kept: each sync asks again (so approving the user fixes it without a restart).
    expect(tokenRequests()).toHaveLength(2);
  });

  it("an expired session (INVALID_SESSION_ID) logs in again and the sync succeeds", async () => {
    const sf = connector();
    ok((await sf.sync([item(5)]))[0]);
    fake.faults.expireSessions();
    const before = fake.requests.length;
    ok((await sf.sync([item(6)]))[0]);
    const after = fake.requests.slice(before).map((request) => request.path.split("/").at(-1));
    // The refused call, the login, the same call again.
    expect(after).toEqual(["composite", "token", "composite"]);
    expect(tokenRequests()).toHaveLength(2);
    expect(fake.records("Case").map((record) => record.SCRM_Case_Key__c)).toContain("jwt-case-6");
  });
});

describe("JWT bearer settings (SALESFORCE_USERNAME, SALESFORCE_PRIVATE_KEY / _FILE)", () => {
  const { publicKey, privateKey } = keyPair();
  const folder = mkdtempSync(join(tmpdir(), "scrm-jwt-"));
  let fake: SalesforceFake;
  beforeAll(async () => {
    fake = await startSalesforceFake({ clientId, jwtPublicKey: publicKey });
  });
  afterAll(async () => {
    await fake.stop();
    removeDir(folder);
  });
  const env = () => ({
    SALESFORCE_LOGIN_URL: fake.loginUrl,
    SALESFORCE_CLIENT_ID: clientId,
    SALESFORCE_USERNAME: fake.username,
  });

  it("a key given as one line with \\n escapes, or as a file, configures Salesforce", async () => {
    const keyFile = join(folder, "server.key");
    writeFileSync(keyFile, privateKey);
    for (const key of [
      { SALESFORCE_PRIVATE_KEY: privateKey.trim().replace(/\n/g, "\\n") },
      { SALESFORCE_PRIVATE_KEY_FILE: keyFile },
    ]) {
      const config = parseConfig({ ...env(), ...key });
      expect(configuredIntegrations(config).crms.salesforce).toBe(true);
      const sf = salesforceFromConfig(config, logger, { social: "off" });
      ok((await (sf as SalesforceConnector).sync([item(10)]))[0]);
    }
  });

  it("a half-done or broken setup fails at start, naming the variable", () => {
    const build = (variables: Record<string, string>) => () => salesforceFromConfig(parseConfig(variables), logger);
    expect(
      build({
        SALESFORCE_LOGIN_URL: fake.loginUrl,
        SALESFORCE_CLIENT_ID: clientId,
        SALESFORCE_PRIVATE_KEY: privateKey,
      }),
    ).toThrow("the Salesforce JWT bearer flow also needs SALESFORCE_USERNAME");
    expect(build(env())).toThrow("the JWT bearer flow needs SALESFORCE_PRIVATE_KEY or SALESFORCE_PRIVATE_KEY_FILE");
    expect(
      build({
        ...env(),
        SALESFORCE_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nnot a key\\n-----END PRIVATE KEY-----",
      }),
    ).toThrow(/^SALESFORCE_PRIVATE_KEY: not a PEM private key/);
    const ec = generateKeyPairSync("ec", {
      namedCurve: "P-256",
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    expect(build({ ...env(), SALESFORCE_PRIVATE_KEY: ec.privateKey })).toThrow(
      "SALESFORCE_PRIVATE_KEY: an RSA key is needed for RS256, this one is ec",
    );
    expect(build({ ...env(), SALESFORCE_PRIVATE_KEY_FILE: join(folder, "missing.key") })).toThrow(
      /^SALESFORCE_PRIVATE_KEY_FILE: ENOENT/,
    );
    expect(configuredIntegrations(parseConfig(env())).crms.salesforce).toBe(false);
  });
});
