import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Interaction, type Logger, parseConfig, type SyncItem, type SyncResult } from "@scrm/core";
import { readCrmMapping } from "@scrm/crm";
import { salesforceFromConfig } from "@scrm/salesforce";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";
import { sampleInteraction } from "../support/interactions";
import { pageComments, sendComments } from "../support/meta-comments";
import { removeDir, startTestStack } from "../support/stack";
import { until } from "../support/until";

const logger: Logger = { info() {}, warn() {}, error() {} };
const folder = mkdtempSync(join(tmpdir(), "scrm-crm-mapping-"));
afterAll(() => removeDir(folder));

/** Writes a file into the test's folder; answers its path. */
const file = (name: string, text: string) => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};
/** The error `readCrmMapping` throws for a document, as text. */
const problemsOf = (variables: { CRM_MAPPING_FILE?: string; CRM_MAPPING?: string }) => {
  try {
    readCrmMapping(parseConfig(variables));
  } catch (error) {
    return error as Error & { details?: Array<{ field: string; message: string }> };
  }
  throw new Error("expected the document to be refused");
};

const acmeYaml = `# acme's cases carry its brand and the channel in a custom field
salesforce:
  social: off
  mapping:
    caseFields:
      Type__c: { value: Social }
  workspaces:
    acme:
      caseRenames: { Origin: Social_Channel__c, Priority: null }
      caseFields:
        Brand__c: { value: Acme }
        Sentiment__c: sentiment.label
        Tags__c: tags
hubspot:
  workspaces:
    acme: { pipelineId: 123, stageId: "456" }
`;

describe("the CRM mapping document (CRM_MAPPING_FILE / CRM_MAPPING)", () => {
  it("names the source and every problem with its path", () => {
    const error = problemsOf({
      CRM_MAPPING: `
salesforce:
  social: sometimes
  mapping: { caseKeyField: "Case Key" }
  workspaces:
    acme:
      caseFields:
        Sentiment__c: sentimnt.label
        Brand__c: { valu: Acme }
        Count__c: 5
      caseRenames: { Subjekt: Title__c }
hubspot:
  mapping: { pipelineId: [1] }
  workspaces:
    acme: { ticketProperties: { "brand-name": text }, stage: "4" }
zendesk: {}
`,
    });
    expect(error.message.startsWith("CRM_MAPPING: ")).toBe(true);
    const lines = error.message.slice("CRM_MAPPING: ".length).split("; ");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^salesforce\.social: .*"auto"\|"on"\|"off"/),
        expect.stringMatching(/^salesforce\.mapping\.caseKeyField: not a Salesforce field API name/),
        'salesforce.workspaces.acme.caseFields.Sentiment__c: unknown Interaction field "sentimnt.label"',
        "salesforce.workspaces.acme.caseFields.Brand__c.valu: unknown key",
        "salesforce.workspaces.acme.caseFields.Brand__c.value: required",
        expect.stringMatching(
          /^salesforce\.workspaces\.acme\.caseFields\.Count__c: expected an Interaction field path/,
        ),
        "salesforce.workspaces.acme.caseRenames.Subjekt: unknown key",
        "hubspot.mapping.pipelineId: expected an id (text or a whole number)",
        expect.stringMatching(
          /^hubspot\.workspaces\.acme\.ticketProperties\["brand-name"\]: not a HubSpot property name/,
        ),
        "hubspot.workspaces.acme.stage: unknown key",
        "zendesk: unknown key",
      ]),
    );
    expect(lines).toHaveLength(11);
    expect(error.details).toContainEqual({
      field: "salesforce.workspaces.acme.caseFields.Sentiment__c",
      message: 'unknown Interaction field "sentimnt.label"',
    });
  });

  it("reads a YAML file end to end, naming the file in its errors", () => {
    const path = file("crm-mapping.yaml", acmeYaml);
    expect(readCrmMapping(parseConfig({ CRM_MAPPING_FILE: path }))).toEqual({
      salesforce: {
        social: "off",
        mapping: { caseFields: { Type__c: { value: "Social" } } },
        workspaces: {
          acme: {
            caseRenames: { Origin: "Social_Channel__c", Priority: null },
            caseFields: { Brand__c: { value: "Acme" }, Sentiment__c: "sentiment.label", Tags__c: "tags" },
          },
        },
      },
      // YAML reads 123 as a number; ids are text.
      hubspot: { workspaces: { acme: { pipelineId: "123", stageId: "456" } } },
    });
    const bad = file(
      "bad.yml",
      "salesforce:\n  workspaces:\n    acme:\n      contactFields: { Email: author.emial }\n",
    );
    expect(problemsOf({ CRM_MAPPING_FILE: bad }).message).toBe(
      `${bad}: salesforce.workspaces.acme.contactFields.Email: unknown Interaction field "author.emial"`,
    );
  });

  it("reads a JSON file, and the same document inline as JSON or YAML", () => {
    const document = readCrmMapping(parseConfig({ CRM_MAPPING_FILE: file("acme.yaml", acmeYaml) }));
    const json = JSON.stringify(document);
    expect(readCrmMapping(parseConfig({ CRM_MAPPING_FILE: file("crm-mapping.json", json) }))).toEqual(document);
    expect(readCrmMapping(parseConfig({ CRM_MAPPING: json }))).toEqual(document);
    expect(readCrmMapping(parseConfig({ CRM_MAPPING: acmeYaml }))).toEqual(document);
    // A .json file is JSON only: YAML in it is an error that names the file.
    const yamlInJson = file("wrong.json", acmeYaml);
    expect(problemsOf({ CRM_MAPPING_FILE: yamlInJson }).message).toMatch(new RegExp(`^${yamlInJson}: .*JSON`));
  });

  it("is empty when neither is set or the file is empty; refuses both at once and a missing file", () => {
    expect(readCrmMapping(parseConfig({}))).toEqual({});
    expect(readCrmMapping(parseConfig({ CRM_MAPPING_FILE: file("empty.yaml", "# nothing yet\n") }))).toEqual({});
    expect(problemsOf({ CRM_MAPPING_FILE: file("a.yaml", "{}"), CRM_MAPPING: "{}" }).message).toBe(
      "set CRM_MAPPING_FILE or CRM_MAPPING, not both",
    );
    expect(problemsOf({ CRM_MAPPING_FILE: join(folder, "missing.yaml") }).message).toMatch(/^CRM_MAPPING_FILE: ENOENT/);
  });

  it("examples/crm-mapping.yaml is valid", () => {
    const document = readCrmMapping(parseConfig({ CRM_MAPPING_FILE: "examples/crm-mapping.yaml" }));
    const raw = parseYaml(readFileSync("examples/crm-mapping.yaml", "utf8")) as Record<string, unknown>;
    expect(Object.keys(document).sort()).toEqual(Object.keys(raw).sort());
    expect(document.salesforce?.workspaces?.acme?.caseFields).toMatchObject({ Brand__c: { value: "Acme" } });
    expect(document.hubspot?.workspaces?.acme).toMatchObject({ pipelineId: "123", stageId: "456" });
  });
});

const item = (n: number, overrides: Partial<Interaction> = {}): SyncItem => ({
  interaction: sampleInteraction(n, {
    author: { id: `user-${n}`, handle: `user${n}`, name: "Dana Levi" },
    ...overrides,
  }),
  caseKey: `case-${n}`,
  caseState: "new",
});
const ok = (result: SyncResult | undefined) => {
  if (!result?.ok) throw new Error(`sync failed: ${JSON.stringify(result)}`);
  return result.recordIds;
};

describe("the document's Salesforce settings reach the connector (the real jsforce, against the fake)", () => {
  let fake: SalesforceFake;
  beforeAll(async () => {
    fake = await startSalesforceFake({
      customFields: { Case: ["Type__c", "Social_Channel__c", "Brand__c", "Sentiment__c", "Tags__c"] },
    });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it("a workspace's records get its fields; another workspace keeps the defaults; social: off writes no social records", async () => {
    const config = parseConfig({
      SALESFORCE_INSTANCE_URL: fake.url,
      SALESFORCE_ACCESS_TOKEN: fake.accessToken,
      CRM_MAPPING_FILE: file("connector.yaml", acmeYaml),
    });
    const connector = salesforceFromConfig(config, logger, readCrmMapping(config).salesforce);
    if (!connector) throw new Error("Salesforce is configured");
    const results = await connector.sync([
      item(1, {
        workspaceId: "acme",
        text: "broken again",
        sentiment: { label: "negative", score: -0.9 },
        tags: ["complaint", "vip"],
      }),
      item(2, { text: "hello from elsewhere" }),
    ]);
    results.map(ok);

    const cases = fake.records("Case");
    expect(cases.find((c) => c.SCRM_Case_Key__c === "case-1")).toMatchObject({
      Subject: "broken again",
      Social_Channel__c: "facebook",
      Origin: null,
      Priority: "Medium", // left out: the org's default
      Brand__c: "Acme",
      Sentiment__c: "negative",
      Tags__c: "complaint;vip",
      Type__c: "Social", // the org-wide mapping's field, kept beside acme's own
    });
    expect(cases.find((c) => c.SCRM_Case_Key__c === "case-2")).toMatchObject({
      Subject: "hello from elsewhere",
      Origin: "facebook",
      Social_Channel__c: null,
      Brand__c: null,
      Type__c: "Social",
    });
    // social: off — no SocialPost or SocialPersona, and the org is not even asked whether it has them.
    expect(fake.records("SocialPost")).toHaveLength(0);
    expect(fake.records("SocialPersona")).toHaveLength(0);
    const subrequests = fake.requests.flatMap(
      (request) => (request.body as { compositeRequest?: Array<{ url: string }> } | undefined)?.compositeRequest ?? [],
    );
    expect(subrequests.some((sub) => sub.url.endsWith("/sobjects"))).toBe(false);
  });

  it("npm start's stack reads CRM_MAPPING: social: off reaches the connector it syncs with", async () => {
    const stack = await startTestStack({
      env: {
        SALESFORCE_INSTANCE_URL: fake.url,
        SALESFORCE_ACCESS_TOKEN: fake.accessToken,
        CRM_MAPPING: JSON.stringify({ salesforce: { social: "off", mapping: { caseFields: { Type__c: "kind" } } } }),
      },
      outboxSweepMs: 20,
    });
    try {
      await stack.api("/api/v1/rules", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: "to-sf", name: "to Salesforce", then: [{ type: "sync", target: "salesforce" }] }),
      });
      const comment = pageComments("104817932345678", 1_763_900_000)("9001", "u1", "where is my parcel");
      await sendComments(stack.url, [comment]);
      const synced = await until(async () => {
        const { body } = await stack.api<{ sync?: { salesforce?: { state: string } } }>(
          `/api/v1/interactions/${comment.id}`,
        );
        return body.sync?.salesforce?.state === "synced" ? body.sync.salesforce : undefined;
      });
      expect(synced.state).toBe("synced");
      expect(fake.records("Case")).toEqual([expect.objectContaining({ Type__c: "comment" })]);
      expect(fake.records("SocialPost")).toHaveLength(0);
    } finally {
      await stack.stop();
      removeDir(stack.dataDir);
    }
  });

  it("a bad document stops the stack from starting, with every problem named", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "scrm-test-"));
    try {
      await expect(
        startTestStack({
          dataDir,
          env: { CRM_MAPPING: "salesforce:\n  workspaces:\n    acme: { caseFields: { X__c: sentimnt.label } }" },
        }),
      ).rejects.toThrow(
        'CRM_MAPPING: salesforce.workspaces.acme.caseFields.X__c: unknown Interaction field "sentimnt.label"',
      );
    } finally {
      removeDir(dataDir);
    }
  });
});
