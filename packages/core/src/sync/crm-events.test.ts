import { describe, expect, it } from "vitest";
import { interactionFor } from "../decision/test-support";
import { ConflictError } from "../errors";
import type { Interaction } from "../interaction/schema";
import type { BusEvent, InteractionStore, OutboxEntry, StoredInteraction } from "../ports";
import { applyCrmCaseEvent, type CrmCaseEvent, type CrmEventDeps, parseCaseKey } from "./crm-events";
import type { ThreadCase, ThreadCaseStore } from "./ports";

function memoryDeps(seed: Interaction[]) {
  const items = new Map<string, StoredInteraction>(
    seed.map((interaction) => [interaction.id, { interaction, version: 1, pending: [] }]),
  );
  const published: BusEvent[] = [];
  const cases = new Map<string, ThreadCase>();
  const interactions: InteractionStore = {
    get: async (id) => structuredClone(items.get(id)),
    async put(interaction, expected, outbox) {
      if (items.get(interaction.id)?.version !== expected) throw new ConflictError("changed");
      items.set(interaction.id, { interaction, version: (expected ?? 0) + 1, pending: outbox?.events ?? [] });
      return { key: interaction.id, events: outbox?.events ?? [], token: "t" } satisfies OutboxEntry;
    },
    list: async () => ({ items: [] }),
  };
  const caseStore: ThreadCaseStore = {
    get: async (ws, target, key) => cases.get(`${ws}|${target}|${key}`),
    async put(ws, target, key, next, expected) {
      const id = `${ws}|${target}|${key}`;
      if (JSON.stringify(cases.get(id)) !== JSON.stringify(expected)) return false;
      cases.set(id, next);
      return true;
    },
  };
  const deps: CrmEventDeps = {
    interactions,
    threads: {
      listThread: async (ws, platform, threadId) =>
        [...items.values()]
          .map((item) => item.interaction)
          .filter((i) => i.workspaceId === ws && i.platform === platform && i.threadId === threadId),
    },
    cases: caseStore,
    bus: { publish: async (events) => void published.push(...events) },
    outbox: { listDue: async () => [], settle: async () => undefined },
    clock: { now: () => new Date("2026-11-22T13:00:00.000Z") },
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  };
  return { deps, items, cases, published };
}

const closed = (overrides: Partial<CrmCaseEvent> = {}): CrmCaseEvent => ({
  target: "hubspot",
  change: "closed",
  case: { workspaceId: "default", platform: "facebook", threadId: "t", seq: 1 },
  eventId: "crm:hubspot:1",
  at: "2026-11-22T12:30:00.000Z",
  recordId: "901",
  ...overrides,
});

describe("a case closed, reopened or answered in the CRM", () => {
  it("parses case keys: the thread, then #2, #3…", () => {
    expect(parseCaseKey("t")).toEqual({ threadId: "t", seq: 1 });
    expect(parseCaseKey("123_456#3")).toEqual({ threadId: "123_456", seq: 3 });
    expect(parseCaseKey("a#b")).toEqual({ threadId: "a#b", seq: 1 });
  });

  it("closed: marks the case closed, resolves the case's open interactions with an event each, once", async () => {
    // Prepare
    const { deps, items, cases, published } = memoryDeps([
      interactionFor({ id: "a", threadId: "t" }),
      interactionFor({ id: "b", threadId: "t", status: "pending" }),
      interactionFor({
        id: "c",
        threadId: "t",
        status: "open",
        overrides: { status: { by: "user:d", at: "2026-11-22T12:00:00.000Z" } },
      }),
      interactionFor({ id: "d", threadId: "t", sync: { hubspot: { state: "synced", caseKey: "t#2" } } }),
      interactionFor({ id: "e", threadId: "other" }),
    ]);
    // Act
    const result = await applyCrmCaseEvent(deps, closed());
    // Assess
    expect(result.updated.sort()).toEqual(["a", "b"]);
    expect(cases.get("default|hubspot|facebook#t")).toEqual({ seq: 1, closedAt: "2026-11-22T12:30:00.000Z" });
    const a = items.get("a");
    expect(a?.interaction.status).toBe("resolved");
    expect(a?.interaction.history.at(-1)).toMatchObject({
      type: "crm.case-closed",
      by: "crm:hubspot",
      detail: { caseKey: "t", changes: { status: { from: "open", to: "resolved" } }, recordId: "901" },
    });
    expect(a?.interaction.overrides).toBeUndefined();
    expect(a?.pending).toEqual([
      expect.objectContaining({
        id: "crm:hubspot:1",
        type: "interaction.updated",
        awaitConsumer: true,
        detail: expect.objectContaining({ id: "a", change: "crm.case-closed", by: "crm:hubspot" }),
      }),
    ]);
    expect(items.get("c")?.interaction.status).toBe("open");
    expect(items.get("d")?.interaction.status).toBe("open");
    expect(items.get("e")?.interaction.status).toBe("open");
    expect(published).toHaveLength(2);

    expect((await applyCrmCaseEvent(deps, closed())).updated).toEqual([]);
    expect(items.get("a")?.version).toBe(2);
  });

  it("reopened: the case is open again and the interactions the CRM resolved are open", async () => {
    const { deps, items, cases } = memoryDeps([interactionFor({ id: "a", threadId: "t" })]);
    await applyCrmCaseEvent(deps, closed());
    await applyCrmCaseEvent(deps, closed({ change: "reopened", eventId: "crm:hubspot:2" }));
    expect(cases.get("default|hubspot|facebook#t")).toEqual({ seq: 1 });
    expect(items.get("a")?.interaction.status).toBe("open");
    expect(items.get("a")?.interaction.history.at(-1)).toMatchObject({ type: "crm.case-reopened", by: "crm:hubspot" });
  });

  it("answered: only the event, for the SLA first-response clock", async () => {
    const { deps, items, cases } = memoryDeps([interactionFor({ id: "a", threadId: "t" })]);
    await applyCrmCaseEvent(deps, closed({ change: "answered", target: "salesforce", eventId: "crm:salesforce:x" }));
    const a = items.get("a");
    expect(a?.interaction.status).toBe("open");
    expect(a?.interaction.history).toHaveLength(interactionFor().history.length);
    expect(a?.pending[0]).toMatchObject({ id: "crm:salesforce:x", detail: { change: "crm.case-answered" } });
    expect(cases.size).toBe(0);
  });
});
