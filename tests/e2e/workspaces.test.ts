import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const acmePage = "111111111111111";
const otherPage = "222222222222222";
const comment = (pageId: string, n: number) =>
  feedCommentPayload({
    pageId,
    postId: "3001",
    commentId: String(n),
    author: { id: `5550${n}`, name: "Dana" },
    message: `hello from ${pageId}`,
    createdTime: 1_763_900_000 + n,
  });

type Page = { items: Array<{ workspaceId: string; account: { id: string } }> };

describe("workspaces (WORKSPACE_ACCOUNTS)", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { WORKSPACE_ACCOUNTS: `facebook:${acmePage}=acme` } });
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("puts a registered brand account's interactions in its workspace, any other in default", async () => {
    await sendMetaDelivery(stack.url, testSecrets.appSecret, comment(acmePage, 1));
    await sendMetaDelivery(stack.url, testSecrets.appSecret, comment(otherPage, 2));
    await stack.settled();

    const acme = await stack.api<Page>("/api/v1/interactions?workspace=acme");
    expect(acme.body.items.map((item) => [item.workspaceId, item.account.id])).toEqual([["acme", acmePage]]);
    const fallback = await stack.api<Page>("/api/v1/interactions");
    expect(fallback.body.items.map((item) => [item.workspaceId, item.account.id])).toEqual([["default", otherPage]]);
  });

  it("records on the raw delivery which workspaces its interactions went to", async () => {
    const both = { object: "page", entry: [...comment(acmePage, 3).entry, ...comment(otherPage, 4).entry] };
    const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, both);
    const { deliveryId } = (await response.json()) as { deliveryId: string };
    await stack.settled();
    const delivery = await stack.deliveries.get(deliveryId);
    expect(delivery?.report?.workspaceIds.sort()).toEqual(["acme", "default"]);
  });

  it("runs a workspace's rules only on its own interactions", async () => {
    const rule = (workspace: string) =>
      stack.api(`/api/v1/rules?workspace=${workspace}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          id: "hello",
          name: "hello",
          when: { field: "text", op: "contains", value: "hello" },
          then: [{ type: "tag", tags: [`seen-by-${workspace}`] }],
        }),
      });
    expect((await rule("acme")).status).toBe(201);
    await sendMetaDelivery(stack.url, testSecrets.appSecret, comment(acmePage, 5));
    await sendMetaDelivery(stack.url, testSecrets.appSecret, comment(otherPage, 6));
    await stack.settled();
    const tagged = await stack.api<{ items: Array<{ account: { id: string }; tags: string[] }> }>(
      "/api/v1/interactions?workspace=acme&tag=seen-by-acme",
    );
    expect(tagged.body.items.map((item) => item.account.id)).toEqual([acmePage]);
    const other = await stack.api<{ items: Array<{ tags: string[] }> }>("/api/v1/interactions?limit=1");
    expect(other.body.items[0]?.tags).toEqual([]);
    expect((await stack.api<{ items: unknown[] }>("/api/v1/rules")).body.items).toEqual([]);
  });
});
