import { ConflictError, type Rule, type SlaPolicy } from "@scrm/core";
import { DynamoAuditLog, DynamoRuleStore } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTable, storeServers } from "../support/dynamo";

function rule(id: string, version: number, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    workspaceId: "default",
    name: `rule ${id}`,
    enabled: true,
    order: 10,
    on: ["interaction.received"],
    then: [{ type: "tag", tags: ["x"] }],
    stop: false,
    version,
    createdAt: "2026-11-22T10:00:00.000Z",
    updatedAt: `2026-11-22T10:00:0${version}.000Z`,
    updatedBy: "admin",
    ...overrides,
  } as Rule;
}

function policy(id: string, version: number, overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id,
    workspaceId: "default",
    enabled: true,
    order: 100,
    firstResponse: "PT15M",
    pauseWhenPending: true,
    escalations: [],
    version,
    updatedAt: `2026-11-22T10:00:0${version}.000Z`,
    updatedBy: "admin",
    ...overrides,
  };
}

describe.each(storeServers())("DynamoRuleStore and DynamoAuditLog on %s", (server) => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoRuleStore;
  let audit: DynamoAuditLog;

  beforeAll(async () => {
    table = await freshTable(server);
    store = new DynamoRuleStore(table.documents, table.tableName);
    audit = new DynamoAuditLog(table.documents, table.tableName);
  });
  afterAll(() => table.stop());

  it("keeps every version, serves the current one, and refuses a stale write", async () => {
    const before = await store.revision("default");
    await store.save(rule("vip", 1), undefined);
    await store.save(rule("vip", 2, { name: "VIP v2" }), 1);
    await expect(store.save(rule("vip", 2, { name: "lost update" }), 1)).rejects.toBeInstanceOf(ConflictError);
    await expect(store.save(rule("vip", 1), undefined)).rejects.toBeInstanceOf(ConflictError);

    expect((await store.get("default", "vip"))?.name).toBe("VIP v2");
    expect((await store.versions("default", "vip")).map((v) => [v.version, v.name])).toEqual([
      [1, "rule vip"],
      [2, "VIP v2"],
    ]);
    expect(await store.revision("default")).toBe(before + 2);
  });

  it("a deletion is a tombstone version: gone from list and get, its history readable", async () => {
    await store.save(rule("spam", 1), undefined);
    await store.save({ ...rule("spam", 2), deletedAt: "2026-11-22T11:00:00.000Z" }, 1);
    expect(await store.get("default", "spam")).toBeUndefined();
    expect((await store.list("default")).map((r) => r.id)).not.toContain("spam");
    expect((await store.versions("default", "spam")).map((v) => Boolean(v.deletedAt))).toEqual([false, true]);
  });

  it("keeps workspaces apart", async () => {
    await store.save(rule("vip", 1, { workspaceId: "acme", name: "acme vip" }), undefined);
    expect((await store.get("acme", "vip"))?.name).toBe("acme vip");
    expect((await store.get("default", "vip"))?.name).toBe("VIP v2");
  });

  it("adds hit counts and keeps the latest hit time", async () => {
    await store.recordHits("default", [{ ruleId: "vip", count: 3, lastAt: "2026-11-22T12:00:00.000Z" }]);
    await store.recordHits("default", [{ ruleId: "vip", count: 2, lastAt: "2026-11-22T11:00:00.000Z" }]);
    expect((await store.hits("default")).get("vip")).toEqual({
      ruleId: "vip",
      count: 5,
      lastAt: "2026-11-22T12:00:00.000Z",
    });
  });

  it("stores calendars and bumps the revision with them", async () => {
    const before = await store.revision("default");
    const calendar = { id: "il", timezone: "Asia/Jerusalem", week: { sun: [["09:00", "18:00"]] } } as never;
    await store.saveCalendar("default", calendar);
    expect((await store.getCalendar("default", "il"))?.timezone).toBe("Asia/Jerusalem");
    expect(await store.removeCalendar("default", "il")).toBe(true);
    expect(await store.removeCalendar("default", "il")).toBe(false);
    expect(await store.revision("default")).toBe(before + 2);
  });

  it("stores SLA policies conditionally on their version, per workspace, bumping the revision", async () => {
    const before = await store.revision("default");
    await store.savePolicy(policy("first-response", 1), undefined);
    await expect(store.savePolicy(policy("first-response", 1), undefined)).rejects.toBeInstanceOf(ConflictError);
    await store.savePolicy(policy("first-response", 2, { firstResponse: "PT30M" }), 1);
    await expect(store.savePolicy(policy("first-response", 2, { firstResponse: "PT1H" }), 1)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await store.savePolicy(policy("first-response", 1, { workspaceId: "acme", firstResponse: "PT2H" }), undefined);

    expect(await store.getPolicy("default", "first-response")).toEqual(
      policy("first-response", 2, { firstResponse: "PT30M" }),
    );
    expect((await store.getPolicy("acme", "first-response"))?.firstResponse).toBe("PT2H");
    expect((await store.listPolicies("default")).map((p) => [p.id, p.version])).toEqual([["first-response", 2]]);
    // Policies share the rules' partition; they must not show up as rules or calendars.
    expect((await store.list("default")).map((r) => r.id)).not.toContain("first-response");
    expect(await store.listCalendars("default")).toEqual([]);

    expect(await store.removePolicy("default", "first-response")).toBe(true);
    expect(await store.removePolicy("default", "first-response")).toBe(false);
    expect(await store.getPolicy("default", "first-response")).toBeUndefined();
    expect(await store.listPolicies("acme")).toHaveLength(1);
    expect(await store.revision("default")).toBe(before + 3);
  });

  it("lists audit entries newest first, by entity, with a cursor", async () => {
    for (let n = 0; n < 5; n++) {
      await audit.record({
        id: `a${n}`,
        at: `2026-11-22T12:00:0${n}.000Z`,
        workspaceId: "default",
        actor: "dana",
        action: "rule.updated",
        entity: { type: n % 2 ? "rule" : "interaction", id: n % 2 ? "vip" : `i${n}` },
        version: n,
      });
    }
    const first = await audit.list({ workspaceId: "default", limit: 3 });
    expect(first.items.map((e) => e.id)).toEqual(["a4", "a3", "a2"]);
    const second = await audit.list({ workspaceId: "default", limit: 3, cursor: first.nextCursor });
    expect(second.items.map((e) => e.id)).toEqual(["a1", "a0"]);
    expect(second.nextCursor).toBeUndefined();
    const vip = await audit.list({ workspaceId: "default", entityType: "rule", entityId: "vip", limit: 10 });
    expect(vip.items.map((e) => e.id)).toEqual(["a3", "a1"]);
    const interactions = await audit.list({ workspaceId: "default", entityType: "interaction", limit: 10 });
    expect(interactions.items.map((e) => e.id)).toEqual(["a4", "a2", "a0"]);
  });
});
