import { fileURLToPath } from "node:url";
import { lazyCredentialProviders } from "@scrm/aws/bundling";
import { sstSecretNames } from "@scrm/aws/secret-names";
import { describe, expect, it } from "vitest";
import { installSstStandIns, type Recorded } from "../support/sst-stand-ins";

/** What the deploy would create on a stage whose secrets were set to `values` (by configuration variable). */
async function deployWith(values: Partial<Record<keyof typeof sstSecretNames, string>>): Promise<Recorded> {
  const byName = Object.fromEntries(
    Object.entries(values).map(([variable, value]) => [sstSecretNames[variable as keyof typeof sstSecretNames], value]),
  );
  const { recorded, uninstall } = installSstStandIns(byName);
  try {
    const configFile = fileURLToPath(new URL("../../sst.config.ts", import.meta.url));
    const config = (await import(/* @vite-ignore */ configFile)).default as { run(): Promise<unknown> };
    await config.run();
    return recorded;
  } finally {
    uninstall();
  }
}

const environmentOf = (recorded: Recorded, component: string) =>
  recorded.functions.find((fn) => fn.component === component)?.args.environment as Record<string, unknown> | undefined;

describe("CRM_TARGETS: what /healthz reports on AWS, worked out from the stage's secrets at deploy", () => {
  it("names the CRMs whose credentials are complete, for the two functions that answer /healthz only", async () => {
    const recorded = await deployWith({
      HUBSPOT_ACCESS_TOKEN: "pat-eu1-123",
      SALESFORCE_LOGIN_URL: "https://login.salesforce.com",
      SALESFORCE_CLIENT_ID: "3MVG9",
      SALESFORCE_USERNAME: "relay@example.com",
      SALESFORCE_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----",
    });
    expect(environmentOf(recorded, "Webhook")?.CRM_TARGETS).toBe("salesforce,hubspot");
    expect(environmentOf(recorded, "AdminApi")?.CRM_TARGETS).toBe("salesforce,hubspot");
    // The function that holds the credentials decides from them, and is not told.
    const syncCrm = recorded.functions.find((fn) => fn.args.handler === "functions/sync-crm.handler");
    expect((syncCrm?.args.environment as Record<string, unknown>)?.CRM_TARGETS).toBeUndefined();
  });

  it("leaves out a CRM whose credentials are incomplete, and says nothing on a stage without CRMs", async () => {
    const partial = await deployWith({ SALESFORCE_LOGIN_URL: "https://login.salesforce.com" });
    expect(environmentOf(partial, "Webhook")?.CRM_TARGETS).toBe("");
    const none = await deployWith({});
    expect(environmentOf(none, "AdminApi")?.CRM_TARGETS).toBe("");
  });

  it("every function is bundled with the AWS SDK inside but for the lazily imported credential providers", async () => {
    const recorded = await deployWith({});
    for (const fn of recorded.functions) {
      const nodejs = fn.args.nodejs as { esbuild?: { external?: string[] } } | undefined;
      expect(nodejs?.esbuild?.external, fn.component).toEqual([...lazyCredentialProviders]);
    }
  });
});
