import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties";
import { type Interaction, parseConfig, type SyncItem, type SyncResult } from "@scrm/core";
import { readCrmMapping } from "@scrm/crm";
import { type HubSpotConnectorOptions, hubspotFromConfig } from "@scrm/hubspot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../fakes/hubspot";
import { hubspotConnectorTo } from "../support/hubspot";
import { sampleInteraction } from "../support/interactions";
import { silentLogger } from "../support/silent-logger";

let fake: HubSpotFake;

beforeEach(async () => {
  fake = await startHubSpotFake({ withProperties: true });
  // Acme has its own pipeline, and custom ticket properties, as an admin would set them up.
  fake.addTicketPipeline({
    id: "123",
    label: "Acme social care",
    stages: [
      { id: "455", label: "Triage" },
      { id: "456", label: "New social case" },
      { id: "457", label: "Done", closed: true },
    ],
  });
  const client = connector().client;
  for (const name of ["scrm_brand", "scrm_sentiment", "scrm_platform"])
    await client.crm.properties.coreApi.create("tickets", {
      name,
      label: name,
      type: PropertyCreateTypeEnum.String,
      fieldType: PropertyCreateFieldTypeEnum.Text,
      groupName: "ticketinformation",
    });
});

afterEach(async () => {
  await fake.stop();
});

const connector = (options: Partial<HubSpotConnectorOptions> = {}) =>
  hubspotConnectorTo(fake, { retryDelaysMs: [5], ...options });

const item = (n: number, overrides: Partial<Interaction> = {}): SyncItem => {
  const interaction = sampleInteraction(n, { threadId: `thread-${n}`, ...overrides });
  return { interaction, caseKey: interaction.threadId, caseState: "new" };
};
const ok = (result: SyncResult | undefined) => {
  if (!result?.ok) throw new Error(`sync failed: ${JSON.stringify(result)}`);
  return result.recordIds;
};
const ticketOf = (caseKey: string) =>
  fake.objects("tickets").find((ticket) => ticket.properties.scrm_case_key === caseKey)?.properties;
const pipelineReads = () => fake.requests.filter((request) => request.path.startsWith("/crm/v3/pipelines/")).length;

describe("HubSpot per-workspace mapping, against the fake with the real client", () => {
  it("a workspace's records get its pipeline, stage and properties; another workspace keeps the defaults", async () => {
    const sync = connector({
      mappings: {
        acme: {
          pipelineId: "123",
          stageId: "456",
          ticketProperties: { scrm_brand: { value: "Acme" }, scrm_sentiment: "sentiment.label" },
          contactProperties: { twitterhandle: "author.handle" },
        },
      },
    });
    const acme = item(1, {
      workspaceId: "acme",
      author: { id: "u1", handle: "dana_l", name: "Dana Levi" },
      sentiment: { label: "negative", score: -0.8 },
    });
    const other = item(2, { author: { id: "u2", handle: "noa", name: "Noa" } });
    const results = await sync.sync([acme, other]);
    const [acmeIds, otherIds] = results.map(ok);

    expect(ticketOf("thread-1")).toMatchObject({
      hs_pipeline: "123",
      hs_pipeline_stage: "456",
      scrm_brand: "Acme",
      scrm_sentiment: "negative",
    });
    expect(ticketOf("thread-2")).toMatchObject({ hs_pipeline: "0", hs_pipeline_stage: "1" });
    expect(ticketOf("thread-2")).not.toHaveProperty("scrm_brand");
    // Results come back in the items' order, whatever the groups.
    expect(fake.objects("tickets").find((t) => t.id === acmeIds?.ticket)?.properties.scrm_case_key).toBe("thread-1");
    expect(fake.objects("tickets").find((t) => t.id === otherIds?.ticket)?.properties.scrm_case_key).toBe("thread-2");
    const contacts = fake.objects("contacts");
    expect(contacts.find((c) => c.properties.scrm_social_handle === "facebook:dana_l")?.properties).toMatchObject({
      twitterhandle: "dana_l",
    });
    expect(contacts.find((c) => c.properties.scrm_social_handle === "facebook:noa")?.properties).not.toHaveProperty(
      "twitterhandle",
    );

    // The stage of each pipeline is read once, not per batch.
    expect(pipelineReads()).toBe(2);
    ok((await sync.sync([item(3, { workspaceId: "acme" }), item(4)]))[0]);
    expect(pipelineReads()).toBe(2);
    expect(ticketOf("thread-3")).toMatchObject({ hs_pipeline: "123", hs_pipeline_stage: "456" });
  });

  it("a workspace's pipeline that does not exist fails that workspace's items only, with the reason", async () => {
    const sync = connector({ mappings: { acme: { pipelineId: "999" } } });
    const results = await sync.sync([item(5, { workspaceId: "acme" }), item(6)]);
    expect(results[0]).toMatchObject({
      ok: false,
      retryable: true,
      error: { code: "crm.no_pipeline", message: "HubSpot has no ticket pipeline 999" },
    });
    ok(results[1]);
    expect(ticketOf("thread-6")).toMatchObject({ hs_pipeline: "0" });
  });

  it("takes the document's hubspot section (CRM_MAPPING): org-wide properties, and a workspace's over them", async () => {
    const config = parseConfig({
      HUBSPOT_ACCESS_TOKEN: "test-token",
      HUBSPOT_BASE_URL: fake.url,
      CRM_MAPPING: `
hubspot:
  mapping:
    ticketProperties: { scrm_platform: platform }
  workspaces:
    acme:
      pipelineId: 123 # YAML reads a number; ids are text
      stageId: 456
      ticketProperties: { scrm_brand: { value: Acme } }
`,
    });
    const sync = hubspotFromConfig(config, silentLogger, readCrmMapping(config).hubspot);
    if (!sync) throw new Error("HubSpot is configured");
    (await sync.sync([item(7, { workspaceId: "acme", platform: "instagram" }), item(8)])).map(ok);
    expect(ticketOf("thread-7")).toMatchObject({
      hs_pipeline: "123",
      hs_pipeline_stage: "456",
      scrm_brand: "Acme",
      scrm_platform: "instagram",
    });
    expect(ticketOf("thread-8")).toMatchObject({ hs_pipeline: "0", scrm_platform: "facebook" });
    expect(ticketOf("thread-8")).not.toHaveProperty("scrm_brand");
  });
});
