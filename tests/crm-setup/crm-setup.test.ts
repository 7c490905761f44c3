import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../fakes/hubspot";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";

/** Runs `npx tsx scripts/crm-setup.ts <args>` with only the given CRM settings (plus PATH and the like). */
function crmSetup(args: string[], env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SALESFORCE_|HUBSPOT_|CRM_MAPPING)/.test(key)),
  ) as Record<string, string>;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "npx",
      ["tsx", "scripts/crm-setup.ts", ...args],
      { env: { ...base, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("npm run crm:setup", () => {
  let salesforce: SalesforceFake | undefined;
  let hubspot: HubSpotFake | undefined;
  afterEach(async () => {
    await salesforce?.stop();
    await hubspot?.stop();
    salesforce = hubspot = undefined;
  });
  const sfEnv = (fake: SalesforceFake) => ({
    SALESFORCE_INSTANCE_URL: fake.url,
    SALESFORCE_ACCESS_TOKEN: fake.accessToken,
  });

  it("salesforce: a complete org passes", async () => {
    salesforce = await startSalesforceFake();
    const run = await crmSetup(["salesforce"], sfEnv(salesforce));
    expect(run.stdout).toContain("ok      Case.SCRM_Case_Key__c");
    expect(run.stdout).toContain("Salesforce org is ready.");
    expect(run.code).toBe(0);
  });

  it("salesforce: an org missing SCRM_Case_Key__c fails and prints the field's metadata", async () => {
    salesforce = await startSalesforceFake({ missingFields: { Case: ["SCRM_Case_Key__c"] } });
    const run = await crmSetup(["salesforce"], sfEnv(salesforce));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("MISSING Case.SCRM_Case_Key__c");
    expect(run.stdout).toContain("--- force-app/main/default/objects/Case/fields/SCRM_Case_Key__c.field-meta.xml");
    expect(run.stdout).toContain("<fullName>SCRM_Case_Key__c</fullName>");
    expect(run.stdout).toContain("<externalId>true</externalId>");
    expect(run.stdout).toContain("<unique>true</unique>");
  });

  it("salesforce: client credentials work too", async () => {
    salesforce = await startSalesforceFake({ clientId: "cid", clientSecret: "secret" });
    const run = await crmSetup(["salesforce"], {
      SALESFORCE_LOGIN_URL: salesforce.loginUrl,
      SALESFORCE_CLIENT_ID: "cid",
      SALESFORCE_CLIENT_SECRET: "secret",
    });
    expect(run.code).toBe(0);
  });

  it("salesforce: the JWT bearer flow works too, and the org-wide field names of CRM_MAPPING are checked", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    salesforce = await startSalesforceFake({ clientId: "cid", jwtPublicKey: publicKey });
    const run = await crmSetup(["salesforce"], {
      SALESFORCE_LOGIN_URL: salesforce.loginUrl,
      SALESFORCE_CLIENT_ID: "cid",
      SALESFORCE_USERNAME: salesforce.username,
      SALESFORCE_PRIVATE_KEY: privateKey,
      CRM_MAPPING: JSON.stringify({ salesforce: { mapping: { caseKeyField: "Social_Case_Key__c" } } }),
    });
    expect(run.stdout).toContain("MISSING Case.Social_Case_Key__c");
    expect(run.stdout).toContain("ok      Contact.SCRM_Social_Handle__c");
    expect(run.code).toBe(1);
  });

  it("hubspot: creates 3 properties the first time, none the second", async () => {
    hubspot = await startHubSpotFake();
    const env = { HUBSPOT_ACCESS_TOKEN: "test-token", HUBSPOT_BASE_URL: hubspot.url };
    const first = await crmSetup(["hubspot"], env);
    expect(first.code).toBe(0);
    expect(first.stdout.match(/^created /gm)).toHaveLength(3);
    expect(first.stdout).toContain("created tickets.scrm_case_key");
    const second = await crmSetup(["hubspot"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("created ");
    expect(second.stdout).toContain("nothing created");
  });

  it("refuses an unknown target or a missing configuration", async () => {
    expect((await crmSetup(["zoho"], {})).code).toBe(2);
    const run = await crmSetup(["salesforce"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Salesforce is not configured");
  });
});
