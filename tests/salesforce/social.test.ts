import type { Interaction, Logger, SyncItem, SyncResult } from "@scrm/core";
import { SalesforceConnector, type SalesforceConnectorOptions } from "@scrm/salesforce";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";
import { sampleInteraction } from "../support/interactions";

const logger: Logger = { info() {}, warn() {}, error() {} };

const item = (n: number, overrides: Partial<Interaction> = {}, caseKey = `case-${n}`): SyncItem => ({
  interaction: sampleInteraction(n, {
    author: { id: `user-${n}`, handle: `user${n}`, name: "Dana Levi" },
    ...overrides,
  }),
  caseKey,
  caseState: "new",
});

/** API calls (not token requests) the fake received since `from`. */
const writesSince = (fake: SalesforceFake, from: number) =>
  fake.requests.slice(from).filter((request) => request.path.startsWith("/services/data/")).length;
/** Global describes asked, alone or as a Composite subrequest. */
const describes = (fake: SalesforceFake) =>
  fake.requests.flatMap((request) => {
    if (request.method === "GET" && request.path.endsWith("/sobjects")) return [request.path];
    const subrequests = (request.body as { compositeRequest?: Array<{ method: string; url: string }> } | undefined)
      ?.compositeRequest;
    return (subrequests ?? [])
      .filter((sub) => sub.method === "GET" && sub.url.endsWith("/sobjects"))
      .map((sub) => sub.url);
  }).length;

const ok = (result: SyncResult | undefined) => {
  if (!result?.ok) throw new Error(`sync failed: ${JSON.stringify(result)}`);
  return result.recordIds;
};

describe("Salesforce Social Customer Service records, against the fake with the real jsforce", () => {
  let fake: SalesforceFake;
  const connector = (options: Partial<SalesforceConnectorOptions> = {}) =>
    new SalesforceConnector({
      auth: { instanceUrl: fake.url, accessToken: fake.accessToken },
      logger,
      retryDelaysMs: [10],
      ...options,
    });

  beforeAll(async () => {
    fake = await startSalesforceFake();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it("writes a SocialPersona per author and a SocialPost per interaction, linked to contact and case, in 2 calls (lookups, writes)", async () => {
    const sf = connector();
    const items = [
      item(1, { sentiment: { label: "negative", score: -0.8 }, text: "my order is late" }, "thread-a"),
      item(2, { platform: "instagram", text: "same here" }, "thread-a"),
      item(3, { direction: "outbound", author: { id: "page-1", name: "Brand" }, text: "sorry!" }, "thread-a"),
    ];
    const before = fake.requests.length;
    const results = await sf.sync(items);
    const ids = results.map(ok);
    expect(writesSince(fake, before)).toBe(2);
    expect(describes(fake)).toBe(1);

    const personas = fake.records("SocialPersona");
    expect(personas).toHaveLength(2); // inbound authors only
    const contacts = fake.records("Contact");
    const persona1 = personas.find((p) => p.ExternalId === "user-1");
    expect(persona1).toMatchObject({ Provider: "Facebook", Name: "user1", ParentId: ids[0]?.contact });
    expect(personas.find((p) => p.ExternalId === "user-2")).toMatchObject({ Provider: "Instagram" });
    expect(contacts.map((c) => c.Id)).toContain(persona1?.ParentId);

    const posts = fake.records("SocialPost");
    expect(posts).toHaveLength(3);
    const caseId = ids[0]?.case;
    expect(posts.every((post) => post.ParentId === caseId)).toBe(true);
    expect(posts.find((post) => post.ExternalPostId === "ext-1")).toMatchObject({
      Provider: "Facebook",
      Handle: "user1",
      Content: "my order is late",
      IsOutbound: false,
      Sentiment: "Negative",
      PersonaId: persona1?.Id,
      Id: ids[0]?.post,
    });
    expect(posts.find((post) => post.ExternalPostId === "ext-3")).toMatchObject({ IsOutbound: true, PersonaId: null });
    expect(ids[0]?.persona).toBe(persona1?.Id);
    expect(ids[2]?.persona).toBeUndefined();

    // A repeat (and a new message of a known author) makes no second record, still in 2 calls.
    const again = fake.requests.length;
    const repeat = await sf.sync([...items, item(4, { author: items[0]?.interaction.author }, "thread-a")]);
    repeat.map(ok);
    expect(writesSince(fake, again)).toBe(2);
    expect(fake.records("SocialPersona")).toHaveLength(2);
    expect(fake.records("SocialPost")).toHaveLength(4);
    expect(fake.records("Contact")).toHaveLength(3);
    expect(fake.records("Case")).toHaveLength(1);
    expect(ok(repeat[3]).persona).toBe(persona1?.Id);
    expect(describes(fake)).toBe(1);
  });

  it("a retry after a failed post finds the persona made before instead of creating another", async () => {
    const sf = connector({ social: "on" });
    fake.faults.rejectRecord(
      (record) => record.type === "SocialPost",
      { statusCode: "UNKNOWN", message: "x" },
      {
        times: 1,
      },
    );
    const first = await sf.sync([item(5)]);
    expect(first[0]?.ok).toBe(false);
    const second = await sf.sync([item(5)]);
    expect(ok(second[0]).post).toBeDefined();
    expect(fake.records("SocialPersona")).toHaveLength(1);
    expect(fake.records("SocialPost")).toHaveLength(1);
  });

  it("a persona Salesforce rejects fails its own item only: the posts are written again without its reference", async () => {
    const sf = connector({ social: "on" });
    fake.faults.rejectRecord(
      (record) => record.type === "SocialPersona" && record.fields.ExternalId === "user-20",
      { statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "no" },
      { times: 1 },
    );
    const before = fake.requests.length;
    const results = await sf.sync([item(20), item(21)]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: "FIELD_CUSTOM_VALIDATION_EXCEPTION" } });
    const good = ok(results[1]);
    expect(good.persona).toBeDefined();
    expect(fake.records("SocialPost").find((post) => post.Id === good.post)?.PersonaId).toBe(good.persona);
    expect(writesSince(fake, before)).toBe(3); // lookups, writes, and the posts once more
  });

  it("an org without Social Customer Service gets none, in 1 call per batch once it has said so", async () => {
    const plain = await startSalesforceFake({ withoutSocial: true });
    try {
      const sf = new SalesforceConnector({ auth: { instanceUrl: plain.url, accessToken: plain.accessToken }, logger });
      const before = plain.requests.length;
      const results = await sf.sync([item(6), item(7)]);
      const ids = results.map(ok);
      expect(ids[0]).not.toHaveProperty("post");
      expect(ids[0]).not.toHaveProperty("persona");
      // The describe (and the persona query sent on the chance, refused: no such object) ride in the lookups.
      expect(writesSince(plain, before)).toBe(2);
      expect(plain.records("Case")).toHaveLength(2);
      expect(describes(plain)).toBe(1);
      const next = plain.requests.length;
      ok((await sf.sync([item(9)]))[0]);
      expect(writesSince(plain, next)).toBe(1);
      expect(describes(plain)).toBe(1);
    } finally {
      await plain.stop();
    }
  });

  it("social: off writes none even when the org has them", async () => {
    const sf = connector({ social: "off" });
    await sf.sync([item(8)]);
    expect(fake.records("SocialPost")).toHaveLength(0);
    expect(describes(fake)).toBe(0);
  });
});

describe("Salesforce contact matching and per-workspace mapping", () => {
  let fake: SalesforceFake;
  const connector = (options: Partial<SalesforceConnectorOptions> = {}) =>
    new SalesforceConnector({
      auth: { instanceUrl: fake.url, accessToken: fake.accessToken },
      logger,
      social: "off",
      ...options,
    });

  beforeAll(async () => {
    fake = await startSalesforceFake();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it("links an existing contact found by the email in the message instead of creating one", async () => {
    const existing = fake.insert("Contact", { LastName: "O'Brien", Email: "dana.o'brien@example.com" });
    const sf = connector();
    const results = await sf.sync([item(10, { text: "it's me, write to dana.o'brien@example.com please" })]);
    expect(ok(results[0]).contact).toBe(existing.Id);
    const contacts = fake.records("Contact");
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ SCRM_Social_Handle__c: "facebook:user10", LastName: "O'Brien" });
    // The lookup is a subrequest of a Composite request.
    const composite = fake.requests.find((request) => request.path.endsWith("/composite"));
    const body = composite?.body as { compositeRequest?: Array<{ url: string }> } | undefined;
    const lookup = body?.compositeRequest?.[0]?.url ?? "";
    expect(new URL(lookup, fake.url).searchParams.get("q")).toContain("dana.o\\'brien@example.com");

    // Next time the handle finds it: no second lookup match, no duplicate.
    const again = await sf.sync([
      item(11, { author: { id: "user-10", handle: "user10" }, text: "dana.o'brien@example.com" }),
    ]);
    expect(ok(again[0]).contact).toBe(existing.Id);
    expect(fake.records("Contact")).toHaveLength(1);
  });

  it("links by phone number, and leaves a contact that already has another handle alone", async () => {
    const byPhone = fake.insert("Contact", { LastName: "Phone", Phone: "+972 54 123 4567" });
    fake.insert("Contact", { LastName: "Taken", Email: "taken@example.com", SCRM_Social_Handle__c: "x:someone" });
    const results = await connector().sync([
      item(12, { text: "call me at +972 54 123 4567" }),
      item(13, { text: "mail taken@example.com" }),
    ]);
    expect(ok(results[0]).contact).toBe(byPhone.Id);
    expect(fake.records("Contact")).toHaveLength(3);
    expect(fake.records("Contact").find((c) => c.Email === "taken@example.com" && c.LastName === "Levi")).toBeDefined();
  });

  it("a batch is 1 call (one Composite request) when no message carries an email or phone", async () => {
    const before = fake.requests.length;
    await connector().sync([item(14), item(15)]);
    expect(writesSince(fake, before)).toBe(1);
  });

  it("a workspace's mapping renames and adds fields; other workspaces keep the default", async () => {
    const sf = connector({
      mappings: {
        acme: {
          caseRenames: { Origin: "Subject", Priority: null },
          caseFields: { Description: "sentiment.label", Origin: { value: "Web" } },
          contactFields: { FirstName: "author.handle" },
        },
      },
    });
    const results = await sf.sync([
      item(16, { workspaceId: "acme", text: "hello", sentiment: { label: "positive", score: 0.7 } }),
      item(17, { text: "other workspace" }),
    ]);
    results.map(ok);
    const cases = fake.records("Case");
    expect(cases.find((c) => c.SCRM_Case_Key__c === "case-16")).toMatchObject({
      Subject: "facebook",
      Description: "positive",
      Origin: "Web",
      Priority: "Medium", // left out, so the org's default
    });
    expect(cases.find((c) => c.SCRM_Case_Key__c === "case-17")).toMatchObject({
      Subject: "other workspace",
      Origin: "facebook",
    });
    expect(fake.records("Contact").find((c) => c.SCRM_Social_Handle__c === "facebook:user16")).toMatchObject({
      FirstName: "user16",
    });
  });
});
