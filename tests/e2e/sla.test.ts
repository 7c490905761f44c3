import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PageComment, pageComments, sendComments } from "../support/meta-comments";
import { startReceiver } from "../support/receiver";
import { removeDir, startTestStack, type TestStack } from "../support/stack";
import { until } from "../support/until";

const pageId = "304817932345678";
/** Comments created now unless a test says when. */
const comment = pageComments(pageId);

interface Clock {
  policy: string;
  state: string;
  dueAt: string;
  metAt?: string;
  breachedAt?: string;
  remaining?: string;
}
interface Seen {
  priority: string;
  tags: string[];
  status: string;
  escalation?: { level: number };
  sla?: Record<string, Clock>;
  history: Array<{ type: string; by: string }>;
}

describe("SLA clocks on the embedded stack, with second-scale targets", () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const get = async (id: string) => (await stack.api<Seen>(`/api/v1/interactions/${id}`)).body;
  const send = (item: PageComment) => sendComments(stack.url, [item]);
  const post = async (path: string, body: unknown) => {
    const answer = await stack.api(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  };

  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    stack = await startTestStack({ outboxSweepMs: 100 });
    await post("/api/v1/sla-policies", {
      id: "fast",
      name: "fast first response",
      firstResponse: "PT3S",
      resolution: "PT1H",
      escalations: [
        { at: "50%", metrics: ["firstResponse"], actions: [{ type: "notify", url: receiver.url, note: "half way" }] },
        {
          at: "breach",
          metrics: ["firstResponse"],
          actions: [
            { type: "setPriority", priority: "urgent" },
            { type: "escalate", level: 2, reason: "no answer in time" },
          ],
        },
      ],
    });
    await post("/api/v1/sla-policies", { id: "quarter-hour", firstResponse: "PT15M" });
    await post("/api/v1/sla-policies", {
      id: "conversation",
      firstResponse: "PT1H",
      nextResponse: "PT1H",
      resolution: "PT8H",
      periodicUpdate: "PT4H",
      when: { field: "text", op: "contains", value: "conversation" },
    });
    await post("/api/v1/rules", {
      id: "start-fast",
      name: "customer comments on post 9001/9002 start the fast SLA",
      when: {
        all: [
          { field: "direction", op: "eq", value: "inbound" },
          { field: "text", op: "contains", value: "help" },
        ],
      },
      then: [{ type: "startSla", policy: "fast" }],
    });
    await post("/api/v1/rules", {
      id: "late-ones",
      name: "late ones",
      when: { field: "text", op: "contains", value: "yesterday" },
      then: [{ type: "startSla", policy: "quarter-hour" }],
    });
    await post("/api/v1/rules", {
      id: "on-breach",
      name: "tag breaches",
      on: ["sla.breached"],
      then: [{ type: "tag", tags: ["sla-breached"] }],
    });
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
    await receiver.close();
  });

  it("an unanswered comment: warning, breach, escalation actions, and the rules' reaction, visible through the API", async () => {
    const item = comment("9001", "c1", "help, my order is lost");
    await send(item);
    const started = await until(async () => {
      const seen = await get(item.id);
      return seen.sla?.firstResponse ? seen : undefined;
    });
    expect(started.sla?.firstResponse).toMatchObject({ policy: "fast", state: "running" });
    expect(started.sla?.firstResponse?.remaining).toMatch(/^PT\d/);
    expect(started.sla?.resolution).toMatchObject({ policy: "fast", state: "running" });

    const breached = await until(async () => {
      const seen = await get(item.id);
      return seen.sla?.firstResponse?.state === "breached" && seen.tags.includes("sla-breached") ? seen : undefined;
    }, 15_000);
    expect(breached.priority).toBe("urgent");
    expect(breached.escalation?.level).toBe(2);
    const types = breached.history.map((entry) => entry.type);
    expect(types).toEqual(expect.arrayContaining(["sla.started", "sla.warning", "sla.breached", "sla.step"]));
    expect(types.filter((type) => type === "sla.breached")).toHaveLength(1);
    expect(breached.history.find((entry) => entry.type === "sla.step")?.by).toBe("sla:fast@1");
    await until(async () => (receiver.received.some((r) => r.body.includes("half way")) ? true : undefined));
    expect(receiver.received.filter((r) => r.body.includes("half way"))).toHaveLength(1);
  });

  it("the brand's reply in time stops the first-response clock as met", async () => {
    const question = comment("9002", "c2", "help with sizes?");
    await send(question);
    await until(async () => ((await get(question.id)).sla?.firstResponse ? true : undefined));
    await send(comment("9002", pageId, "Happy to help: see the size chart"));
    const met = await until(async () => {
      const seen = await get(question.id);
      return seen.sla?.firstResponse?.state === "met" ? seen : undefined;
    });
    expect(met.sla?.firstResponse?.metAt).toBeDefined();
    expect(met.sla?.resolution?.state).toBe("running");
    // Met stays met: nothing fires after the due time.
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const later = await get(question.id);
    expect(later.sla?.firstResponse?.state).toBe("met");
    expect(later.history.map((entry) => entry.type)).not.toContain("sla.breached");
  });

  it("a delivery arriving after its clock's due time is breached at once, never silently met", async () => {
    const late = comment("9003", "c3", "I asked yesterday", Math.floor(Date.now() / 1000) - 3_600);
    await send(late);
    const seen = await until(async () => {
      const current = await get(late.id);
      return current.sla?.firstResponse?.state === "breached" ? current : undefined;
    });
    expect(Date.parse(seen.sla?.firstResponse?.breachedAt ?? "")).toBeLessThan(Date.now() - 40 * 60_000);
  });

  it("lists what breaches next, and counts met and breached clocks per policy", async () => {
    const waiting = comment("9004", "c4", "help please");
    await send(waiting);
    await until(async () => ((await get(waiting.id)).sla?.firstResponse ? true : undefined));
    // The timer is set by the SLA handler just after the clock starts.
    const listed = await until(async () => {
      const risk = await stack.api<{ items: Array<{ interactionId: string; metric: string; remaining: string }> }>(
        "/api/v1/sla/at-risk?within=PT1M",
      );
      expect(risk.status).toBe(200);
      return risk.body.items.find((item) => item.interactionId === waiting.id);
    });
    expect(listed).toMatchObject({ metric: "firstResponse" });
    expect(listed.remaining).toMatch(/^PT\d/);
    const since = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const stats = await stack.api<{ policies: Record<string, Record<string, { met: number; breached: number }>> }>(
      `/api/v1/sla/stats?since=${since}`,
    );
    expect(stats.status).toBe(200);
    expect(stats.body.policies.fast?.firstResponse?.met).toBeGreaterThanOrEqual(1);
    expect(stats.body.policies["quarter-hour"]?.firstResponse?.breached).toBeGreaterThanOrEqual(1);
  });

  it("a conversation: picked by the policy's own condition; reply, next message, pending, resolved", async () => {
    const patch = async (id: string, body: unknown) => {
      const answer = await stack.api(`/api/v1/interactions/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "x-actor": "agent@brand" },
        body: JSON.stringify(body),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    };
    const opening = comment("9005", "c5", "a conversation about my refund");
    await send(opening);
    const started = await until(async () => {
      const seen = await get(opening.id);
      return seen.sla?.resolution ? seen : undefined;
    });
    expect(started.sla?.firstResponse).toMatchObject({ policy: "conversation", state: "running" });

    await send(comment("9005", pageId, "We are on it"));
    const answered = await until(async () => {
      const seen = await get(opening.id);
      return seen.sla?.firstResponse?.state === "met" && seen.sla.periodicUpdate ? seen : undefined;
    });
    expect(answered.sla?.periodicUpdate).toMatchObject({ state: "running", policy: "conversation" });

    // The customer writes again in the answered thread: that message waits for a next response.
    const followUp = comment("9005", "c5", "any news on the conversation?");
    await send(followUp);
    const next = await until(async () => {
      const seen = await get(followUp.id);
      return seen.sla?.nextResponse ? seen : undefined;
    });
    expect(next.sla?.firstResponse).toBeUndefined();

    // Waiting on the customer pauses resolution; open again resumes it; resolved stops it, met.
    await patch(opening.id, { status: "pending" });
    await until(async () => ((await get(opening.id)).sla?.resolution?.state === "paused" ? true : undefined));
    await patch(opening.id, { status: "open" });
    await until(async () => ((await get(opening.id)).sla?.resolution?.state === "running" ? true : undefined));
    await patch(opening.id, { status: "resolved" });
    const resolved = await until(async () => {
      const seen = await get(opening.id);
      return seen.sla?.resolution?.state === "met" ? seen : undefined;
    });
    const types = resolved.history.map((entry) => entry.type);
    expect(types).toEqual(expect.arrayContaining(["sla.paused", "sla.resumed", "sla.met"]));
  });
});
