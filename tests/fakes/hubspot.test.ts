import { Client } from "@hubspot/api-client";
import { AssociationSpecAssociationCategoryEnum as V4Category } from "@hubspot/api-client/lib/codegen/crm/associations/v4";
import { FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/contacts";
import { AssociationSpecAssociationCategoryEnum as NoteCategory } from "@hubspot/api-client/lib/codegen/crm/objects/notes";
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "./hubspot";

/** What the client (v14) throws for an answered error: `ApiException` from the called API's module. */
interface ClientError {
  code: number;
  body: unknown;
  headers: Record<string, string>;
  message: string;
}

async function failure(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error("expected the call to fail");
}

let fake: HubSpotFake;
let client: Client;

beforeEach(async () => {
  fake = await startHubSpotFake({ withProperties: true });
  client = new Client({ accessToken: "test-token", basePath: fake.url, numberOfApiCallRetries: 0 });
});

afterEach(async () => {
  await fake.stop();
});

const stage = (id: string) => ({ hs_pipeline: "0", hs_pipeline_stage: id });

describe("objects", () => {
  it("creates a contact (201) and reads it back with default or named properties", async () => {
    const created = await client.crm.contacts.basicApi.create({
      properties: { email: "ana@example.com", firstname: "Ana" },
      associations: [],
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: "/crm/v3/objects/contacts", status: 201 });
    expect(created.properties).toMatchObject({ email: "ana@example.com", hs_object_id: created.id });
    expect(created.createdAt).toBeInstanceOf(Date); // the client turns timestamps into Dates

    const read = await client.crm.contacts.basicApi.getById(created.id);
    expect(read.properties).toEqual({
      createdate: expect.any(String),
      email: "ana@example.com",
      firstname: "Ana",
      hs_object_id: created.id,
      lastmodifieddate: expect.any(String),
      lastname: null,
    });
    const named = await client.crm.contacts.basicApi.getById(created.id, ["firstname", "phone"]);
    expect(fake.requests.at(-1)?.query).toEqual({ properties: "firstname,phone" });
    expect(named.properties).toMatchObject({ firstname: "Ana", phone: null });
    expect(named.properties).not.toHaveProperty("email");
  });

  it("reads and updates by a unique property with idProperty", async () => {
    const seeded = fake.insert("contacts", { scrm_social_handle: "x:ana", firstname: "Ana" });
    const read = await client.crm.contacts.basicApi.getById(
      "x:ana",
      ["firstname"],
      undefined,
      undefined,
      false,
      "scrm_social_handle",
    );
    expect(read.id).toBe(seeded.id);
    await client.crm.contacts.basicApi.update("x:ana", { properties: { lastname: "Lima" } }, "scrm_social_handle");
    expect(fake.objects("contacts")[0]?.properties.lastname).toBe("Lima");

    const notUnique = await failure(client.crm.contacts.basicApi.getById("Ana", [], [], [], false, "firstname"));
    expect(notUnique.code).toBe(400);
    const missing = await failure(client.crm.contacts.basicApi.getById("424242"));
    expect(missing).toMatchObject({ code: 404, body: { category: "OBJECT_NOT_FOUND" } });
  });

  it("rejects unknown and read-only properties, and a second record with the same unique value (409)", async () => {
    const unknown = await failure(
      client.crm.contacts.basicApi.create({ properties: { shoe_size: "42" }, associations: [] }),
    );
    expect(unknown).toMatchObject({ code: 400, body: { category: "VALIDATION_ERROR" } });
    expect(JSON.stringify(unknown.body)).toContain("PROPERTY_DOESNT_EXIST");
    const readOnly = await failure(
      client.crm.contacts.basicApi.create({ properties: { hs_object_id: "1" }, associations: [] }),
    );
    expect(JSON.stringify(readOnly.body)).toContain("READ_ONLY_VALUE");

    await client.crm.tickets.basicApi.create({
      properties: { subject: "A", scrm_case_key: "k1", ...stage("1") },
      associations: [],
    });
    const twice = await failure(
      client.crm.tickets.basicApi.create({
        properties: { subject: "B", scrm_case_key: "k1", ...stage("1") },
        associations: [],
      }),
    );
    expect(twice).toMatchObject({ code: 409, body: { status: "error", category: "CONFLICT" } });
    expect(fake.objects("tickets")).toHaveLength(1);
  });

  it("upserts contacts by scrm_social_handle: created, then updated (`_new` on the client's model)", async () => {
    const first = await client.crm.contacts.batchApi.upsert({
      inputs: [{ idProperty: "scrm_social_handle", id: "x:bob", properties: { firstname: "Bob" } }],
    });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/crm/v3/objects/contacts/batch/upsert", status: 200 });
    expect(first.status).toBe("COMPLETE");
    expect(first.results[0]).toMatchObject({
      _new: true,
      properties: { scrm_social_handle: "x:bob", firstname: "Bob" },
    });

    const second = await client.crm.contacts.batchApi.upsert({
      inputs: [{ idProperty: "scrm_social_handle", id: "x:bob", properties: { lastname: "Bauer" } }],
    });
    expect(second.results[0]).toMatchObject({ _new: false, id: first.results[0]?.id });
    expect(fake.objects("contacts")).toHaveLength(1);
    expect(fake.objects("contacts")[0]?.properties).toMatchObject({ firstname: "Bob", lastname: "Bauer" });
  });

  it("upserts tickets by scrm_case_key; a new ticket needs a pipeline stage", async () => {
    const body = (status: string) => ({
      inputs: [{ idProperty: "scrm_case_key", id: "case-1", properties: { subject: "Late order", ...stage(status) } }],
    });
    const created = await client.crm.tickets.batchApi.upsert(body("1"));
    const updated = await client.crm.tickets.batchApi.upsert(body("3"));
    expect(created.results[0]?._new).toBe(true);
    expect(updated.results[0]).toMatchObject({
      _new: false,
      id: created.results[0]?.id,
      properties: { hs_pipeline_stage: "3" },
    });

    const noStage = await client.crm.tickets.batchApi.upsert({
      inputs: [{ idProperty: "scrm_case_key", id: "case-2", properties: { subject: "No status" } }],
    });
    expect(fake.requests.at(-1)?.status).toBe(207);
    expect(noStage).toMatchObject({ numErrors: 1, errors: [{ status: "error", category: "VALIDATION_ERROR" }] });
    const badStage = await failure(
      client.crm.tickets.basicApi.create({ properties: { subject: "x", ...stage("9") }, associations: [] }),
    );
    expect(JSON.stringify(badStage.body)).toContain("INVALID_OPTION");
  });

  it("refuses an upsert whose idProperty is not a unique property (400), and answers batch reads with 207 for missing ids", async () => {
    const wrong = await failure(
      client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: "firstname", id: "Bob", properties: {} }] }),
    );
    expect(wrong).toMatchObject({ code: 400, body: { category: "VALIDATION_ERROR" } });

    const seeded = fake.insert("contacts", { firstname: "Cy" });
    const read = await client.crm.contacts.batchApi.read({
      inputs: [{ id: seeded.id }, { id: "999999" }],
      properties: ["firstname"],
      propertiesWithHistory: [],
    });
    expect(fake.requests.at(-1)?.status).toBe(207);
    expect(read).toMatchObject({
      results: [{ id: seeded.id, properties: { firstname: "Cy" } }],
      errors: [{ category: "OBJECT_NOT_FOUND", context: { ids: ["999999"] } }],
    });
  });

  it("creates a note (hs_timestamp required) associated inline with a contact", async () => {
    const contact = fake.insert("contacts", { firstname: "Dee" });
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: "Replied on X", hs_timestamp: "1767225600000", scrm_interaction_id: "x:1" },
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: NoteCategory.HubspotDefined, associationTypeId: 202 }],
        },
      ],
    });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/crm/v3/objects/notes", status: 201 });
    // HubSpot answers datetimes as ISO strings, whatever form was sent.
    expect(note.properties.hs_timestamp).toBe("2026-01-01T00:00:00.000Z");
    expect(fake.associated("contacts", contact.id, "notes")).toEqual([note.id]);

    const untimed = await failure(
      client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "x" }, associations: [] }),
    );
    expect(untimed.code).toBe(400);
    expect(JSON.stringify(untimed.body)).toContain("hs_timestamp");
  });
});

describe("associations v4", () => {
  it("associates with the default type, one pair and in batch, and reads them back", async () => {
    const contact = fake.insert("contacts", { firstname: "Eve" });
    const ticket = fake.insert("tickets", { subject: "T" });
    const note = fake.insert("notes", { hs_note_body: "n" });

    const one = await client.crm.associations.v4.basicApi.createDefault("contacts", contact.id, "tickets", ticket.id);
    expect(fake.requests.at(-1)).toMatchObject({
      method: "PUT",
      path: `/crm/v4/objects/contacts/${contact.id}/associations/default/tickets/${ticket.id}`,
      status: 200,
    });
    expect(one.results[0]?.associationSpec).toEqual({ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 15 });

    const many = await client.crm.associations.v4.batchApi.createDefault("notes", "tickets", {
      inputs: [{ _from: { id: note.id }, to: { id: ticket.id } }],
    });
    expect(fake.requests.at(-1)).toMatchObject({
      path: "/crm/v4/associations/notes/tickets/batch/associate/default",
      body: { inputs: [{ from: { id: note.id }, to: { id: ticket.id } }] },
    });
    expect(many.results[0]?.associationSpec.associationTypeId).toBe(228);

    const read = await client.crm.associations.v4.batchApi.getPage("tickets", "contacts", {
      inputs: [{ id: ticket.id }],
    });
    expect(read.results).toEqual([
      {
        _from: { id: ticket.id },
        to: [{ toObjectId: contact.id, associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 16, label: null }] }],
      },
    ]);
    expect(fake.associated("tickets", ticket.id, "notes")).toEqual([note.id]);
  });

  it("creates a labelled association (201) and reports batch failures as 207, which createDefault throws", async () => {
    const contact = fake.insert("contacts", { firstname: "Fay" });
    const company = fake.insert("companies", { name: "Acme" });
    const labelled = await client.crm.associations.v4.basicApi.create("contacts", contact.id, "companies", company.id, [
      { associationCategory: V4Category.HubspotDefined, associationTypeId: 1 },
    ]);
    expect(fake.requests.at(-1)?.status).toBe(201);
    expect(labelled).toMatchObject({ fromObjectTypeId: "0-1", toObjectTypeId: "0-2", labels: ["Primary"] });

    // The client accepts only 200 for batch/associate/default: a 207 becomes an ApiException.
    const partial = await failure(
      client.crm.associations.v4.batchApi.createDefault("contacts", "companies", {
        inputs: [
          { _from: { id: contact.id }, to: { id: company.id } },
          { _from: { id: contact.id }, to: { id: "999999" } },
        ],
      }),
    );
    expect(partial).toMatchObject({ code: 207, body: { numErrors: 1, errors: [{ category: "OBJECT_NOT_FOUND" }] } });

    const single = await failure(
      client.crm.associations.v4.basicApi.createDefault("contacts", contact.id, "tickets", "999999"),
    );
    expect(single).toMatchObject({ code: 404, body: { category: "OBJECT_NOT_FOUND" } });
  });
});

describe("search", () => {
  it("filters with EQ, NEQ, IN, HAS_PROPERTY and CONTAINS_TOKEN, sorts, and pages with after", async () => {
    for (const [firstname, email, handle] of [
      ["Gil", "gil@acme.com", "x:gil"],
      ["Hal", "hal@other.org", "x:hal"],
      ["Ida", "ida@acme.com", ""],
    ]) {
      fake.insert("contacts", { firstname, email, ...(handle ? { scrm_social_handle: handle } : {}) });
    }
    const names = async (
      ...filters: Array<{ propertyName: string; operator: FilterOperatorEnum; value?: string; values?: string[] }>
    ) =>
      (
        await client.crm.contacts.searchApi.doSearch({
          filterGroups: [{ filters }],
          properties: ["firstname"],
          sorts: ["firstname"],
        })
      ).results.map((r) => r.properties.firstname);

    expect(await names({ propertyName: "firstname", operator: FilterOperatorEnum.Eq, value: "hal" })).toEqual(["Hal"]);
    expect(await names({ propertyName: "firstname", operator: FilterOperatorEnum.Neq, value: "Hal" })).toEqual([
      "Gil",
      "Ida",
    ]);
    expect(await names({ propertyName: "firstname", operator: FilterOperatorEnum.In, values: ["gil", "ida"] })).toEqual(
      ["Gil", "Ida"],
    );
    expect(await names({ propertyName: "scrm_social_handle", operator: FilterOperatorEnum.HasProperty })).toEqual([
      "Gil",
      "Hal",
    ]);
    expect(
      await names({ propertyName: "email", operator: FilterOperatorEnum.ContainsToken, value: "*@acme.com" }),
    ).toEqual(["Gil", "Ida"]);

    const page1 = await client.crm.contacts.searchApi.doSearch({
      sorts: ["-firstname"],
      limit: 2,
      properties: ["firstname"],
    });
    expect(page1.total).toBe(3);
    expect(page1.results.map((r) => r.properties.firstname)).toEqual(["Ida", "Hal"]);
    const page2 = await client.crm.contacts.searchApi.doSearch({
      sorts: ["-firstname"],
      limit: 2,
      after: page1.paging?.next?.after ?? "",
      properties: ["firstname"],
    });
    expect(page2.results.map((r) => r.properties.firstname)).toEqual(["Gil"]);
    expect(page2.paging).toBeUndefined();

    const tooMany = await failure(client.crm.contacts.searchApi.doSearch({ limit: 201 }));
    expect(tooMany.code).toBe(400);
  });
});

describe("properties and pipelines", () => {
  it("creates a property (201), lists it, refuses a duplicate (409) and unique values on notes", async () => {
    const plain = await startHubSpotFake();
    const bare = new Client({ accessToken: "test-token", basePath: plain.url, numberOfApiCallRetries: 0 });
    try {
      await bare.crm.properties.groupsApi.create("contacts", { name: "scrm", label: "Social care" });
      const created = await bare.crm.properties.coreApi.create("contacts", {
        name: "scrm_social_handle",
        label: "Social handle",
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        groupName: "scrm",
        hasUniqueValue: true,
      });
      expect(plain.requests.at(-1)?.status).toBe(201);
      expect(created).toMatchObject({ name: "scrm_social_handle", hasUniqueValue: true });
      const all = await bare.crm.properties.coreApi.getAll("contacts");
      expect(all.results.map((p) => p.name)).toContain("scrm_social_handle");
      expect((await bare.crm.properties.coreApi.getByName("contacts", "scrm_social_handle")).hasUniqueValue).toBe(true);

      const again = await failure(
        bare.crm.properties.coreApi.create("contacts", {
          name: "scrm_social_handle",
          label: "x",
          type: PropertyCreateTypeEnum.String,
          fieldType: PropertyCreateFieldTypeEnum.Text,
          groupName: "scrm",
        }),
      );
      expect(again.code).toBe(409);
      const uniqueNote = await failure(
        bare.crm.properties.coreApi.create("notes", {
          name: "scrm_interaction_id",
          label: "Interaction",
          type: PropertyCreateTypeEnum.String,
          fieldType: PropertyCreateFieldTypeEnum.Text,
          groupName: "noteinformation",
          hasUniqueValue: true,
        }),
      );
      expect(uniqueNote.code).toBe(400);
      expect(plain.properties("contacts").find((p) => p.name === "scrm_social_handle")?.hasUniqueValue).toBe(true);
    } finally {
      await plain.stop();
    }
  });

  it("serves the default ticket pipeline", async () => {
    const { results } = await client.crm.pipelines.pipelinesApi.getAll("tickets");
    expect(results.map((p) => p.id)).toEqual(["0"]);
    expect(results[0]?.stages.map((s) => [s.id, s.label, s.metadata?.ticketState])).toEqual([
      ["1", "New", "OPEN"],
      ["2", "Waiting on contact", "OPEN"],
      ["3", "Waiting on us", "OPEN"],
      ["4", "Closed", "CLOSED"],
    ]);
  });
});

describe("batch limits and partial failures", () => {
  const inputs = (count: number, trace = false) =>
    Array.from({ length: count }, (_, i) => ({
      properties: { firstname: `P${i}` },
      associations: [],
      ...(trace ? { objectWriteTraceId: `t${i}` } : {}),
    }));

  it("takes 100 inputs and refuses 101 with 400 VALIDATION_ERROR", async () => {
    const ok = await client.crm.contacts.batchApi.create({ inputs: inputs(100) });
    expect(fake.requests.at(-1)?.status).toBe(201);
    expect(ok.results).toHaveLength(100);
    const over = await failure(client.crm.contacts.batchApi.create({ inputs: inputs(101) }));
    expect(over).toMatchObject({ code: 400, body: { status: "error", category: "VALIDATION_ERROR" } });
    expect(fake.objects("contacts")).toHaveLength(100);
  });

  it("answers 207 with errors for rejected inputs; batch create needs objectWriteTraceId for that", async () => {
    fake.faults.rejectInput((input) => input.properties.firstname === "P1", {
      category: "VALIDATION_ERROR",
      message: "P1 is not welcome",
    });
    const traced = await client.crm.contacts.batchApi.create({ inputs: inputs(3, true) });
    expect(fake.requests.at(-1)?.status).toBe(207);
    expect(traced).toMatchObject({
      status: "COMPLETE",
      numErrors: 1,
      errors: [
        {
          status: "error",
          category: "VALIDATION_ERROR",
          message: "P1 is not welcome",
          context: { objectWriteTraceId: ["t1"] },
        },
      ],
    });
    expect(traced.results.map((r) => r.properties.firstname)).toEqual(["P0", "P2"]);

    // Without objectWriteTraceId the batch create fails as a whole and writes nothing.
    const untraced = await failure(client.crm.contacts.batchApi.create({ inputs: inputs(3) }));
    expect(untraced).toMatchObject({ code: 400, body: { category: "VALIDATION_ERROR", message: "P1 is not welcome" } });
    expect(fake.objects("contacts")).toHaveLength(2);

    const upserts = await client.crm.contacts.batchApi.upsert({
      inputs: ["P0", "P1"].map((name) => ({
        idProperty: "scrm_social_handle",
        id: `x:${name}`,
        properties: { firstname: name },
      })),
    });
    expect(upserts).toMatchObject({ numErrors: 1, errors: [{ context: { ids: ["x:P1"] } }] });

    const alone = await failure(
      client.crm.contacts.basicApi.create({ properties: { firstname: "P1" }, associations: [] }),
    );
    expect(alone).toMatchObject({ code: 400, body: { category: "VALIDATION_ERROR", message: "P1 is not welcome" } });
  });
});

describe("faults and what the client throws", () => {
  it("answers 429 with the rate-limit body, Retry-After and X-HubSpot-RateLimit-* headers", async () => {
    const ok = await client.crm.contacts.basicApi.getPageWithHttpInfo();
    expect(ok.headers).toMatchObject({
      "x-hubspot-ratelimit-daily": "650000",
      "x-hubspot-ratelimit-daily-remaining": expect.any(String),
      "x-hubspot-ratelimit-interval-milliseconds": "10000",
      "x-hubspot-ratelimit-max": "190",
      "x-hubspot-ratelimit-remaining": "189",
    });

    fake.faults.rateLimit(1, { retryAfterSeconds: 7 });
    const limited = await failure(client.crm.contacts.basicApi.getPage());
    expect(limited.constructor.name).toBe("ApiException");
    expect(limited.code).toBe(429);
    expect(limited.body).toEqual({
      status: "error",
      message: "You have reached your ten_secondly_rolling limit.",
      errorType: "RATE_LIMIT",
      correlationId: expect.any(String),
      policyName: "TEN_SECONDLY_ROLLING",
      requestId: expect.any(String),
    });
    expect(limited.headers).toMatchObject({ "retry-after": "7", "x-hubspot-ratelimit-remaining": "0" });
    expect(limited.message).toMatch(/^HTTP-Code: 429\nMessage: An error occurred\.\nBody: /);
    await client.crm.contacts.basicApi.getPage();
    expect(fake.requests.map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it("the client's own retry waits its fixed delay and ignores Retry-After", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the decorator logs each retry
    const retrying = new Client({ accessToken: "test-token", basePath: fake.url, numberOfApiCallRetries: 2 });
    fake.faults.rateLimit(1, { policyName: "SECONDLY", retryAfterSeconds: 30 });
    const started = Date.now();
    await retrying.crm.contacts.basicApi.getPage();
    expect(Date.now() - started).toBeLessThan(5_000); // retried after 1 s, not 30 s
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);

    fake.faults.rateLimit(1, { policyName: "DAILY" });
    expect((await failure(retrying.crm.contacts.basicApi.getPage())).code).toBe(429); // not retried
    expect(fake.requests).toHaveLength(3);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it("answers 502/503/504 while down, with HTML bodies the client hands over as a string", async () => {
    fake.faults.downFor(3);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const error = await failure(client.crm.contacts.basicApi.getPage());
      codes.push(error.code);
      expect(typeof error.body).toBe("string");
    }
    expect(codes).toEqual([502, 503, 504]);
    await client.crm.contacts.basicApi.getPage();

    fake.faults.down(true);
    expect((await failure(client.crm.contacts.basicApi.getPage())).code).toBe(503);
    expect((await failure(client.crm.contacts.basicApi.getPage())).code).toBe(503);
    fake.faults.down(false);
    await client.crm.contacts.basicApi.getPage();

    fake.faults.downFor(1, { status: 503, body: "json" });
    expect(await failure(client.crm.contacts.basicApi.getPage())).toMatchObject({
      code: 503,
      body: { status: "error" },
    });
  });

  it("answers 401 for a wrong token", async () => {
    const stranger = new Client({ accessToken: "wrong", basePath: fake.url, numberOfApiCallRetries: 0 });
    const denied = await failure(stranger.crm.contacts.basicApi.getPage());
    expect(denied).toMatchObject({ code: 401, body: { status: "error", category: "INVALID_AUTHENTICATION" } });
    expect((denied.body as { correlationId?: unknown }).correlationId).toEqual(expect.any(String));
  });

  it("delays answers by latencyMs", async () => {
    fake.faults.latencyMs = 150;
    const started = Date.now();
    await client.crm.contacts.basicApi.getPage();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("performs a write, then drops the connection: the client throws a TypeError, not an ApiException", async () => {
    fake.faults.dropResponseAfterWrite(1);
    const dropped = (await failure(
      client.crm.contacts.batchApi.upsert({
        inputs: [{ idProperty: "scrm_social_handle", id: "x:zed", properties: { firstname: "Zed" } }],
      }),
    )) as unknown as TypeError & { cause?: { code?: string } };
    expect(dropped).toBeInstanceOf(TypeError);
    expect(dropped.message).toBe("fetch failed");
    expect(dropped.cause?.code).toBe("UND_ERR_SOCKET");
    expect(dropped).not.toHaveProperty("code");
    expect(fake.objects("contacts")).toHaveLength(1); // the write happened
    expect(fake.requests.at(-1)?.status).toBe("dropped");

    // Replaying the upsert is safe: it updates the same record.
    const replay = await client.crm.contacts.batchApi.upsert({
      inputs: [{ idProperty: "scrm_social_handle", id: "x:zed", properties: { firstname: "Zed" } }],
    });
    expect(replay.results[0]?._new).toBe(false);
    expect(fake.objects("contacts")).toHaveLength(1);
  });
});
