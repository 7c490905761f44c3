import { generateKeyPairSync, sign } from "node:crypto";
import { Connection } from "jsforce";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SalesforceFake, type SalesforceFakeOptions, startSalesforceFake } from "./salesforce";

const clientId = "3MVG9-test-client";
const clientSecret = "test-secret";

let fake: SalesforceFake;

/** Replaces the running fake with one started with these options (afterEach stops it). */
async function restart(options: SalesforceFakeOptions = {}) {
  await fake.stop();
  fake = await startSalesforceFake({ clientId, clientSecret, ...options });
}

function connect(version = fake.apiVersion) {
  return new Connection({ instanceUrl: fake.url, accessToken: "test-token", version });
}

/** The API calls (not token requests) the fake saw, as "METHOD path". */
function calls() {
  return fake.requests.filter((r) => r.path.startsWith("/services/data/")).map((r) => `${r.method} ${r.path}`);
}

/**
 * Collections answer errors as `{ statusCode, message, fields }` (REST API examples); jsforce's
 * TypeScript `SaveError` type says `errorCode`, which only its one-request-per-record paths produce.
 */
type CollectionError = { statusCode: string; message: string; fields: string[] };
const errorsOf = (result: { errors: unknown[] } | undefined) => (result?.errors ?? []) as CollectionError[];

const v = "/services/data/v60.0";

beforeEach(async () => {
  fake = await startSalesforceFake({ clientId, clientSecret });
});

afterEach(async () => {
  await fake.stop();
});

describe("records through jsforce", () => {
  it("creates, retrieves, upserts by external id and queries", async () => {
    const conn = connect();
    const contact = await conn
      .sobject("Contact")
      .create({ FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com" });
    expect(contact).toEqual({ id: expect.stringMatching(/^003[a-zA-Z0-9]{15}$/), success: true, errors: [] });
    const contactId = contact.id as string;
    expect(await conn.sobject("Contact").retrieve(contactId)).toMatchObject({
      attributes: { type: "Contact", url: `${v}/sobjects/Contact/${contactId}` },
      Id: contactId,
      Name: "Ada Lovelace",
    });
    expect(await conn.sobject("Contact").retrieve(contactId.slice(0, 15))).toMatchObject({ Id: contactId });

    const created = await conn
      .sobject("Case")
      .upsert({ SCRM_Case_Key__c: "meta:page:123", Subject: "Late order", ContactId: contactId }, "SCRM_Case_Key__c");
    expect(created).toEqual({ id: expect.stringMatching(/^500/), success: true, errors: [], created: true });
    const updated = await conn
      .sobject("Case")
      .upsert({ SCRM_Case_Key__c: "meta:page:123", Priority: "High" }, "SCRM_Case_Key__c");
    expect(updated).toEqual({ id: created.id, success: true, errors: [], created: false });
    // jsforce puts the external id in the URL, unencoded, and leaves it out of the body.
    expect(fake.requests.at(-1)).toMatchObject({
      method: "PATCH",
      path: `${v}/sobjects/Case/SCRM_Case_Key__c/meta:page:123`,
      body: { Priority: "High" },
    });

    await conn.sobject("Case").update({ Id: created.id as string, Status: "Closed" });
    const result = await conn.query<{ CaseNumber: string; IsClosed: boolean; ClosedDate: string | null }>(
      "SELECT Id, CaseNumber, Subject, Priority, IsClosed, ClosedDate FROM Case WHERE SCRM_Case_Key__c = 'META:PAGE:123'",
    );
    expect(result).toMatchObject({ totalSize: 1, done: true });
    expect(result.records[0]).toEqual({
      attributes: { type: "Case", url: `${v}/sobjects/Case/${created.id}` },
      Id: created.id,
      CaseNumber: "00001001",
      Subject: "Late order",
      Priority: "High",
      IsClosed: true,
      ClosedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
    });
    expect(calls()).toEqual([
      `POST ${v}/sobjects/Contact`,
      `GET ${v}/sobjects/Contact/${contactId}`,
      `GET ${v}/sobjects/Contact/${contactId.slice(0, 15)}`,
      `PATCH ${v}/sobjects/Case/SCRM_Case_Key__c/meta:page:123`,
      `PATCH ${v}/sobjects/Case/SCRM_Case_Key__c/meta:page:123`,
      `PATCH ${v}/sobjects/Case/${created.id}`,
      `GET ${v}/query`,
    ]);
  });

  it("answers an upsert that updates with 204 and no id before API version 46.0", async () => {
    const conn = connect("45.0");
    fake.insert("Case", { SCRM_Case_Key__c: "k-1", Subject: "old" });
    expect(await conn.sobject("Case").upsert({ SCRM_Case_Key__c: "k-1", Subject: "new" }, "SCRM_Case_Key__c")).toEqual({
      success: true,
      errors: [],
    });
    expect(fake.records("Case")[0]).toMatchObject({ Subject: "new" });
  });

  it("receives external ids in the URL as jsforce sends them: unencoded, so '#' and '/' go wrong", async () => {
    const conn = connect();
    // Everything after '#' is a URL fragment and never reaches the server: the wrong key is upserted.
    await conn.sobject("Case").upsert({ SCRM_Case_Key__c: "tw#123", Subject: "hash" }, "SCRM_Case_Key__c");
    expect(fake.records("Case").map((c) => c.SCRM_Case_Key__c)).toEqual(["tw"]);
    // A '/' adds a path segment.
    await expect(
      conn.sobject("Case").upsert({ SCRM_Case_Key__c: "page/123", Subject: "slash" }, "SCRM_Case_Key__c"),
    ).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    // Encoded by the caller (conn.requestPatch), or sent in a collections body, the key arrives intact.
    const key = "page/123#tw?x=1";
    const path = `/sobjects/Case/SCRM_Case_Key__c/${encodeURIComponent(key)}`;
    expect(await conn.requestPatch(path, { Subject: "encoded" })).toMatchObject({ created: true });
    expect(fake.records("Case").map((c) => c.SCRM_Case_Key__c)).toEqual(["tw", key]);
  });

  it("validates writes as the platform does", async () => {
    const conn = connect();
    await expect(conn.sobject("Contact").create({ FirstName: "No last name" })).rejects.toMatchObject({
      errorCode: "REQUIRED_FIELD_MISSING",
      message: "Required fields are missing: [LastName]",
    });
    await expect(conn.sobject("Case").create({ Subject: "x", CaseNumber: "1" })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
    });
    await expect(conn.sobject("Case").create({ Status: "Pending" })).rejects.toMatchObject({
      errorCode: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
      message: "Status: bad value for restricted picklist field: Pending",
    });
    await expect(conn.sobject("Case").create({ Bogus__c: "x" })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
      message: "No such column 'Bogus__c' on sobject of type Case",
    });
    await expect(conn.sobject("Case").create({ ContactId: "003000000000000AAA" })).rejects.toMatchObject({
      errorCode: "INVALID_CROSS_REFERENCE_KEY",
    });
    const first = await conn.sobject("Contact").create({ LastName: "A", SCRM_Social_Handle__c: "x:@ada" });
    await expect(
      conn.sobject("Contact").create({ LastName: "B", SCRM_Social_Handle__c: "X:@ADA" }),
    ).rejects.toMatchObject({
      errorCode: "DUPLICATE_VALUE",
      message: `duplicate value found: SCRM_Social_Handle__c duplicates value on record with id: ${first.id}`,
    });
    await expect(conn.sobject("Case").retrieve("500000000000000AAA")).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    expect(fake.records("Contact")).toHaveLength(1);
  });
});

describe("sObject Collections", () => {
  it("upserts by external id in one call, telling created from updated", async () => {
    const seeded = fake.insert("Contact", { LastName: "Known", SCRM_Social_Handle__c: "ig:known" });
    const results = await connect()
      .sobject("Contact")
      .upsert(
        [
          { SCRM_Social_Handle__c: "ig:known", Phone: "+44 20 7946 0000" },
          { SCRM_Social_Handle__c: "ig:new-1", LastName: "New one" },
          { SCRM_Social_Handle__c: "ig:new-2", LastName: "New two" },
        ],
        "SCRM_Social_Handle__c",
      );
    expect(results).toEqual([
      { id: seeded.Id, success: true, errors: [], created: false },
      { id: expect.stringMatching(/^003/), success: true, errors: [], created: true },
      { id: expect.stringMatching(/^003/), success: true, errors: [], created: true },
    ]);
    expect(fake.requests.at(-1)).toMatchObject({
      method: "PATCH",
      path: `${v}/composite/sobjects/Contact/SCRM_Social_Handle__c`,
      body: {
        allOrNone: false,
        records: [{ attributes: { type: "Contact" }, SCRM_Social_Handle__c: "ig:known" }, {}, {}],
      },
    });
    expect(fake.records("Contact").map((c) => c.Phone)).toEqual(["+44 20 7946 0000", null, null]);
  });

  it("refuses more than 200 records in a call; jsforce splits them only with allowRecursive", async () => {
    const conn = connect();
    const records = Array.from({ length: 201 }, (_, i) => ({ SCRM_Social_Handle__c: `x:${i}`, LastName: `N${i}` }));
    await expect(conn.sobject("Contact").upsert(records, "SCRM_Social_Handle__c")).rejects.toMatchObject({
      errorCode: "EXCEEDED_ID_LIMIT",
      message: "record limit reached. cannot submit more than 200 records into this call",
    });
    expect(fake.records("Contact")).toHaveLength(0);
    const results = await conn
      .sobject("Contact")
      .upsert(records, "SCRM_Social_Handle__c", { allowRecursive: true, allOrNone: true });
    expect(results.every((r) => r.success && r.created)).toBe(true);
    expect(calls().slice(1)).toEqual([
      `PATCH ${v}/composite/sobjects/Contact/SCRM_Social_Handle__c`,
      `PATCH ${v}/composite/sobjects/Contact/SCRM_Social_Handle__c`,
    ]);
    expect(fake.records("Contact")).toHaveLength(201);
  });

  it("rolls the whole call back on one failure with allOrNone, and keeps the good records without", async () => {
    const conn = connect();
    const batch = [{ LastName: "Good" }, { FirstName: "Missing last name" }, { LastName: "Also good" }];
    const rolledBack = await conn.sobject("Contact").create(batch, { allOrNone: true });
    const rollback = {
      statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
      message: "Record rolled back because not all records were valid and the request was using AllOrNone header",
      fields: [],
    };
    expect(rolledBack).toEqual([
      { success: false, errors: [rollback] },
      {
        success: false,
        errors: [
          {
            statusCode: "REQUIRED_FIELD_MISSING",
            message: "Required fields are missing: [LastName]",
            fields: ["LastName"],
          },
        ],
      },
      { success: false, errors: [rollback] },
    ]);
    expect(fake.records("Contact")).toHaveLength(0);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: `${v}/composite/sobjects` });

    const partial = await conn.sobject("Contact").create(batch, { allOrNone: false });
    expect(partial.map((r) => r.success)).toEqual([true, false, true]);
    expect(fake.records("Contact").map((c) => c.LastName)).toEqual(["Good", "Also good"]);

    const ids = fake.records("Contact").map((c) => c.Id as string);
    const updates = await conn.sobject("Contact").update(
      ids.map((Id) => ({ Id, Email: "not-an-email" })),
      { allOrNone: true },
    );
    expect(errorsOf(updates[0])[0]).toEqual({
      statusCode: "INVALID_EMAIL_ADDRESS",
      message: "Email: invalid email address: not-an-email",
      fields: ["Email"],
    });
    expect(fake.requests.at(-1)).toMatchObject({ method: "PATCH", path: `${v}/composite/sobjects` });
  });

  it("fails every record sharing an external id in one call, and records that also name an Id", async () => {
    const existing = fake.insert("Case", { SCRM_Case_Key__c: "k-existing" });
    const results = await connect()
      .sobject("Case")
      .upsert(
        [
          { SCRM_Case_Key__c: "k-1", Subject: "first" },
          { SCRM_Case_Key__c: "K-1", Subject: "second" },
          { SCRM_Case_Key__c: "k-existing", Id: existing.Id as string, Subject: "both" },
          { SCRM_Case_Key__c: "k-2", Subject: "fine" },
        ],
        "SCRM_Case_Key__c",
      );
    expect(results.map((r) => errorsOf(r)[0]?.statusCode ?? "ok")).toEqual([
      "DUPLICATE_VALUE",
      "DUPLICATE_VALUE",
      "INVALID_FIELD",
      "ok",
    ]);
    expect(errorsOf(results[0])[0]).toEqual({
      statusCode: "DUPLICATE_VALUE",
      message: "Duplicate external id specified: k-1",
      fields: ["SCRM_Case_Key__c"],
    });
    expect(fake.records("Case").map((c) => c.SCRM_Case_Key__c)).toEqual(["k-existing", "k-2"]);
  });

  it("answers DUPLICATE_EXTERNAL_ID, or 300 for a single upsert, when a non-unique external id matches twice", async () => {
    const conn = connect();
    fake.insert("SocialPost", { Name: "a", ExternalPostId: "fb_1" });
    fake.insert("SocialPost", { Name: "b", ExternalPostId: "fb_1" });
    const [result] = await conn.sobject("SocialPost").upsert([{ ExternalPostId: "fb_1", Name: "c" }], "ExternalPostId");
    expect(errorsOf(result)[0]?.statusCode).toBe("DUPLICATE_EXTERNAL_ID");
    await expect(
      conn.sobject("SocialPost").upsert({ ExternalPostId: "fb_1", Name: "c" }, "ExternalPostId"),
    ).rejects.toMatchObject({ errorCode: "MULTIPLE_CHOICES" });
  });
});

describe("SOQL", () => {
  beforeEach(() => {
    fake.insert("Contact", { FirstName: "Seán", LastName: "O'Brien", Email: "sean@example.com" });
    fake.insert("Contact", { FirstName: "Back", LastName: "back\\slash" });
    fake.insert("Contact", { FirstName: "Zoë", LastName: "Zed", Email: null, CreatedDate: "2020-01-01T00:00:00Z" });
  });

  it("honours SOQL string escapes, which jsforce's query builder only half applies", async () => {
    const conn = connect();
    expect(await conn.sobject("Contact").find({ LastName: "O'Brien" }, ["Id", "FirstName"])).toEqual([
      expect.objectContaining({ FirstName: "Seán" }),
    ]);
    expect(fake.requests.at(-1)?.query.q).toBe("SELECT Id, FirstName FROM Contact WHERE LastName = 'O\\'Brien'");
    // soql-builder escapes ' but not \, so a backslash reaches the server as a bad escape sequence.
    await expect(conn.sobject("Contact").find({ LastName: "back\\slash" })).rejects.toMatchObject({
      errorCode: "MALFORMED_QUERY",
    });
    const escaped = "back\\slash".replace(/\\/g, "\\\\").replace(/'/g, "\\'");
    const found = await conn.query(`SELECT FirstName FROM Contact WHERE LastName = '${escaped}'`);
    expect(found.records).toEqual([expect.objectContaining({ FirstName: "Back" })]);
    const tab = await conn.query("SELECT Id FROM Contact WHERE LastName = 'a\\tb\\u00e9\\n'");
    expect(tab.totalSize).toBe(0);
  });

  it("filters with AND / OR / IN / LIKE / null / booleans / dateTimes, orders and limits", async () => {
    const conn = connect();
    const names = async (where: string) =>
      (await conn.query<{ LastName: string }>(`SELECT LastName FROM Contact ${where}`)).records.map((r) => r.LastName);
    expect(await names("WHERE LastName IN ('Zed', 'O\\'Brien') ORDER BY LastName DESC")).toEqual(["Zed", "O'Brien"]);
    expect(await names("WHERE (FirstName = 'back' OR Email = null) AND LastName != 'Zed'")).toEqual(["back\\slash"]);
    expect(await names("WHERE LastName LIKE 'o\\'b%' LIMIT 5")).toEqual(["O'Brien"]);
    expect(await names("WHERE CreatedDate < 2021-01-01T00:00:00Z")).toEqual(["Zed"]);
    expect(await names("WHERE Email != null ORDER BY CreatedDate LIMIT 1")).toEqual(["O'Brien"]);
    fake.insert("Case", { Subject: "open" });
    fake.insert("Case", { Subject: "done", Status: "Closed" });
    const closed = await conn.query<{ Subject: string }>("SELECT Subject FROM Case WHERE IsClosed = true");
    expect(closed.records.map((r) => r.Subject)).toEqual(["done"]);
  });

  it("rejects what it does not understand with Salesforce's error codes", async () => {
    const conn = connect();
    const fails = (soql: string) =>
      conn.query(soql).then(
        () => "answered",
        (e: Error) => (e as Error & { errorCode: string }).errorCode,
      );
    expect(await fails("SELECT Id FROM Contact WHERE LastName = 'a' AND FirstName = 'b' OR Email = 'c'")).toBe(
      "MALFORMED_QUERY",
    );
    expect(await fails("SELECT COUNT() FROM Contact")).toBe("MALFORMED_QUERY");
    expect(await fails("SELECT Id FROM Contact WHERE LastName = 'unterminated")).toBe("MALFORMED_QUERY");
    expect(await fails("SELECT Id FROM Contact WHERE LastName = 'bad \\q escape'")).toBe("MALFORMED_QUERY");
    expect(await fails("SELECT Nope__c FROM Contact")).toBe("INVALID_FIELD");
    expect(await fails("SELECT Id FROM Contact WHERE Account.Name = 'x'")).toBe("INVALID_FIELD");
    expect(await fails("SELECT Id FROM Case WHERE Description = 'x'")).toBe("INVALID_FIELD");
    expect(await fails("SELECT Id FROM Case WHERE IsClosed = 'true'")).toBe("INVALID_FIELD");
    expect(await fails("SELECT Id FROM Case WHERE Id = 'nope'")).toBe("INVALID_QUERY_FILTER_OPERATOR");
    expect(await fails("SELECT Id FROM Nope__c")).toBe("INVALID_TYPE");
    await expect(conn.query("SELECT Nope__c FROM Contact")).rejects.toThrow(
      "\nSELECT Nope__c FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nope__c' on entity 'Contact'.",
    );
  });
});

describe("describe", () => {
  it("describes objects and the org", async () => {
    const conn = connect();
    const described = await conn.sobject("Case").describe();
    expect(described).toMatchObject({ name: "Case", keyPrefix: "500" });
    const byName = new Map(described.fields.map((f) => [f.name, f]));
    expect(byName.get("SCRM_Case_Key__c")).toMatchObject({
      type: "string",
      externalId: true,
      unique: true,
      createable: true,
      updateable: true,
      nillable: true,
      length: 255,
      custom: true,
    });
    expect(byName.get("Status")?.picklistValues?.map((p) => p.value)).toEqual([
      "New",
      "Working",
      "Escalated",
      "Closed",
    ]);
    expect(byName.get("CaseNumber")).toMatchObject({ createable: false, autoNumber: true });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual([
      "Case",
      "Contact",
      "SocialPersona",
      "SocialPost",
      "CaseComment",
    ]);
    expect(calls()).toEqual([`GET ${v}/sobjects/Case/describe`, `GET ${v}/sobjects`]);
  });

  it("reflects an org without Social Customer Service or our custom fields", async () => {
    await restart({ withoutSocial: true, missingFields: { Case: ["SCRM_Case_Key__c"] } });
    const conn = connect();
    expect((await conn.describeGlobal()).sobjects.map((s) => s.name)).toEqual(["Case", "Contact", "CaseComment"]);
    await expect(conn.sobject("SocialPost").describe()).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    const fields = (await conn.sobject("Case").describe()).fields.map((f) => f.name);
    expect(fields).not.toContain("SCRM_Case_Key__c");
    await expect(conn.sobject("Case").create({ SCRM_Case_Key__c: "k" })).rejects.toMatchObject({
      errorCode: "INVALID_FIELD",
    });
    await expect(conn.sobject("Case").upsert({ SCRM_Case_Key__c: "k" }, "SCRM_Case_Key__c")).rejects.toMatchObject({
      errorCode: "NOT_FOUND",
      message: "Provided external ID field does not exist or is not accessible: SCRM_Case_Key__c",
    });
    await expect(conn.sobject("SocialPost").create({ Name: "x" })).rejects.toMatchObject({ errorCode: "NOT_FOUND" });
    await expect(conn.query("SELECT SCRM_Case_Key__c FROM Case")).rejects.toMatchObject({ errorCode: "INVALID_FIELD" });
  });
});

describe("authentication", () => {
  it("refuses API calls without a valid bearer token", async () => {
    const conn = new Connection({ instanceUrl: fake.url, accessToken: "wrong", version: fake.apiVersion });
    await expect(conn.query("SELECT Id FROM Case")).rejects.toMatchObject({
      errorCode: "INVALID_SESSION_ID",
      message: "Session expired or invalid",
    });
    const bare = await fetch(`${fake.url}${v}/sobjects`);
    expect(bare.status).toBe(401);
  });

  it("issues tokens through the client credentials flow", async () => {
    const conn = new Connection({
      oauth2: { loginUrl: fake.loginUrl, clientId, clientSecret },
      version: fake.apiVersion,
    });
    const user = await conn.authorize({ grant_type: "client_credentials" });
    expect(user).toMatchObject({ id: expect.stringMatching(/^005/), organizationId: expect.stringMatching(/^00D/) });
    expect(conn.instanceUrl).toBe(fake.url);
    expect(conn.accessToken).toMatch(/^00D[a-zA-Z0-9]{12}!/);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: "/services/oauth2/token",
      body: { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret },
    });
    expect(await conn.sobject("Contact").create({ LastName: "Via OAuth" })).toMatchObject({ success: true });
    expect(await conn.identity()).toMatchObject({ user_id: user.id, organization_id: user.organizationId });

    const wrong = new Connection({ oauth2: { loginUrl: fake.loginUrl, clientId, clientSecret: "nope" } });
    await expect(wrong.authorize({ grant_type: "client_credentials" })).rejects.toMatchObject({
      name: "invalid_client",
      message: "invalid client credentials",
    });
  });

  it("issues tokens for a JWT bearer assertion whose iss is the client id, checking RS256 only with a public key", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwt = (claims: Record<string, unknown>, key = privateKey) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
      const signed = `${part({ alg: "RS256" })}.${part(claims)}`;
      return `${signed}.${sign("RSA-SHA256", Buffer.from(signed), key).toString("base64url")}`;
    };
    const claims = {
      iss: clientId,
      sub: fake.username,
      aud: fake.loginUrl,
      exp: Math.floor(Date.now() / 1000) + 180,
    };
    const grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    const authorize = (assertion: string) =>
      new Connection({ oauth2: { loginUrl: fake.loginUrl } }).authorize({ grant_type: grant, assertion });

    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    await expect(authorize(jwt(claims, other))).resolves.toMatchObject({ id: expect.stringMatching(/^005/) });
    await expect(authorize(jwt({ ...claims, iss: "someone-else" }))).rejects.toMatchObject({
      name: "invalid_client_id",
    });
    await expect(authorize(jwt({ ...claims, exp: 1 }))).rejects.toMatchObject({ name: "invalid_grant" });
    await expect(authorize("not-a-jwt")).rejects.toMatchObject({ name: "invalid_grant" });
    await expect(authorize(jwt({ ...claims, sub: "stranger@example.com" }))).rejects.toMatchObject({
      name: "invalid_grant",
      message: "user hasn't approved this consumer",
    });

    await restart({ jwtPublicKey: publicKey });
    await expect(authorize(jwt({ ...claims, aud: fake.loginUrl }))).resolves.toBeDefined();
    await expect(authorize(jwt({ ...claims, aud: fake.loginUrl }, other))).rejects.toMatchObject({
      name: "invalid_grant",
    });
  });

  it("expires sessions: jsforce re-authorizes only through a refreshFn for client credentials", async () => {
    const conn = new Connection({
      oauth2: { loginUrl: fake.loginUrl, clientId, clientSecret },
      version: fake.apiVersion,
      refreshFn: (c, callback) => {
        c.oauth2
          .requestToken({ grant_type: "client_credentials" })
          .then((res) => callback(null, res.access_token, res), callback);
      },
    });
    await conn.authorize({ grant_type: "client_credentials" });
    fake.faults.expireSessions();
    expect(await conn.sobject("Contact").create({ LastName: "After refresh" })).toMatchObject({ success: true });
    expect(fake.requests.map((r) => r.path.split("/").at(-1))).toEqual(["token", "Contact", "token", "Contact"]);
    await expect(connect().query("SELECT Id FROM Case")).rejects.toMatchObject({ errorCode: "INVALID_SESSION_ID" });
  });
});

describe("faults", () => {
  it("answers 503 for the next n requests, as JSON or as an HTML page", async () => {
    const conn = connect();
    fake.faults.downFor(1);
    await expect(conn.sobject("Contact").create({ LastName: "A" })).rejects.toMatchObject({
      errorCode: "SERVER_UNAVAILABLE",
    });
    fake.faults.downFor(1, { html: true });
    await expect(conn.sobject("Contact").create({ LastName: "A" })).rejects.toMatchObject({
      errorCode: "ERROR_HTTP_503",
    });
    expect(await conn.sobject("Contact").create({ LastName: "A" })).toMatchObject({ success: true });
    expect(fake.records("Contact")).toHaveLength(1);
    expect(calls()).toEqual(Array(3).fill(`POST ${v}/sobjects/Contact`)); // jsforce never retries a POST
  });

  it("lets jsforce retry a GET through a short outage (503 on GET: 5 retries from 500 ms, doubling)", async () => {
    fake.insert("Case", { Subject: "x" });
    fake.faults.downFor(2);
    const result = await connect().query("SELECT Id FROM Case");
    expect(result.totalSize).toBe(1);
    expect(calls()).toEqual([`GET ${v}/query`, `GET ${v}/query`, `GET ${v}/query`]);
  });

  it("stays down until turned back on", async () => {
    const conn = connect();
    fake.faults.down(true);
    await expect(conn.sobject("Contact").create({ LastName: "A" })).rejects.toMatchObject({
      errorCode: "SERVER_UNAVAILABLE",
    });
    await expect(conn.sobject("Contact").create({ LastName: "A" })).rejects.toMatchObject({
      errorCode: "SERVER_UNAVAILABLE",
    });
    fake.faults.down(false);
    expect(await conn.sobject("Contact").create({ LastName: "A" })).toMatchObject({ success: true });
  });

  it("answers 403 REQUEST_LIMIT_EXCEEDED when told to, and when the daily allocation is used up", async () => {
    const conn = connect();
    fake.faults.limitExceeded(1);
    await expect(conn.sobject("Contact").create({ LastName: "A" })).rejects.toMatchObject({
      errorCode: "REQUEST_LIMIT_EXCEEDED",
      message: "TotalRequests Limit exceeded.",
    });
    expect(await conn.sobject("Contact").create({ LastName: "A" })).toMatchObject({ success: true });
    fake.usage.used = fake.usage.max;
    await expect(conn.query("SELECT Id FROM Contact")).rejects.toMatchObject({ errorCode: "REQUEST_LIMIT_EXCEEDED" });
  });

  it("rejects chosen records inside a collections call", async () => {
    fake.faults.rejectRecord((r) => r.type === "Contact" && r.fields.LastName === "Blocked", {
      statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
      message: "Blocked by a validation rule",
    });
    const results = await connect()
      .sobject("Contact")
      .create([{ LastName: "Fine" }, { LastName: "Blocked" }]);
    expect(results[1]).toEqual({
      success: false,
      errors: [
        { statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION", message: "Blocked by a validation rule", fields: [] },
      ],
    });
    expect(fake.records("Contact").map((c) => c.LastName)).toEqual(["Fine"]);
  });

  it("adds latency", async () => {
    fake.faults.latencyMs = 150;
    const started = Date.now();
    await connect().limits();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("carries out a write and then drops the connection without answering", async () => {
    const conn = connect();
    fake.faults.dropResponseAfterWrite(1);
    await expect(
      conn.sobject("Case").upsert({ SCRM_Case_Key__c: "k-drop", Subject: "written" }, "SCRM_Case_Key__c"),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(fake.records("Case")).toEqual([expect.objectContaining({ SCRM_Case_Key__c: "k-drop" })]);
    expect(calls()).toHaveLength(1);
    const again = await conn
      .sobject("Case")
      .upsert({ SCRM_Case_Key__c: "k-drop", Subject: "again" }, "SCRM_Case_Key__c");
    expect(again).toMatchObject({ created: false });
  });
});

describe("API usage", () => {
  it("reports Sforce-Limit-Info on every API answer and DailyApiRequests in /limits", async () => {
    await restart({ dailyApiLimit: 15_000 });
    const conn = connect();
    await conn.query("SELECT Id FROM Case");
    expect(conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 15_000 } });
    const failed = await fetch(`${fake.url}${v}/query?q=SELECT+Nope+FROM+Case`, {
      headers: { authorization: "Bearer test-token" },
    });
    expect(failed.status).toBe(400);
    expect(failed.headers.get("sforce-limit-info")).toBe("api-usage=2/15000");
    expect(await conn.limits()).toMatchObject({ DailyApiRequests: { Max: 15_000, Remaining: 15_000 - 3 } });
    expect(fake.usage).toEqual({ used: 3, max: 15_000 });
  });
});

describe("Composite", () => {
  type Sub = { body: unknown; httpHeaders: object; httpStatusCode: number; referenceId: string };
  const composite = (body: unknown) =>
    connect().request<{ compositeResponse: Sub[] }>({
      method: "POST",
      url: "/composite",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  it("runs collections and queries as subrequests in one API call, parents given by external id or reference", async () => {
    const answer = await composite({
      allOrNone: false,
      compositeRequest: [
        {
          method: "PATCH",
          url: `${v}/composite/sobjects/Contact/SCRM_Social_Handle__c`,
          referenceId: "contacts",
          body: {
            allOrNone: false,
            records: [{ attributes: { type: "Contact" }, SCRM_Social_Handle__c: "facebook:u1", LastName: "One" }],
          },
        },
        {
          method: "PATCH",
          url: `${v}/composite/sobjects/Case/SCRM_Case_Key__c`,
          referenceId: "cases",
          body: {
            allOrNone: false,
            records: [
              {
                attributes: { type: "Case" },
                SCRM_Case_Key__c: "k1",
                Contact: { SCRM_Social_Handle__c: "FACEBOOK:U1" },
              },
              {
                attributes: { type: "Case" },
                SCRM_Case_Key__c: "k2",
                Contact: { SCRM_Social_Handle__c: "facebook:nobody" },
              },
            ],
          },
        },
        {
          method: "POST",
          url: `${v}/composite/sobjects`,
          referenceId: "personas",
          body: {
            allOrNone: false,
            records: [
              {
                attributes: { type: "SocialPersona" },
                Name: "u1",
                Provider: "Facebook",
                ExternalId: "u1",
                ParentId: "@{contacts[0].id}",
              },
            ],
          },
        },
        {
          method: "GET",
          url: `${v}/query?q=${encodeURIComponent("SELECT Id, ContactId FROM Case WHERE SCRM_Case_Key__c = 'k1'")}`,
          referenceId: "found",
        },
        { method: "GET", url: `${v}/sobjects/Case/@{cases[1].id}`, referenceId: "unresolved" },
      ],
    });
    expect(fake.usage.used).toBe(1);
    expect(calls()).toEqual([`POST ${v}/composite`]);
    const [contacts, cases, personas, found, unresolved] = answer.compositeResponse;
    expect(contacts).toMatchObject({
      httpStatusCode: 200,
      referenceId: "contacts",
      body: [{ success: true, created: true }],
    });
    const contactId = (contacts?.body as Array<{ id: string }> | undefined)?.[0]?.id;
    expect(cases?.body).toEqual([
      { id: expect.any(String), success: true, created: true, errors: [] },
      {
        success: false,
        errors: [
          {
            statusCode: "INVALID_FIELD",
            message:
              "Foreign key external ID: facebook:nobody not found for field SCRM_Social_Handle__c in entity Contact",
            fields: ["ContactId"],
          },
        ],
      },
    ]);
    expect(personas).toMatchObject({ httpStatusCode: 200, body: [{ success: true }] });
    expect(fake.records("SocialPersona")[0]?.ParentId).toBe(contactId);
    expect(found).toMatchObject({ httpStatusCode: 200, body: { totalSize: 1, records: [{ ContactId: contactId }] } });
    expect(unresolved).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: "PROCESSING_HALTED" }] });
    expect(fake.records("Case")).toHaveLength(1);
  });

  it("rolls everything back with allOrNone when a subrequest fails, and takes at most 25 subrequests", async () => {
    const create = (n: number) => ({
      method: "POST",
      url: `${v}/sobjects/Contact`,
      referenceId: `c${n}`,
      body: { LastName: `C${n}` },
    });
    const answer = await composite({
      allOrNone: true,
      compositeRequest: [create(1), { ...create(2), body: { Bogus__c: 1 } }, create(3)],
    });
    expect(answer.compositeResponse.map((sub) => sub.httpStatusCode)).toEqual([400, 400, 400]);
    expect(answer.compositeResponse[1]?.body).toMatchObject([{ errorCode: "INVALID_FIELD" }]);
    expect(answer.compositeResponse[2]?.body).toMatchObject([{ errorCode: "PROCESSING_HALTED" }]);
    expect(fake.records("Contact")).toHaveLength(0);

    await expect(
      composite({ compositeRequest: Array.from({ length: 26 }, (_, n) => create(n)) }),
    ).rejects.toMatchObject({ errorCode: "LIMIT_EXCEEDED" });
    expect(fake.records("Contact")).toHaveLength(0);
    expect(fake.usage.used).toBe(2);
  });
});
