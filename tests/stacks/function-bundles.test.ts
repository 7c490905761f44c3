import { type FunctionName, functionAccess } from "@scrm/aws/function-access";
import { type SecretVariable, sstSecretNames } from "@scrm/aws/secret-names";
import { linkedSecrets } from "@scrm/aws/secrets";
import { beforeAll, describe, expect, it } from "vitest";
import { grantedActions, ungranted } from "../support/access-recorder";
import { bundle, type PropertyRead, parseBundle, propertyReads, sdkCommandActions } from "../support/bundle-access";

/**
 * Each function's code as esbuild bundles it (tree-shaken: only what its entry point reaches),
 * held against its entry in packages/aws/src/function-access.ts: the secrets it reads are exactly
 * the secrets it is linked to, and every DynamoDB or EventBridge action it is granted is one its
 * code can call.
 */
const functions = Object.keys(functionAccess) as FunctionName[];
const secretVariables = Object.keys(sstSecretNames) as SecretVariable[];

/**
 * `/healthz` says which integrations are configured: `configuredIntegrations` asks whether this
 * process holds each CRM's and platform's credentials. Functions not linked to them read them as
 * absent, on purpose (the report falls back on `CRM_TARGETS`); reads there justify no link and need
 * none. Any other read of a secret does. esbuild suffixes a name it had to rename.
 */
const healthReport = /^configuredIntegrations\d*$/;
const inHealthReport = (read: PropertyRead) => read.within.some((name) => healthReport.test(name));

/** The secrets read to do some work (the health report's reads aside), sorted. */
const secretsRead = (reads: readonly PropertyRead[]) =>
  [...new Set(reads.filter((read) => !inHealthReport(read)).map((read) => read.name))].sort();

/** Where the secrets a function reads and the secrets it is linked to disagree. */
const secretMismatch = (read: readonly string[], linked: readonly string[]) => ({
  readButNotLinked: read.filter((name) => !linked.includes(name)),
  linkedButNeverRead: linked.filter((name) => !read.includes(name)),
});

/** What each function's bundle reads of the secrets, and which SDK commands it can send. */
const analysed = new Map<FunctionName, { reads: PropertyRead[]; actions: Set<string> }>();
const analysis = (name: FunctionName) => {
  const found = analysed.get(name);
  if (!found) throw new Error(`functions/${name}.ts was not bundled`);
  return found;
};
const readsOf = (code: string) => propertyReads(parseBundle(code), secretVariables);

beforeAll(async () => {
  const codes = await Promise.all(functions.map((name) => bundle(`functions/${name}.ts`)));
  functions.forEach((name, index) => {
    const parsed = parseBundle(codes[index] as string);
    analysed.set(name, { reads: propertyReads(parsed, secretVariables), actions: sdkCommandActions(parsed) });
  });
}, 120_000);

describe("secret reads are found precisely", () => {
  it("counts property reads and destructuring, not object-literal keys, strings, writes or the health report", async () => {
    const code = await bundle({
      source: `
        import * as z from "zod";
        export const Schema = z.object({ META_APP_SECRET: z.string() });
        export const names = { ADMIN_TOKEN: "AdminToken", "META_VERIFY_TOKEN": "MetaVerifyToken" };
        export function settings(config: Record<string, string>) {
          config.CRM_MAPPING = "written, not read";
          const { HUBSPOT_ACCESS_TOKEN } = config;
          return [config.NOTIFY_SIGNING_SECRET, config["SALESFORCE_USERNAME"], HUBSPOT_ACCESS_TOKEN, "SALESFORCE_WEBHOOK_SECRET"];
        }
        export function configuredIntegrations(config: Record<string, string>) {
          return { salesforce: Boolean(config.SALESFORCE_CLIENT_ID) };
        }
      `,
    });
    const reads = readsOf(code);
    expect(secretsRead(reads)).toEqual(["HUBSPOT_ACCESS_TOKEN", "NOTIFY_SIGNING_SECRET", "SALESFORCE_USERNAME"]);
    expect(reads.filter(inHealthReport).map((read) => read.name)).toEqual(["SALESFORCE_CLIENT_ID"]);
  });

  it("composing the AWS adapters reads no secret: the signing secret comes in as an extra", async () => {
    const composed = await bundle({
      source: `
        import { composeAws } from "@scrm/aws";
        import { parseConfig } from "@scrm/core";
        export const deps = composeAws(parseConfig(process.env));
      `,
    });
    expect(secretsRead(readsOf(composed))).toEqual([]);
  });

  it("tells a function that reads a secret it is not linked to, and one linked to a secret it never reads", () => {
    const read = secretsRead(analysis("webhook").reads);
    expect(
      secretMismatch(read, ["META_VERIFY_TOKEN", "HUBSPOT_CLIENT_SECRET", "SALESFORCE_WEBHOOK_SECRET", "ADMIN_TOKEN"]),
    ).toEqual({ readButNotLinked: ["META_APP_SECRET"], linkedButNeverRead: ["ADMIN_TOKEN"] });
  });
});

describe("each function reads exactly the secrets it is linked to", () => {
  it.each(functions)("%s", (name) => {
    const linked = [...functionAccess[name].secrets].sort();
    expect(secretMismatch(secretsRead(analysis(name).reads), linked)).toEqual({
      readButNotLinked: [],
      linkedButNeverRead: [],
    });
  });

  it("only the health report reads secrets without a link, and only credentials", () => {
    const credentials = secretVariables.filter((name) => !["ADMIN_TOKEN", "NOTIFY_SIGNING_SECRET"].includes(name));
    for (const name of functions) {
      const reported = analysis(name).reads.filter(inHealthReport);
      for (const read of reported) expect(credentials, `${name} reports ${read.name}`).toContain(read.name);
    }
  });
});

describe("each function's grants are calls its code can make", () => {
  const dataPlane = new Set([...functions.flatMap((name) => [...grantedActions(name)])]);

  it.each(functions)("%s", (name) => {
    const reachable = analysis(name).actions;
    expect(ungranted(grantedActions(name), reachable), `${name} is granted what its bundle never calls`).toEqual([]);
    // Nothing beyond the data plane is reachable: no table administration, no Scan, no transactions.
    expect(ungranted(reachable, dataPlane), `${name} can call what no function is granted`).toEqual([]);
  });

  it("would catch a grant no code can use", () => {
    expect(ungranted(new Set(["dynamodb:Scan", "dynamodb:Query"]), analysis("run-rules").actions)).toEqual([
      "dynamodb:Scan",
    ]);
  });
});

describe("linkedSecrets, at a function's cold start", () => {
  /** Like SST's `Resource`: reading a name that is not linked throws; `in` tells whether it is. */
  const resources = (linked: Record<string, unknown>) =>
    new Proxy(linked, {
      get(target, name) {
        if (typeof name === "string" && !(name in target)) throw new Error(`"${name}" is not linked`);
        return target[name as string];
      },
    });
  const app = { App: { name: "scrm-relay", stage: "test" } };

  it("reads the function's own secrets, an empty placeholder as unset", () => {
    const linked = resources({ ...app, MetaAppSecret: { value: "s" }, HubSpotClientSecret: { value: "" } });
    expect(linkedSecrets(["META_APP_SECRET", "HUBSPOT_CLIENT_SECRET"], linked)).toEqual({ META_APP_SECRET: "s" });
  });

  it("fails a cold start under SST when a secret of its manifest entry is not linked, naming it", () => {
    expect(() =>
      linkedSecrets(functionAccess.webhook.secrets, resources({ ...app, MetaAppSecret: { value: "s" } })),
    ).toThrow(/META_VERIFY_TOKEN \(SST secret MetaVerifyToken\) is not linked/);
  });

  it("is empty without SST (tests, local runs), so the environment applies", () => {
    expect(linkedSecrets(functionAccess["sync-crm"].secrets, resources({}))).toEqual({});
  });
});
