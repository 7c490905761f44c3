import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../fakes/hubspot";
import { hubspotConnectorTo } from "../support/hubspot";
import { type PageComment, pageComments, sendComments } from "../support/meta-comments";
import { removeDir, startTestStack, type TestStack } from "../support/stack";
import { until } from "../support/until";

const comment = pageComments("204817932345678", 1_763_900_000);

interface Sync {
  state: string;
  attempts?: number;
  recordIds?: Record<string, string>;
}

describe("HubSpot sync through the embedded stack, against a local HubSpot CRM API", () => {
  let fake: HubSpotFake;
  let stack: TestStack;
  const syncOf = async (id: string) =>
    (await stack.api<{ sync?: Record<string, Sync> }>(`/api/v1/interactions/${id}`)).body.sync?.hubspot;
  const synced = (id: string) =>
    until(async () => {
      const sync = await syncOf(id);
      return sync?.state === "synced" ? sync : undefined;
    });
  const send = (item: PageComment) => sendComments(stack.url, [item]);
  const searches = () => fake.requests.filter((request) => request.path.endsWith("/notes/search")).length;
  const notesOf = (id: string) =>
    fake.objects("notes").filter((note) => note.properties.scrm_interaction_id === id).length;

  beforeAll(async () => {
    fake = await startHubSpotFake({ withProperties: true });
    stack = await startTestStack({
      connectors: {
        hubspot: hubspotConnectorTo(fake, { retryDelaysMs: [] }),
      },
      outboxSweepMs: 20,
      syncRetrySchedule: [50, 50, 50, 50],
    });
    const created = await stack.api("/api/v1/rules", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "to-hubspot", name: "to HubSpot", then: [{ type: "sync", target: "hubspot" }] }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });
  beforeEach(() => fake.faults.clear());
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
    await fake.stop();
  });

  it("a thread's comments share a ticket, with a note each; first attempts look for no earlier notes", async () => {
    const first = comment("8001", "u1", "my order is late");
    await send(first);
    const one = await synced(first.id);
    const second = comment("8001", "u2", "mine too");
    await send(second);
    const two = await synced(second.id);
    expect(two.recordIds?.ticket).toBe(one.recordIds?.ticket);
    expect(notesOf(first.id)).toBe(1);
    expect(notesOf(second.id)).toBe(1);
    expect(searches()).toBe(0);
  });

  it("after an attempt that reached HubSpot but got no answer, the retry finds the note instead of writing another", async () => {
    const opener = comment("8002", "u3", "hello");
    await send(opener);
    await synced(opener.id);
    // The notes are written, the answer is lost; the connector (no in-call retries here) reports a failure.
    fake.faults.dropResponseAfterWrite(1, /\/notes\/batch\/create$/);
    const lost = comment("8002", "u3", "anyone there?");
    await send(lost);
    const sync = await synced(lost.id);
    expect(fake.requests.some((request) => request.status === "dropped")).toBe(true);
    expect(sync.state).toBe("synced");
    expect(searches()).toBeGreaterThan(0);
    expect(notesOf(lost.id)).toBe(1);
  });
});
