import type { Interaction, SyncItem } from "@scrm/core";
import { ensureHubSpotProperties, type HubSpotConnector, type HubSpotConnectorOptions } from "@scrm/hubspot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../fakes/hubspot";
import { hubspotConnectorTo } from "../support/hubspot";
import { sampleInteraction } from "../support/interactions";

let fake: HubSpotFake;

beforeEach(async () => {
  fake = await startHubSpotFake({ withProperties: true });
});

afterEach(async () => {
  await fake.stop();
});

const connector = (options: Partial<HubSpotConnectorOptions> = {}) =>
  hubspotConnectorTo(fake, { retryDelaysMs: [5, 10, 20], ...options });

function item(n: number, overrides: Partial<Interaction> = {}, caseState: SyncItem["caseState"] = "new"): SyncItem {
  const interaction = sampleInteraction(n, overrides);
  return { interaction, caseKey: interaction.threadId, caseState };
}

/** Every record and association the fake holds, to compare before and after. */
function snapshot() {
  return {
    contacts: fake.objects("contacts").length,
    tickets: fake.objects("tickets").length,
    notes: fake.objects("notes").length,
    associations: fake.associations.length,
  };
}

describe("HubSpotConnector", () => {
  it("creates the contact, the ticket, the note and their associations", async () => {
    const sync = connector();
    const one = item(1, {
      author: { id: "u1", handle: "ana_l", name: "Ana Lima" },
      text: "My order is late, write me at ana@example.com",
      priority: "urgent",
    });
    const [result] = await sync.sync([one]);
    expect(result).toEqual({
      ok: true,
      recordIds: { contact: expect.any(String), ticket: expect.any(String), note: expect.any(String) },
    });
    if (!result?.ok) throw new Error("expected ok");
    const { contact = "", ticket = "", note = "" } = result.recordIds;

    expect(fake.objects("contacts")).toHaveLength(1);
    expect(fake.objects("contacts")[0]?.properties).toMatchObject({
      scrm_social_handle: "facebook:ana_l",
      firstname: "Ana",
      lastname: "Lima",
      email: "ana@example.com",
    });
    expect(fake.objects("tickets")[0]?.properties).toMatchObject({
      scrm_case_key: one.caseKey,
      subject: "My order is late, write me at ana@example.com",
      content: one.interaction.text,
      hs_ticket_priority: "HIGH",
      hs_pipeline: "0",
      hs_pipeline_stage: "1",
    });
    expect(fake.objects("notes")[0]?.properties).toMatchObject({
      scrm_interaction_id: one.interaction.id,
      hs_timestamp: new Date(one.interaction.occurredAt).toISOString(),
      hs_note_body: expect.stringContaining("My order is late"),
    });
    expect(fake.associated("tickets", ticket, "contacts")).toEqual([contact]);
    expect(fake.associated("tickets", ticket, "notes")).toEqual([note]);
    expect(fake.associations.find((a) => a.fromType === "notes")?.types[0]?.typeId).toBe(228);
  });

  it("groups a thread's messages in one ticket with a note each; the earliest names it", async () => {
    const sync = connector();
    const later = item(20, { threadId: "thread-x", text: "second message" });
    const earlier = item(10, { threadId: "thread-x", text: "first message" });
    const results = await sync.sync([later, earlier]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.objects("tickets")).toHaveLength(1);
    expect(fake.objects("tickets")[0]?.properties.subject).toBe("first message");
    expect(fake.objects("notes")).toHaveLength(2);
    const ticketIds = results.map((r) => (r.ok ? r.recordIds.ticket : undefined));
    expect(new Set(ticketIds).size).toBe(1);
    expect(fake.associated("tickets", String(ticketIds[0]), "notes")).toHaveLength(2);
  });

  it("a second sync of the same items changes nothing and creates no duplicates", async () => {
    const sync = connector();
    const items = [1, 2, 3, 4, 5].map((n) => item(n));
    const first = await sync.sync(items);
    const before = snapshot();
    const tickets = JSON.stringify(fake.objects("tickets").map((t) => t.properties.hs_pipeline_stage));
    const second = await sync.sync(items);
    expect(second).toEqual(first);
    expect(snapshot()).toEqual(before);
    expect(JSON.stringify(fake.objects("tickets").map((t) => t.properties.hs_pipeline_stage))).toBe(tickets);
  });

  it("a first attempt looks for no earlier notes; any later attempt does, and writes no second note", async () => {
    const sync = connector();
    const searches = () => fake.requests.filter((r) => r.path.endsWith("/notes/search")).length;
    // Thread t-40 has a ticket already, so only `firstAttempt` spares the search.
    expect((await sync.sync([item(40, { threadId: "t-40" })])).every((r) => r.ok)).toBe(true);
    const before = searches();
    const first = [41, 42].map((n) => ({ ...item(n, { threadId: "t-40" }, "open"), firstAttempt: true }));
    expect((await sync.sync(first)).every((r) => r.ok)).toBe(true);
    expect(searches()).toBe(before);
    // The same items again as a later attempt (their answer was lost): found, not written twice.
    const again = first.map(({ firstAttempt: _first, ...rest }) => rest);
    expect((await sync.sync(again)).every((r) => r.ok)).toBe(true);
    expect(searches()).toBe(before + 1);
    expect(
      fake.objects("notes").filter((n) => n.properties.scrm_interaction_id === first[0]?.interaction.id),
    ).toHaveLength(1);
  });

  it("a dropped answer to a first attempt's notes is retried with a search, not a second note", async () => {
    const sync = connector();
    expect((await sync.sync([item(45, { threadId: "t-45" })])).every((r) => r.ok)).toBe(true);
    fake.faults.dropResponseAfterWrite(1, /\/notes\/batch\/create$/);
    const results = await sync.sync([{ ...item(46, { threadId: "t-45" }, "open"), firstAttempt: true }]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(
      fake.objects("notes").filter((n) => n.properties.scrm_interaction_id === item(46).interaction.id),
    ).toHaveLength(1);
  });

  it("an interaction synced before keeps its note without a search", async () => {
    const sync = connector();
    const [first] = await sync.sync([item(48, { threadId: "t-48" })]);
    if (!first?.ok) throw new Error("first sync failed");
    const before = fake.requests.length;
    const resynced = item(
      48,
      { threadId: "t-48", sync: { hubspot: { state: "pending", recordIds: first.recordIds } } },
      "open",
    );
    expect(await sync.sync([resynced])).toEqual([first]);
    expect(fake.requests.slice(before).some((r) => r.path.includes("/notes/"))).toBe(false);
  });

  it("keeps an agent's stage on an open case and creates a missing open case with a stage", async () => {
    const sync = connector();
    await sync.sync([item(1)]);
    const ticket = fake.objects("tickets")[0];
    if (ticket) ticket.properties.hs_pipeline_stage = "3"; // an agent moved it
    const [open] = await sync.sync([item(4, { threadId: "thread-1" }, "open")]);
    expect(open?.ok).toBe(true);
    expect(fake.objects("tickets")[0]?.properties.hs_pipeline_stage).toBe("3");

    // The case's ticket is missing (an earlier sync failed): created anyway, with the first stage.
    const [missing] = await sync.sync([item(7, { threadId: "thread-never" }, "open")]);
    expect(missing?.ok).toBe(true);
    expect(
      fake.objects("tickets").find((t) => t.properties.scrm_case_key === "thread-never")?.properties,
    ).toMatchObject({ hs_pipeline_stage: "1" });
  });

  describe("a crash after HubSpot wrote (dropped answer)", () => {
    const steps = {
      contacts: (c: HubSpotConnector) => c.client.crm.contacts.batchApi,
      tickets: (c: HubSpotConnector) => c.client.crm.tickets.batchApi,
      notes: (c: HubSpotConnector) => c.client.crm.objects.notes.batchApi,
    };
    for (const [step, api] of Object.entries(steps)) {
      for (const retries of [[5, 10], []]) {
        it(`${step}: ${retries.length ? "retried inside" : "synced again"} without a duplicate`, async () => {
          const sync = connector({ retryDelaysMs: retries });
          const target = api(sync) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
          const method = step === "notes" ? "create" : "upsert";
          const original = target[method]?.bind(target);
          let armed = true;
          vi.spyOn(target, method).mockImplementation((...args: unknown[]) => {
            if (armed) fake.faults.dropResponseAfterWrite(1);
            armed = false;
            return original?.(...args) as Promise<unknown>;
          });
          const items = [item(1), item(2), item(4)]; // threads 1, 2, 1
          let results = await sync.sync(items);
          expect(fake.requests.some((r) => r.status === "dropped")).toBe(true);
          if (!retries.length) {
            expect(results.every((r) => !r.ok && r.retryable)).toBe(true);
            results = await sync.sync(items);
          }
          expect(results.every((r) => r.ok)).toBe(true);
          expect(snapshot()).toMatchObject({ contacts: 3, tickets: 2, notes: 3 });
          for (const ticket of fake.objects("tickets")) {
            expect(fake.associated("tickets", ticket.id, "contacts").length).toBeGreaterThan(0);
          }
          const again = snapshot();
          await sync.sync(items);
          expect(snapshot()).toEqual(again);
        });
      }
    }
  });

  it("waits out a 429's Retry-After, then succeeds", async () => {
    const sync = connector();
    fake.faults.rateLimit(1, { retryAfterSeconds: 1 });
    const started = Date.now();
    const results = await sync.sync([item(1)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(results[0]?.ok).toBe(true);
    expect(fake.requests.map((r) => r.status)).toContain(429);
  });

  it("waits for the rate-limit window when X-HubSpot-RateLimit-Remaining reaches 0, instead of spending calls on 429s", async () => {
    await fake.stop();
    fake = await startHubSpotFake({ withProperties: true, limits: { max: 3, intervalMs: 600 } });
    const results = await connector().sync([1, 2].map((n) => item(n)));
    expect(results.every((r) => r.ok)).toBe(true);
    const [, , third, fourth] = fake.requests;
    expect(fake.requests.every((r) => r.status !== 429)).toBe(true);
    expect((fourth?.at ?? 0) - (third?.at ?? 0)).toBeGreaterThanOrEqual(550);
  });

  it("stops calling for the day when X-HubSpot-RateLimit-Daily-Remaining reaches 0", async () => {
    await fake.stop();
    fake = await startHubSpotFake({ withProperties: true, limits: { daily: 2 } });
    const sync = connector();
    const [first] = await sync.sync([item(1)]);
    expect(first).toMatchObject({ ok: false, error: { code: "crm.daily_limit" } });
    expect(first && !first.ok ? first.retryAfterMs : 0).toBeGreaterThan(60_000);
    expect(fake.requests).toHaveLength(2);
  });

  it("gives up at once on the daily limit, with a long retryAfterMs", async () => {
    const sync = connector();
    fake.faults.rateLimit(1, { policyName: "DAILY" });
    const [result] = await sync.sync([item(1)]);
    expect(result).toMatchObject({ ok: false, retryable: true, error: { code: "RATE_LIMIT", status: 429 } });
    expect(result && !result.ok && result.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a burst of 502/503/504 and succeeds", async () => {
    const sync = connector();
    fake.faults.downFor(3);
    const results = await sync.sync([item(1), item(2)]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.requests.filter((r) => r.status === 503 || r.status === 502 || r.status === 504)).toHaveLength(3);
  });

  it("reports every item retryable while HubSpot is down, and writes nothing twice once it is back", async () => {
    const sync = connector();
    await sync.sync([item(1)]); // the pipeline is cached, one case exists
    fake.faults.down(true);
    const items = [item(1), item(2), item(3)];
    const down = await sync.sync(items);
    expect(down).toHaveLength(3);
    for (const result of down) {
      expect(result).toMatchObject({ ok: false, retryable: true, error: { code: "http_503", status: 503 } });
    }
    fake.faults.down(false);
    const back = await sync.sync(items);
    expect(back.every((r) => r.ok)).toBe(true);
    expect(snapshot()).toMatchObject({ contacts: 3, tickets: 3, notes: 3 });
  });

  it("fails only the refused input of a 207, with HubSpot's category", async () => {
    const sync = connector();
    const items = [item(1), item(2), item(3)];
    const refused = items[1]?.interaction.id;
    fake.faults.rejectInput(
      (input) => input.objectType === "notes" && input.properties.scrm_interaction_id === refused,
      {
        category: "VALIDATION_ERROR",
        message: "note refused",
      },
    );
    fake.faults.rejectInput((input) => input.objectType === "tickets" && input.id === "thread-0", {
      category: "RATE_LIMITS",
      message: "try later",
    });
    const results = await sync.sync(items);
    expect(results[0]?.ok).toBe(true);
    expect(results[1]).toEqual({
      ok: false,
      retryable: false,
      error: { code: "VALIDATION_ERROR", category: "VALIDATION_ERROR", message: "note refused" },
    });
    expect(results[2]).toMatchObject({ ok: false, retryable: true, error: { category: "RATE_LIMITS" } });
    expect(fake.objects("notes")).toHaveLength(1);
  });

  it("sends at most 100 inputs per object batch call (associations: at most 1,000)", async () => {
    const sync = connector();
    const items = Array.from({ length: 250 }, (_, n) => item(n, { threadId: `t-${n}`, author: { id: `a-${n}` } }));
    const results = await sync.sync(items);
    expect(results.every((r) => r.ok)).toBe(true);
    for (const request of fake.requests) {
      const inputs = (request.body as { inputs?: unknown[] } | undefined)?.inputs;
      const limit = request.path.startsWith("/crm/v4/associations/") ? 1000 : 100;
      if (request.path.includes("/batch/")) expect(inputs?.length ?? 0).toBeLessThanOrEqual(limit);
    }
    expect(
      fake.requests
        .filter((r) => r.path.includes("/batch/"))
        .map((r) => (r.body as { inputs: unknown[] }).inputs.length),
    ).toContain(250); // one associate call for the whole batch
    expect(snapshot()).toMatchObject({ contacts: 250, tickets: 250, notes: 250 });
  });

  it("counts API calls for 1,000 interactions over 300 threads, in batches of 100", async () => {
    const sync = connector();
    const seen = new Set<string>();
    const all = Array.from({ length: 1000 }, (_, n) => {
      const thread = (n * 7919) % 300; // threads interleave, as they do in a stream
      const interaction = sampleInteraction(n, { threadId: `t-${thread}`, author: { id: `a-${thread % 250}` } });
      const caseState = seen.has(interaction.threadId) ? "open" : "new";
      seen.add(interaction.threadId);
      return { interaction, caseKey: interaction.threadId, caseState } satisfies SyncItem;
    });
    for (let start = 0; start < all.length; start += 100) {
      const results = await sync.sync(all.slice(start, start + 100));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    const calls = fake.requests.length;
    const byPath = new Map<string, number>();
    for (const r of fake.requests) byPath.set(`${r.method} ${r.path}`, (byPath.get(`${r.method} ${r.path}`) ?? 0) + 1);
    console.log(`HubSpot API calls for 1,000 interactions over 300 threads: ${calls}`, Object.fromEntries(byPath));
    expect(snapshot()).toMatchObject({ tickets: 300, notes: 1000, contacts: 250 });
    // 10 batches × 3 writes (contacts, tickets, notes) + the pipeline read + searches and associations when needed.
    expect(calls).toBeLessThanOrEqual(45);
  });
});

describe("ensureHubSpotProperties", () => {
  it("creates the missing properties once, in the scrm group", async () => {
    const plain = await startHubSpotFake();
    try {
      const options = { accessToken: "test-token", basePath: plain.url };
      expect(await ensureHubSpotProperties(options)).toEqual([
        "contacts.scrm_social_handle",
        "tickets.scrm_case_key",
        "notes.scrm_interaction_id",
      ]);
      expect(await ensureHubSpotProperties(options)).toEqual([]);
      expect(plain.properties("contacts").find((p) => p.name === "scrm_social_handle")).toMatchObject({
        hasUniqueValue: true,
        groupName: "scrm",
      });
      expect(plain.properties("tickets").find((p) => p.name === "scrm_case_key")?.hasUniqueValue).toBe(true);
      expect(plain.properties("notes").find((p) => p.name === "scrm_interaction_id")?.hasUniqueValue).toBe(false);

      const sync = hubspotConnectorTo(plain);
      expect((await sync.sync([item(1)]))[0]?.ok).toBe(true);
    } finally {
      await plain.stop();
    }
  });
});
