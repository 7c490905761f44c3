import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractSlaPolicy } from "../support/contract-sla-policy";
import { removeDir, startTestStack, type TestStack } from "../support/stack";

interface Policy {
  id: string;
  workspaceId: string;
  name?: string;
  version: number;
  updatedBy: string;
  enabled: boolean;
  order: number;
  firstResponse?: string;
  calendar?: string;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ field: string; message: string }> };
}
interface AuditPage {
  items: Array<{ action: string; actor: string; version?: number; entity: { type: string; id: string } }>;
}

describe("SLA policies admin API", () => {
  let stack: TestStack;
  const headers = (actor: string, extra: Record<string, string> = {}) => ({
    "x-actor": actor,
    "content-type": "application/json",
    ...extra,
  });
  const post = (body: unknown, query = "") =>
    stack.api<Policy & ErrorBody>(`/api/v1/sla-policies${query}`, {
      method: "POST",
      headers: headers("dana"),
      body: JSON.stringify(body),
    });
  const put = (id: string, body: unknown, extra: Record<string, string> = {}, query = "") =>
    stack.api<Policy & ErrorBody>(`/api/v1/sla-policies/${id}${query}`, {
      method: "PUT",
      headers: headers("noa", extra),
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("creates, reads, lists, replaces and deletes a policy, and audits each change", async () => {
    const created = await post(contractSlaPolicy);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...contractSlaPolicy,
      workspaceId: "default",
      enabled: true,
      order: 100,
      pauseWhenPending: true,
      version: 1,
      updatedBy: "dana",
    });

    const read = await stack.api<Policy>("/api/v1/sla-policies/social-first-response");
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const replaced = await put(
      "social-first-response",
      { ...contractSlaPolicy, firstResponse: "PT30M" },
      { "if-match": '"1"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ firstResponse: "PT30M", version: 2, updatedBy: "noa" });

    const list = await stack.api<{ items: Policy[] }>("/api/v1/sla-policies");
    expect(list.body.items.map((policy) => [policy.id, policy.version])).toEqual([["social-first-response", 2]]);

    const removed = await stack.api("/api/v1/sla-policies/social-first-response", {
      method: "DELETE",
      headers: headers("noa"),
    });
    expect(removed.status).toBe(204);
    const gone = await stack.api<ErrorBody>("/api/v1/sla-policies/social-first-response");
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("sla_policy.not_found");
    const again = await stack.api<ErrorBody>("/api/v1/sla-policies/social-first-response", {
      method: "DELETE",
      headers: headers("noa"),
    });
    expect(again.status).toBe(404);

    const audit = await stack.api<AuditPage>("/api/v1/audit?entity=sla-policy&entityId=social-first-response");
    // Compared as a set: changes within the same millisecond have no defined order in the log.
    const entries = audit.body.items.map((entry) => [entry.action, entry.actor, entry.version, entry.entity.type]);
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        ["sla_policy.deleted", "noa", 2, "sla-policy"],
        ["sla_policy.updated", "noa", 2, "sla-policy"],
        ["sla_policy.created", "dana", 1, "sla-policy"],
      ]),
    );
  });

  it("makes the id from the name, refuses an id that exists, and needs an id or a name", async () => {
    const named = await post({ name: "WhatsApp resolution", resolution: "P2D" });
    expect(named.status).toBe(201);
    expect(named.body.id).toBe("whatsapp-resolution");

    const duplicate = await post({ name: "WhatsApp resolution", resolution: "P3D" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("sla_policy.exists");
    expect(duplicate.body.error.message).toContain("PUT /sla-policies/whatsapp-resolution");

    const anonymous = await post({ resolution: "P2D" });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.error.details?.map((detail) => detail.field)).toEqual(["id"]);
  });

  it.each([
    ["a duration without a unit", { firstResponse: "PT" }, "firstResponse", /ISO-8601 duration/],
    ["a duration in years", { firstResponse: "P1Y" }, "firstResponse", /years and months/],
    [
      "a percentage of 100 or more",
      { firstResponse: "PT1H", escalations: [{ at: "120%", actions: [{ type: "tag", tags: ["late"] }] }] },
      "escalations[0].at",
      /below 100/,
    ],
    [
      "an unknown action in a step",
      { firstResponse: "PT1H", escalations: [{ at: "breach", actions: [{ type: "explode" }] }] },
      "escalations[0].actions[0].type",
      /an action an escalation can take/,
    ],
    [
      "a rule action an escalation cannot take",
      {
        firstResponse: "PT1H",
        escalations: [
          { at: "+PT30M", actions: [{ type: "tag", tags: ["late"] }] },
          { at: "breach", actions: [{ type: "startSla", policy: "x" }] },
        ],
      },
      "escalations[1].actions[0].type",
      /an action an escalation can take/,
    ],
    [
      "businessHours and calendar both",
      { firstResponse: "PT1H", calendar: "il", businessHours: contractSlaPolicy.businessHours },
      "calendar",
      /not both/,
    ],
    ["no target at all", { escalations: [] }, "", /needs at least one target/],
    ["an unknown key", { firstResponse: "PT1H", firstReply: "PT1H" }, "firstReply", /unknown key/],
  ])("rejects %s with 400 naming the path", async (_name, fields, field, message) => {
    const response = await post({ id: "invalid-policy", ...fields });
    expect(response.status).toBe(400);
    const detail = response.body.error.details?.find((entry) => entry.field === field);
    expect(detail, JSON.stringify(response.body)).toBeDefined();
    expect(detail?.message).toMatch(message);
    expect(response.body.error.message).toMatch(message);
    expect((await stack.api("/api/v1/sla-policies/invalid-policy")).status).toBe(404);
  });

  it("refuses a stale If-Match with 409, and keeps the newer version", async () => {
    expect((await post({ id: "stale", firstResponse: "PT1H" })).status).toBe(201);
    expect((await put("stale", { firstResponse: "PT2H" }, { "if-match": '"1"' })).status).toBe(200);
    const stale = await put("stale", { firstResponse: "PT3H" }, { "if-match": '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("sla_policy.version_mismatch");
    expect(stale.body.error.message).toContain("version 2");
    expect((await stack.api<Policy>("/api/v1/sla-policies/stale")).body).toMatchObject({
      firstResponse: "PT2H",
      version: 2,
    });
    const missing = await put("never-made", { firstResponse: "PT1H" }, { "if-match": "1" });
    expect(missing.status).toBe(409);

    // Without If-Match a PUT replaces whatever is there, or creates the policy.
    const unconditional = await put("made-by-put", { firstResponse: "PT1H" });
    expect(unconditional.status).toBe(200);
    expect(unconditional.body.version).toBe(1);
  });

  it("refuses a calendar that does not exist in the workspace, naming the field, and accepts it once it does", async () => {
    const policy = { id: "il-hours", firstResponse: "PT2H", calendar: "il-office" };
    const unknown = await post(policy);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("sla_policy.invalid");
    expect(unknown.body.error.details).toEqual([{ field: "calendar", message: expect.stringContaining("il-office") }]);

    const calendar = await stack.api("/api/v1/calendars/il-office", {
      method: "PUT",
      headers: headers("dana"),
      body: JSON.stringify({ timezone: "Asia/Jerusalem", week: { sun: [["09:00", "18:00"]] } }),
    });
    expect(calendar.status).toBe(200);
    const created = await post(policy);
    expect(created.status).toBe(201);
    expect(created.body.calendar).toBe("il-office");

    // The calendar is looked up in the policy's own workspace.
    const elsewhere = await post(policy, "?workspace=acme");
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details?.[0]?.field).toBe("calendar");

    // While a policy uses it, the calendar cannot be deleted (its clocks would fall back to 24/7).
    const inUse = await stack.api<{ error: { code: string; message: string } }>("/api/v1/calendars/il-office", {
      method: "DELETE",
      headers: headers("dana"),
    });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: "calendar.in_use", message: expect.stringContaining("il-hours") });
  });

  it("keeps workspaces apart", async () => {
    const acme = await post({ id: "shared-id", name: "acme's", firstResponse: "PT1H" }, "?workspace=acme");
    expect(acme.status).toBe(201);
    expect(acme.body.workspaceId).toBe("acme");
    const mine = await post({ id: "shared-id", name: "default's", firstResponse: "PT4H" });
    expect(mine.status).toBe(201);

    expect((await stack.api<Policy>("/api/v1/sla-policies/shared-id?workspace=acme")).body.name).toBe("acme's");
    expect((await stack.api<Policy>("/api/v1/sla-policies/shared-id")).body.name).toBe("default's");
    const acmeList = await stack.api<{ items: Policy[] }>("/api/v1/sla-policies?workspace=acme");
    expect(acmeList.body.items.map((policy) => policy.id)).toEqual(["shared-id"]);
    expect((await stack.api("/api/v1/sla-policies/whatsapp-resolution?workspace=acme")).status).toBe(404);

    expect(
      (await stack.api("/api/v1/sla-policies/shared-id?workspace=acme", { method: "DELETE", headers: headers("x") }))
        .status,
    ).toBe(204);
    expect((await stack.api<Policy>("/api/v1/sla-policies/shared-id")).body.name).toBe("default's");
    const acmeAudit = await stack.api<AuditPage>("/api/v1/audit?workspace=acme&entity=sla-policy");
    expect(acmeAudit.body.items.map((entry) => entry.action).sort()).toEqual([
      "sla_policy.created",
      "sla_policy.deleted",
    ]);
  });

  it("documents the routes with the policy schemas", async () => {
    const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths["/api/v1/sla-policies"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/sla-policies/{id}"] ?? {}).sort()).toEqual(["delete", "get", "put"]);
    expect(Object.keys(doc.paths["/api/v1/calendars/{id}/holidays"] ?? {})).toEqual(["put"]);
    expect(doc.components.schemas).toHaveProperty("SlaPolicyInput");
    expect(doc.components.schemas).toHaveProperty("SlaPolicy");
    expect(doc.components.schemas).toHaveProperty("SlaEscalationStep");
  });
});
