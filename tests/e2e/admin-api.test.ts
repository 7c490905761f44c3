import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const pageId = "104817932345678";
const igAccountId = "17841400000000001";

const feedComment = (n: number) =>
  feedCommentPayload({
    pageId,
    postId: "7001",
    commentId: String(n),
    author: { id: `90000${n}`, name: `Customer ${n}` },
    message: `facebook comment ${n}`,
    createdTime: 1_763_800_000 + n * 60,
  });

const instagramComment = (n: number) => ({
  object: "instagram",
  entry: [
    {
      id: igAccountId,
      time: 1_763_800_030 + n * 60,
      changes: [
        {
          field: "comments",
          value: {
            from: { id: `80000${n}`, username: `fan_${n}` },
            media: { id: "18000000000000001", media_product_type: "FEED" },
            id: `1790000000000${n}`,
            text: `instagram comment ${n}`,
          },
        },
      ],
    },
  ],
});

type Item = { id: string; platform: string; text: string; occurredAt: string };
type Page = { items: Item[]; nextCursor?: string };

describe("admin API", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    for (let n = 0; n < 6; n++) {
      expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, feedComment(n))).status).toBe(200);
      expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, instagramComment(n))).status).toBe(200);
    }
    await stack.settled();
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it.each([
    ["no token", {}],
    ["a wrong token", { authorization: "Bearer nope" }],
    ["another scheme", { authorization: `Basic ${testSecrets.adminToken}` }],
  ])("answers 401 with %s", async (_name, headers) => {
    const response = await fetch(`${stack.url}/api/v1/interactions`, { headers });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^auth\./);
    expect(body.error.message).toBeTruthy();
  });

  it("lists newest first (by the platform's event time) with the default limit", async () => {
    const { status, body } = await stack.api<Page>("/api/v1/interactions");
    expect(status).toBe(200);
    expect(body.items).toHaveLength(12);
    expect(body.nextCursor).toBeUndefined();
    const times = body.items.map((item) => item.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.items[0]?.text).toBe("instagram comment 5");
  });

  it("filters by platform and since", async () => {
    const byPlatform = await stack.api<Page>("/api/v1/interactions?platform=instagram");
    expect(byPlatform.body.items.map((item) => item.text)).toEqual(
      [5, 4, 3, 2, 1, 0].map((n) => `instagram comment ${n}`),
    );
    const since = new Date((1_763_800_000 + 4 * 60) * 1000).toISOString();
    const recent = await stack.api<Page>(`/api/v1/interactions?since=${encodeURIComponent(since)}`);
    expect(recent.body.items.map((item) => item.text)).toEqual([
      "instagram comment 5",
      "facebook comment 5",
      "instagram comment 4",
      "facebook comment 4",
    ]);
  });

  it("pages with nextCursor until it is absent", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body } = await stack.api<Page>(`/api/v1/interactions?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(12);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["status=closed", "status"],
    ["since=yesterday", "since"],
    ["cursor=bogus", "cursor"],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const { status, body } = await stack.api<{
      error: { code: string; details: Array<{ field: string }> | { field: string } };
    }>(`/api/v1/interactions?${query}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body.error.details)).toContain(`"field":"${field}"`);
  });

  it("gets one interaction by id, and 404s an unknown one", async () => {
    const { body } = await stack.api<Page>("/api/v1/interactions?limit=1");
    const first = body.items[0] as Item;
    const one = await stack.api<Item>(`/api/v1/interactions/${first.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    const missing = await stack.api<{ error: { code: string } }>("/api/v1/interactions/facebook_nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("interaction.not_found");
  });

  it("answers unknown routes with the error shape", async () => {
    const { status, body } = await stack.api<{ error: { code: string } }>("/api/v1/nothing-here");
    expect(status).toBe(404);
    expect(body.error.code).toBe("route.not_found");
  });

  it("serves /healthz and /openapi.json without a token", async () => {
    const health = await fetch(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, platforms: { meta: true } });

    const response = await fetch(`${stack.url}/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/webhooks/meta", "/api/v1/interactions", "/api/v1/interactions/{id}", "/healthz"]),
    );
    expect(doc.components.schemas).toHaveProperty("Interaction");
    expect(doc.components.schemas).toHaveProperty("Error");
  });
});
