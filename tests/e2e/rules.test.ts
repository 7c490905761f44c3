import { interactionId } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const pageId = "104817932345678";
const comment = (n: number, message: string, verb: "add" | "edited" = "add") => {
  const payload = feedCommentPayload({
    pageId,
    postId: "7001",
    commentId: String(n),
    author: { id: `90000${n}`, name: `Customer ${n}` },
    message,
    createdTime: 1_763_800_000 + n * 60 + (verb === "edited" ? 30 : 0),
  });
  const [entry] = payload.entry as Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
  const value = entry?.changes[0]?.value as Record<string, unknown>;
  value.verb = verb;
  return payload;
};
const idOf = (n: number) => interactionId("facebook", `7001_${n}`);

interface Interaction {
  id: string;
  tags: string[];
  priority: string;
  status: string;
  language?: string;
  sentiment?: { label: string; score: number };
  intent?: string;
  enrichment?: { method: string };
  overrides?: Record<string, { by: string }>;
  history: Array<{ type: string; by: string; detail?: Record<string, unknown> }>;
}

const vipComplaints = {
  id: "vip-complaints",
  name: "VIP complaints",
  order: 10,
  on: ["interaction.received", "interaction.updated"],
  when: {
    all: [
      { field: "direction", op: "eq", value: "inbound" },
      {
        any: [
          { field: "text", op: "containsAny", value: ["refund", "broken", "החזר"] },
          { field: "sentiment.label", op: "eq", value: "negative" },
        ],
      },
    ],
  },
  then: [
    { type: "tag", tags: ["complaint"] },
    { type: "setPriority", priority: "urgent" },
  ],
};

describe("rules, enrichment and human override on the embedded stack", () => {
  let stack: TestStack;
  const send = async (payload: unknown) => {
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, payload)).status).toBe(200);
    await stack.settled();
  };
  const interaction = async (n: number) => (await stack.api<Interaction>(`/api/v1/interactions/${idOf(n)}`)).body;
  const actor = (name: string) => ({ "x-actor": name, "content-type": "application/json" });

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("rejects a rule with an unknown operator, naming the path", async () => {
    const bad = structuredClone(vipComplaints) as { when: { all: Array<Record<string, unknown>> } };
    (bad.when.all[0] as Record<string, unknown>).op = "containz";
    const response = await stack.api<{ error: { code: string; message: string; details: Array<{ field: string }> } }>(
      "/api/v1/rules",
      { method: "POST", headers: actor("dana"), body: JSON.stringify(bad) },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('when.all[0].op: unknown operator "containz"');
    expect(response.body.error.details.map((d) => d.field)).toContain("when.all[0].op");
  });

  it("runs an admin's rule on a received comment, after machine enrichment (Hebrew)", async () => {
    const created = await stack.api<{ version: number }>("/api/v1/rules", {
      method: "POST",
      headers: actor("dana"),
      body: JSON.stringify(vipComplaints),
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);

    await send(comment(1, "הזמנתי מכונה והיא הגיעה שבורה, אני רוצה החזר כספי"));
    const found = await interaction(1);
    expect(found.tags).toEqual(["complaint"]);
    expect(found.priority).toBe("urgent");
    expect(found.language).toBe("he");
    expect(found.enrichment?.method).toMatch(/^lexicon@/);
    expect(found.history.find((entry) => entry.type === "enriched")?.by).toMatch(/^machine:/);
    const applied = found.history.find((entry) => entry.type === "rule");
    expect(applied?.by).toBe("rule:vip-complaints@1");
    expect(applied?.detail).toMatchObject({ rule: "vip-complaints", version: 1, event: "interaction.received" });
  });

  it("leaves a comment that matches nothing alone", async () => {
    await send(comment(2, "What time do you open on Friday?"));
    const found = await interaction(2);
    expect(found.tags).toEqual([]);
    expect(found.priority).toBe("normal");
    expect(found.intent).toBe("question");
    expect(found.history.some((entry) => entry.type === "rule")).toBe(false);
  });

  it("a person's override is recorded and later automatic passes never overwrite it", async () => {
    const patched = await stack.api<Interaction>(`/api/v1/interactions/${idOf(1)}`, {
      method: "PATCH",
      headers: actor("dana@barzel.example"),
      body: JSON.stringify({
        priority: "low",
        removeTags: ["complaint"],
        sentiment: { label: "neutral" },
        note: "regular customer, joking",
      }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.priority).toBe("low");
    expect(patched.body.tags).toEqual([]);
    expect(patched.body.overrides?.priority?.by).toBe("user:dana@barzel.example");
    await stack.settled();

    // The customer edits the comment: enrichment and the rules run again, on interaction.updated.
    await send(comment(1, "עדיין מחכה להחזר, המכונה שבורה", "edited"));
    const after = await interaction(1);
    expect(after.priority).toBe("low");
    expect(after.tags).not.toContain("complaint");
    expect(after.sentiment?.label).toBe("neutral");
    const lastRule = after.history.filter((entry) => entry.type === "rule").at(-1);
    expect(lastRule?.detail?.event).toBe("interaction.updated");
    expect((lastRule?.detail?.actions as Array<{ outcome: string }> | undefined)?.map((a) => a.outcome)).toEqual([
      "overridden",
      "overridden",
    ]);
    const audit = await stack.api<{ items: Array<{ action: string; actor: string; entity: { id: string } }> }>(
      `/api/v1/audit?entity=interaction&entityId=${idOf(1)}`,
    );
    expect(audit.body.items[0]).toMatchObject({ action: "interaction.overridden", actor: "dana@barzel.example" });
  });

  it("keeps every version of a rule, and audits who changed it", async () => {
    const updated = await stack.api<{ version: number }>("/api/v1/rules/vip-complaints", {
      method: "PUT",
      headers: { ...actor("noa"), "if-match": '"1"' },
      body: JSON.stringify({ ...vipComplaints, name: "VIP complaints (v2)" }),
    });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    const stale = await stack.api("/api/v1/rules/vip-complaints", {
      method: "PUT",
      headers: { ...actor("noa"), "if-match": '"1"' },
      body: JSON.stringify(vipComplaints),
    });
    expect(stale.status).toBe(409);

    const current = await stack.api<{ name: string; stats: { hits: number } }>("/api/v1/rules/vip-complaints");
    expect(current.body.name).toBe("VIP complaints (v2)");
    expect(current.body.stats.hits).toBeGreaterThanOrEqual(2);

    expect((await stack.api("/api/v1/rules/vip-complaints", { method: "DELETE", headers: actor("noa") })).status).toBe(
      204,
    );
    expect((await stack.api("/api/v1/rules/vip-complaints")).status).toBe(404);
    const versions = await stack.api<{ items: Array<{ version: number; deletedAt?: string }> }>(
      "/api/v1/rules/vip-complaints/versions",
    );
    expect(versions.body.items.map((v) => [v.version, Boolean(v.deletedAt)])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const v1 = await stack.api<{ name: string }>("/api/v1/rules/vip-complaints/versions/1");
    expect(v1.body.name).toBe("VIP complaints");

    const audit = await stack.api<{ items: Array<{ action: string; actor: string; version: number }> }>(
      "/api/v1/audit?entity=rule&entityId=vip-complaints",
    );
    expect(audit.body.items.map((e) => [e.action, e.actor, e.version])).toEqual([
      ["rule.deleted", "noa", 3],
      ["rule.updated", "noa", 2],
      ["rule.created", "dana", 1],
    ]);
  });

  it("a dry run reports per rule what held and what would run, and changes nothing", async () => {
    const before = await interaction(2);
    const response = await stack.api<{
      results: Array<{
        interactionId: string;
        rules: Array<{
          ruleId: string;
          matched: boolean;
          conditions: Array<{ path: string; held: boolean }>;
          actions: Array<{ type: string; outcome: string }>;
        }>;
        result: { tags: string[] };
      }>;
    }>("/api/v1/rules/test", {
      method: "POST",
      headers: actor("dana"),
      body: JSON.stringify({
        rule: {
          name: "opening hours",
          when: { field: "text", op: "contains", value: "OPEN" },
          then: [{ type: "tag", tags: ["hours"] }],
        },
        interactionId: idOf(2),
      }),
    });
    expect(response.status).toBe(200);
    const [result] = response.body.results;
    expect(result?.rules[0]?.matched).toBe(true);
    expect(result?.rules[0]?.conditions[0]).toMatchObject({ path: "when", held: true });
    expect(result?.rules[0]?.actions).toEqual([{ type: "tag", tags: ["hours"], outcome: "applied" }]);
    expect(result?.result.tags).toEqual(["hours"]);
    expect(await interaction(2)).toEqual(before);
  });

  it("rule-caused updates cannot re-trigger rules forever", async () => {
    for (const [id, from, to] of [
      ["ping", "ping", "pong"],
      ["pong", "pong", "ping"],
    ] as const) {
      const created = await stack.api("/api/v1/rules", {
        method: "POST",
        headers: actor("dana"),
        body: JSON.stringify({
          id,
          name: id,
          on: ["interaction.received", "interaction.updated"],
          when: { field: "tags", op: "contains", value: from },
          then: [
            { type: "untag", tags: [from] },
            { type: "tag", tags: [to] },
          ],
        }),
      });
      expect(created.status).toBe(201);
    }
    await stack.api("/api/v1/rules", {
      method: "POST",
      headers: actor("dana"),
      body: JSON.stringify({
        id: "start",
        name: "start",
        order: 1,
        when: { field: "text", op: "contains", value: "ping" },
        then: [{ type: "tag", tags: ["ping"] }],
      }),
    });
    await send(comment(3, "ping"));
    const found = await interaction(3);
    // start tags ping; ping → pong; pong → ping; each rule fires once per cycle, so it ends.
    expect(found.history.filter((entry) => entry.type === "rule").map((entry) => entry.detail?.rule)).toEqual([
      "start",
      "ping",
      "pong",
    ]);
    expect(found.tags).toEqual(["ping"]);
  });

  it("rejects an invalid override naming the field, and documents every decision route", async () => {
    const bad = await stack.api<{ error: { message: string; details: Array<{ field: string }> } }>(
      `/api/v1/interactions/${idOf(2)}`,
      { method: "PATCH", headers: actor("dana"), body: JSON.stringify({ priority: "critical" }) },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(["priority"]);
    expect(
      (
        await stack.api(`/api/v1/interactions/nope`, {
          method: "PATCH",
          headers: actor("dana"),
          body: '{"priority":"low"}',
        })
      ).status,
    ).toBe(404);

    const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/v1/interactions/{id}"] ?? {})).toContain("patch");
    for (const path of [
      "/api/v1/rules",
      "/api/v1/rules/{id}",
      "/api/v1/rules/test",
      "/api/v1/audit",
      "/api/v1/calendars/{id}",
      "/api/v1/notifications",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
