import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";
import { type PageComment, pageComments, sendComments } from "../support/meta-comments";
import { removeDir, startTestStack, type TestStack } from "../support/stack";
import { until } from "../support/until";

const pageId = "104817932345678";
const comment = pageComments(pageId, 1_763_800_000);

interface Sync {
  state: string;
  recordIds?: Record<string, string>;
  caseKey?: string;
  error?: { code: string; fields?: string[] };
}

describe("Salesforce sync through jsforce, against a local Salesforce REST API", () => {
  let fake: SalesforceFake;
  let stack: TestStack;
  const syncOf = async (id: string) =>
    (await stack.api<{ sync?: Record<string, Sync> }>(`/api/v1/interactions/${id}`)).body.sync?.salesforce;
  const settledSync = (id: string) =>
    until(async () => {
      const sync = await syncOf(id);
      return sync && sync.state !== "pending" ? sync : undefined;
    });
  const send = (items: PageComment[]) => sendComments(stack.url, items);
  const apiCalls = () => fake.requests.filter((request) => request.path.startsWith("/services/data/")).length;

  beforeAll(async () => {
    fake = await startSalesforceFake();
    stack = await startTestStack({
      env: { SALESFORCE_INSTANCE_URL: fake.url, SALESFORCE_ACCESS_TOKEN: fake.accessToken },
      outboxSweepMs: 20,
      syncRetrySchedule: [50, 50, 50, 50],
    });
    await stack.api("/api/v1/rules", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "to-salesforce",
        name: "to Salesforce",
        then: [{ type: "sync", target: "salesforce" }],
      }),
    });
  });
  beforeEach(() => fake.faults.reset());
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
    await fake.stop();
  });

  it("upserts a case per thread and a contact per author, in at most two calls per batch", async () => {
    const before = apiCalls();
    const items = [
      comment("7001", "u1", "my order is late"),
      comment("7001", "u2", "same here"),
      comment("7002", "u1", "and another"),
    ];
    await send(items);
    const synced = await Promise.all(items.map((item) => settledSync(item.id)));
    expect(synced.map((sync) => sync.state)).toEqual(["synced", "synced", "synced"]);
    expect(synced.map((sync) => sync.caseKey)).toEqual([items[0]?.threadId, items[0]?.threadId, items[2]?.threadId]);

    const cases = fake.records("Case");
    expect(cases.map((record) => record.SCRM_Case_Key__c).sort()).toEqual([`${pageId}_7001`, `${pageId}_7002`]);
    expect(cases.find((record) => record.SCRM_Case_Key__c === `${pageId}_7001`)).toMatchObject({
      Origin: "facebook",
      Status: "New",
    });
    expect(
      fake
        .records("Contact")
        .map((record) => record.SCRM_Social_Handle__c)
        .sort(),
    ).toEqual(["facebook:u1", "facebook:u2"]);
    expect(synced[0]?.recordIds?.case).toBe(synced[1]?.recordIds?.case);
    // The three arrive together (the bus batches sync requests): one Composite request of lookups
    // (the personas) and one of the writes (contacts, cases, personas, posts).
    expect(apiCalls() - before).toBeLessThanOrEqual(2);
  });

  it("a new message in a thread adds to its case instead of creating another", async () => {
    const next = comment("7001", "u3", "any news?");
    await send([next]);
    expect((await settledSync(next.id)).state).toBe("synced");
    expect(fake.records("Case").filter((record) => record.SCRM_Case_Key__c === `${pageId}_7001`)).toHaveLength(1);
  });

  it("a CRM that is down delays the sync; when it is back everything arrives, once", async () => {
    fake.faults.down(true);
    const items = [comment("7003", "u4", "hello?"), comment("7004", "u5", "anyone?")];
    await send(items);
    await until(async () => ((await syncOf(items[0]?.id as string))?.error ? true : undefined));
    expect((await syncOf(items[0]?.id as string))?.state).toBe("pending");
    fake.faults.down(false);
    const synced = await Promise.all(items.map((item) => settledSync(item.id)));
    expect(synced.map((sync) => sync.state)).toEqual(["synced", "synced"]);
    for (const key of [`${pageId}_7003`, `${pageId}_7004`]) {
      expect(fake.records("Case").filter((record) => record.SCRM_Case_Key__c === key)).toHaveLength(1);
    }
  });

  it("a crash after Salesforce answered creates no second record", async () => {
    fake.faults.dropResponseAfterWrite(1);
    const item = comment("7005", "u6", "lost answer");
    await send([item]);
    expect((await settledSync(item.id)).state).toBe("synced");
    expect(fake.records("Contact").filter((record) => record.SCRM_Social_Handle__c === "facebook:u6")).toHaveLength(1);
    expect(fake.records("Case").filter((record) => record.SCRM_Case_Key__c === `${pageId}_7005`)).toHaveLength(1);
  });

  it("a record Salesforce rejects fails alone, with Salesforce's error, and is listed after its retries", async () => {
    fake.faults.rejectRecord(
      (record) => record.type === "Case" && record.fields.SCRM_Case_Key__c === `${pageId}_7006`,
      {
        statusCode: "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        message: "Subject must not mention competitors",
        fields: ["Subject"],
      },
    );
    const bad = comment("7006", "u7", "rejected one");
    const good = comment("7007", "u7", "accepted one");
    await send([bad, good]);
    expect((await settledSync(good.id)).state).toBe("synced");
    const failed = await settledSync(bad.id);
    expect(failed).toMatchObject({
      state: "failed",
      error: { code: "FIELD_CUSTOM_VALIDATION_EXCEPTION", fields: ["Subject"] },
    });
    const failures = await stack.api<{ items: Array<{ interactionId: string }> }>("/api/v1/sync/failures");
    expect(failures.body.items.map((failure) => failure.interactionId)).toContain(bad.id);
  });

  it("REQUEST_LIMIT_EXCEEDED makes the sync wait long, with Salesforce's error kept", async () => {
    fake.faults.limitExceeded(100);
    const item = comment("7008", "u8", "over the limit");
    await send([item]);
    const waiting = await until(async () => {
      const sync = await syncOf(item.id);
      return sync?.error ? sync : undefined;
    });
    expect(waiting).toMatchObject({ state: "pending", error: { code: "REQUEST_LIMIT_EXCEEDED" } });
    const next = (waiting as Sync & { nextAttemptAt: string }).nextAttemptAt;
    expect(new Date(next).getTime() - Date.now()).toBeGreaterThan(10 * 60_000);
  });
});
