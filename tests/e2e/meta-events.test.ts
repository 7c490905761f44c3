import { readFileSync } from "node:fs";
import { type Interaction, interactionId, type RawDelivery } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaJson, metaSignature, sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

/**
 * Every Meta event family, end to end: the fixture's bytes (Meta-escaped and signed) over HTTP to
 * the embedded stack, processed after the 200, read back through the admin API.
 */

type Payload = { object: string; entry: unknown[] };
type Page = { items: Interaction[]; nextCursor?: string };

const fixture = (name: string): Payload =>
  JSON.parse(readFileSync(new URL(`../fixtures/meta/${name}.json`, import.meta.url), "utf8"));

/** The fixture with one id replaced everywhere: the same event shape about another item. */
const rekeyed = (name: string, from: string, to: string): Payload =>
  JSON.parse(JSON.stringify(fixture(name)).replaceAll(from, to));

/** One body holding the entries of several fixtures (all of the same `object`). */
const batchOf = (...names: string[]): Payload => ({
  object: fixture(names[0] ?? "").object,
  entry: names.flatMap((name) => fixture(name).entry),
});

const pageId = "104523987654321";
const postId = `${pageId}_122141721440024251`;
const noaCommentId = "122141721440024251_657063669920574";
const noa = { id: "6780462125377510", name: "Noa Levi" };
const daniel = { id: "7012938475610293", name: "Daniel Cohen" };
const barzel = { id: pageId, name: "Barzel Coffee Roasters" };
const messengerCustomer = "7689966077685933";
const messengerMid = "m_G7806MxRRtEYRbaFW9DwQhGzibAfjF_0k8aXBtCrvhCCBUkL2hQxQYVrwMAV-oVdDMDMUsN7b8NAhW6kufP2Mw";
const igAccount = "17841405822304914";
const igCustomer = "1284758392018374";
const igMedia = "17918195224117851";
const waPhoneNumberId = "106540352242922";
const waNoa = "972541234567";
const waSam = "14155550123";
const waBrandMessage = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSNTNGQ0M3RjFBMDA5QjE1QkE3AA==";

const commentText = "ההזמנה שלי עדיין לא הגיעה, אפשר לבדוק? 🙏";
const editedCommentText = "ההזמנה שלי (#4471) עדיין לא הגיעה, אפשר לבדוק? 🙏";

type Draft = Omit<
  Interaction,
  "id" | "workspaceId" | "receivedAt" | "tags" | "priority" | "status" | "deliveryId" | "history"
>;

/** The whole interaction as it must be stored: the draft fields plus the defaults of a new one. */
function stored(draft: Draft, deliveryId: string) {
  return {
    id: interactionId(draft.platform, draft.externalId),
    workspaceId: "default",
    status: "open",
    priority: "normal",
    tags: [],
    ...draft,
    deliveryId,
    receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    history: expect.any(Array),
  };
}

async function deliver(stack: TestStack, payload: unknown): Promise<string> {
  const response = await sendMetaDelivery(stack.url, testSecrets.appSecret, payload);
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { status: string; deliveryId: string };
  expect(answer.status).toBe("accepted");
  expect(answer.deliveryId).toEqual(expect.any(String));
  expect(answer.deliveryId).not.toBe("");
  return answer.deliveryId;
}

/** Sends one delivery and waits until it has been processed. */
async function deliverSettled(stack: TestStack, payload: unknown): Promise<string> {
  const deliveryId = await deliver(stack, payload);
  await stack.settled();
  return deliveryId;
}

/**
 * What the platform said, without what the machine added after (enrichment and its history entry):
 * these tests are about normalisation; tests/e2e/rules.test.ts covers enrichment.
 */
function platformView(item: Interaction): Interaction {
  const { enrichment: _e, language: _l, sentiment: _s, intent: _i, ...rest } = item;
  return { ...rest, history: item.history.filter((entry) => entry.by === "platform") };
}

async function interaction(stack: TestStack, platform: string, externalId: string): Promise<Interaction> {
  const { status, body } = await stack.api<Interaction>(`/api/v1/interactions/${interactionId(platform, externalId)}`);
  expect(status, `${platform} ${externalId}`).toBe(200);
  return platformView(body);
}

async function listAll(stack: TestStack, query = ""): Promise<Interaction[]> {
  const { status, body } = await stack.api<Page>(`/api/v1/interactions?limit=100${query}`);
  expect(status).toBe(200);
  expect(body.nextCursor).toBeUndefined();
  return body.items.map(platformView);
}

async function unrecognisedDeliveries(stack: TestStack): Promise<RawDelivery[]> {
  const { status, body } = await stack.api<{ items: RawDelivery[] }>("/api/v1/deliveries?status=unrecognised");
  expect(status).toBe(200);
  return body.items;
}

const historyTypes = (item: Interaction) => item.history.map((entry) => entry.type);

function useStack(): () => TestStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    if (!stack) return;
    await stack.stop();
    removeDir(stack.dataDir);
  });
  return () => {
    if (!stack) throw new Error("stack not started");
    return stack;
  };
}

describe("Facebook Page feed events", () => {
  const stack = useStack();

  it("stores a customer's comment as an inbound comment on the post, Hebrew and emoji exact", async () => {
    const before = Date.now();
    const deliveryId = await deliverSettled(stack(), fixture("feed-comment-add"));
    const comment = await interaction(stack(), "facebook", noaCommentId);
    expect(comment).toEqual(
      stored(
        {
          platform: "facebook",
          kind: "comment",
          direction: "inbound",
          externalId: noaCommentId,
          threadId: postId,
          account: { id: pageId },
          author: noa,
          text: commentText,
          occurredAt: "2026-03-10T09:59:55.000Z",
        },
        deliveryId,
      ),
    );
    expect(Date.parse(comment.receivedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(comment.history).toEqual([
      {
        at: comment.receivedAt,
        type: "received",
        by: "platform",
        detail: { eventKey: expect.any(String), deliveryId },
      },
    ]);
  });

  it("stores the page's own reply as an outbound reply to the customer's comment", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("feed-page-reply-outbound"));
    const externalId = "122141721440024251_1893201148264417";
    expect(await interaction(stack(), "facebook", externalId)).toEqual(
      stored(
        {
          platform: "facebook",
          kind: "reply",
          direction: "outbound",
          externalId,
          threadId: postId,
          parentId: noaCommentId,
          account: { id: pageId },
          author: barzel,
          text: "היי נועה, שלחנו לך הודעה פרטית עם מספר המעקב 📦",
          occurredAt: "2026-03-10T10:10:00.000Z",
        },
        deliveryId,
      ),
    );
  });

  it("stores a visitor's post as an inbound post that is its own thread", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("feed-post-add"));
    const externalId = `${pageId}_122141730019384756`;
    expect(await interaction(stack(), "facebook", externalId)).toEqual(
      stored(
        {
          platform: "facebook",
          kind: "post",
          direction: "inbound",
          externalId,
          threadId: externalId,
          account: { id: pageId },
          author: daniel,
          text: "Ordered the Ethiopia Yirgacheffe beans twice now and both bags arrived stale. Not happy.",
          occurredAt: "2026-03-10T10:20:09.000Z",
        },
        deliveryId,
      ),
    );
  });

  it("lists the feed interactions in the default workspace, newest first", async () => {
    const items = await listAll(stack(), "&platform=facebook");
    expect(items.map((item) => [item.kind, item.direction, item.workspaceId])).toEqual([
      ["post", "inbound", "default"],
      ["reply", "outbound", "default"],
      ["comment", "inbound", "default"],
    ]);
  });

  it("rejects with 401 a signature computed over the re-serialised JSON, not the bytes sent", async () => {
    const payload = fixture("feed-comment-add");
    const body = metaJson(payload);
    expect(body).not.toBe(JSON.stringify(payload));
    const response = await fetch(`${stack().url}/webhooks/meta`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": metaSignature(testSecrets.appSecret, JSON.stringify(payload)),
      },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "webhook.signature_mismatch" } });
  });
});

describe("Messenger events", () => {
  const stack = useStack();
  const threadId = `${pageId}_${messengerCustomer}`;

  it("stores a customer's message as an inbound message in the customer's thread", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("messenger-message"));
    expect(await interaction(stack(), "messenger", messengerMid)).toEqual(
      stored(
        {
          platform: "messenger",
          kind: "message",
          direction: "inbound",
          externalId: messengerMid,
          threadId,
          account: { id: pageId },
          author: { id: messengerCustomer },
          text: "שלום, מתי אתם פתוחים בשבת? ☕",
          occurredAt: "2026-03-10T11:00:00.838Z",
        },
        deliveryId,
      ),
    );
  });

  it("stores the page's echo as an outbound message in the same thread, answering the customer", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("messenger-echo"));
    const mid = "m_lpISezyzgmdj7S4AdRNwfBaFKDaSHKj0VwleR8zf-rPFyfEH4c1bP0rW1A7e3SPURMh-ZfQsrr6qSCZXECv4xw";
    expect(await interaction(stack(), "messenger", mid)).toEqual(
      stored(
        {
          platform: "messenger",
          kind: "message",
          direction: "outbound",
          externalId: mid,
          threadId,
          parentId: messengerMid,
          account: { id: pageId },
          author: { id: pageId },
          text: "בשבת אנחנו פתוחים 09:00–14:00. נשמח לראותך!",
          occurredAt: "2026-03-10T11:04:01.942Z",
        },
        deliveryId,
      ),
    );
  });

  it("gives an attachment-only message readable text and keeps the attachment URLs", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("messenger-attachment"));
    const mid = "m_QYDlT7E_AuSvLNf1ZclHIxGzibAfjF_0k8aXBtCrvhDgwJsqwtunSLKU9L7XB8aoQF1odHsDHnaOv99ud41Onw";
    expect(await interaction(stack(), "messenger", mid)).toEqual(
      stored(
        {
          platform: "messenger",
          kind: "message",
          direction: "inbound",
          externalId: mid,
          threadId,
          account: { id: pageId },
          author: { id: messengerCustomer },
          text: "[image] [sticker]",
          attachments: [
            {
              type: "image",
              url: "https://scontent.xx.fbcdn.net/v/t1.15752-9/431987654_1122334455667788_1234567890123456789_n.jpg?_nc_cat=108&ccb=1-7&_nc_sid=fc17b8",
            },
            {
              type: "sticker",
              url: "https://scontent.xx.fbcdn.net/v/t39.1997-6/39178562_1505197616293642_5411344281094848512_n.png?_nc_cat=1&ccb=1-7",
            },
          ],
          occurredAt: "2026-03-10T11:10:01.511Z",
        },
        deliveryId,
      ),
    );
  });
});

describe("Instagram events", () => {
  const stack = useStack();

  it("stores a customer's comment as inbound and the account's own reply as an outbound reply", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("instagram-comment"));
    expect(await interaction(stack(), "instagram", "17865799348089039")).toEqual(
      stored(
        {
          platform: "instagram",
          kind: "comment",
          direction: "inbound",
          externalId: "17865799348089039",
          threadId: igMedia,
          account: { id: igAccount },
          author: { id: igCustomer, handle: "noa.levi.tlv" },
          text: "איזה יופי 😍 יש גם בגודל חצי קילו?",
          occurredAt: "2026-03-10T11:30:00.000Z",
        },
        deliveryId,
      ),
    );
    expect(await interaction(stack(), "instagram", "17990023411524833")).toEqual(
      stored(
        {
          platform: "instagram",
          kind: "reply",
          direction: "outbound",
          externalId: "17990023411524833",
          threadId: igMedia,
          parentId: "17865799348089039",
          account: { id: igAccount },
          author: { id: igAccount, handle: "barzel.coffee" },
          text: "@noa.levi.tlv כן! בחנות באתר 🙌",
          occurredAt: "2026-03-10T11:30:00.000Z",
        },
        deliveryId,
      ),
    );
  });

  it("stores a mention in a comment and a mention in a caption as inbound mentions", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("instagram-mention"));
    const mention = (externalId: string, threadId: string) =>
      stored(
        {
          platform: "instagram",
          kind: "mention",
          direction: "inbound",
          externalId,
          threadId,
          account: { id: igAccount },
          author: { id: "unknown" },
          text: "",
          occurredAt: "2026-03-10T11:40:00.000Z",
        },
        deliveryId,
      );
    expect(await interaction(stack(), "instagram", "17894227972186120")).toEqual(
      mention("17894227972186120", "17887498072083520"),
    );
    expect(await interaction(stack(), "instagram", "18029485721093847")).toEqual(
      mention("18029485721093847", "18029485721093847"),
    );
  });

  it("stores DMs: the customer's inbound, the echo outbound, a story mention as text, a deletion marked", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("instagram-message"));
    const [first, echo, , storyMention] = (
      fixture("instagram-message").entry[0] as { messaging: Array<{ message?: { mid: string } }> }
    ).messaging.map((item) => item.message?.mid);
    const dm = { platform: "instagram", kind: "message", account: { id: igAccount } } as const;
    const threadId = `${igAccount}_${igCustomer}`;

    const deletedDm = await interaction(stack(), "instagram", first ?? "");
    expect(deletedDm).toEqual({
      ...stored(
        {
          ...dm,
          direction: "inbound",
          externalId: first ?? "",
          threadId,
          author: { id: igCustomer },
          text: "Hi! Is the Ethiopia roast back in stock? 🤞",
          occurredAt: "2026-03-10T11:45:00.400Z",
        },
        deliveryId,
      ),
      deleted: { at: "2026-03-10T11:47:00.117Z" },
    });
    expect(historyTypes(deletedDm)).toEqual(["received", "deleted"]);

    expect(await interaction(stack(), "instagram", echo ?? "")).toEqual(
      stored(
        {
          ...dm,
          direction: "outbound",
          externalId: echo ?? "",
          threadId,
          author: { id: igAccount },
          text: "Yes, since this morning!",
          occurredAt: "2026-03-10T11:46:00.921Z",
        },
        deliveryId,
      ),
    );
    expect(await interaction(stack(), "instagram", storyMention ?? "")).toEqual(
      stored(
        {
          ...dm,
          direction: "inbound",
          externalId: storyMention ?? "",
          threadId,
          author: { id: igCustomer },
          text: "[story mention]",
          attachments: [
            {
              type: "story_mention",
              url: "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18047562291504329&signature=AbxK3",
            },
          ],
          occurredAt: "2026-03-10T11:47:30.502Z",
        },
        deliveryId,
      ),
    );
    // The read receipt is not an interaction: three DMs, nothing more.
    expect((await listAll(stack())).filter((item) => item.threadId === threadId)).toHaveLength(3);
  });
});

describe("WhatsApp messages", () => {
  const stack = useStack();
  const noaThread = `${waPhoneNumberId}_${waNoa}`;
  const samThread = `${waPhoneNumberId}_${waSam}`;

  it("stores a text as an inbound message with the contact's name and number", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("whatsapp-text"));
    const id = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAEhggM0E0QTY1OTlBRUUwMzgxMDE0NEYA";
    expect(await interaction(stack(), "whatsapp", id)).toEqual(
      stored(
        {
          platform: "whatsapp",
          kind: "message",
          direction: "inbound",
          externalId: id,
          threadId: noaThread,
          account: { id: waPhoneNumberId },
          author: { id: waNoa, name: "נועה לוי", handle: waNoa },
          text: "היי, קיבלתי פולים שרופים 😕 אפשר החזר?",
          occurredAt: "2026-03-10T12:00:00.000Z",
        },
        deliveryId,
      ),
    );
  });

  it("stores an image with its caption as text and the media as an attachment, answering the brand", async () => {
    const deliveryId = await deliverSettled(stack(), fixture("whatsapp-media-and-interactive"));
    const id = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAEhgWM0VCMDQ4QjlCMzc3RTJDNjdBQUMzQQA=";
    expect(await interaction(stack(), "whatsapp", id)).toEqual(
      stored(
        {
          platform: "whatsapp",
          kind: "message",
          direction: "inbound",
          externalId: id,
          threadId: noaThread,
          parentId: waBrandMessage,
          account: { id: waPhoneNumberId },
          author: { id: waNoa, name: "נועה לוי", handle: waNoa },
          text: "ככה זה הגיע",
          attachments: [{ type: "image", mediaId: "1003383421387256", mimeType: "image/jpeg", caption: "ככה זה הגיע" }],
          occurredAt: "2026-03-10T12:01:00.000Z",
        },
        deliveryId,
      ),
    );
  });

  it("gives every media, location, contact, interactive, button, reaction and unsupported message readable text", async () => {
    const seenDelivery = await deliverSettled(stack(), fixture("whatsapp-media-and-interactive"));
    const messages = (
      fixture("whatsapp-media-and-interactive").entry[0] as {
        changes: Array<{ value: { messages: Array<{ id: string }> } }>;
      }
    ).changes[0]?.value.messages;
    const seen = await Promise.all(
      (messages ?? []).map(async ({ id }) => {
        const item = await interaction(stack(), "whatsapp", id);
        return [item.kind, item.text, item.threadId, item.author.name, item.parentId ?? null, item.occurredAt];
      }),
    );
    expect(seen).toEqual([
      ["message", "ככה זה הגיע", noaThread, "נועה לוי", waBrandMessage, "2026-03-10T12:01:00.000Z"],
      ["message", "[document: invoice-4471.pdf]", noaThread, "נועה לוי", null, "2026-03-10T12:01:02.000Z"],
      ["message", "[voice message]", noaThread, "נועה לוי", null, "2026-03-10T12:01:05.000Z"],
      [
        "message",
        "[location: Barzel Coffee, Rothschild Blvd 22, Tel Aviv (32.0636, 34.7731)]",
        samThread,
        "Sam Carter",
        null,
        "2026-03-10T12:01:10.000Z",
      ],
      ["message", "[contact: Dana Mizrahi]", samThread, "Sam Carter", null, "2026-03-10T12:01:15.000Z"],
      [
        "message",
        "Yes, refund me",
        samThread,
        "Sam Carter",
        "wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI5QjQ0NzY1QTIzRjgzMUQxRDgA",
        "2026-03-10T12:01:20.000Z",
      ],
      ["message", "Ethiopia Yirgacheffe", samThread, "Sam Carter", null, "2026-03-10T12:01:25.000Z"],
      [
        "message",
        "Stop promotions",
        samThread,
        "Sam Carter",
        "wamid.HBgLMTQxNTU1NTAxMjMVAgARGBJBODJCMEQ2QzY5NzE0MjU2NDgA",
        "2026-03-10T12:01:30.000Z",
      ],
      ["reaction", "👍", noaThread, "נועה לוי", waBrandMessage, "2026-03-10T12:01:35.000Z"],
      ["message", "[sticker]", noaThread, "נועה לוי", null, "2026-03-10T12:01:39.000Z"],
      ["message", "[unsupported message]", samThread, "Sam Carter", null, "2026-03-10T12:01:50.000Z"],
    ]);
    const fromFixture = (await listAll(stack())).filter((item) => item.deliveryId === seenDelivery);
    expect(fromFixture).toHaveLength(11);
  });
});

describe("WhatsApp delivery statuses", () => {
  const stack = useStack();
  const statusFixture = "whatsapp-statuses";

  /** The fixture's envelope around some of its statuses, all about `messageId`. */
  function statuses(indexes: number[], messageId = waBrandMessage): Payload {
    const body = rekeyed(statusFixture, waBrandMessage, messageId);
    const value = (body.entry[0] as { changes: Array<{ value: { statuses: unknown[] } }> }).changes[0]?.value;
    if (!value) throw new Error("fixture without a change");
    value.statuses = indexes.map((index) => value.statuses[index]);
    return body;
  }
  const [sent, delivered, read] = [0, 1, 2];

  const outboundMessage = (externalId: string, threadId: string, occurredAt: string) => ({
    platform: "whatsapp",
    kind: "message" as const,
    direction: "outbound" as const,
    externalId,
    threadId,
    account: { id: waPhoneNumberId },
    author: { id: waPhoneNumberId },
    text: "",
    occurredAt,
  });

  it("records the brand's message as one outbound interaction whose delivery advanced to read", async () => {
    const deliveryId = await deliverSettled(stack(), fixture(statusFixture));
    const message = await interaction(stack(), "whatsapp", waBrandMessage);
    expect(message).toEqual(
      stored(
        {
          ...outboundMessage(waBrandMessage, `${waPhoneNumberId}_${waNoa}`, "2026-03-10T12:02:00.000Z"),
          delivery: { state: "read", at: "2026-03-10T12:03:00.000Z" },
        },
        deliveryId,
      ),
    );
    expect(message.history.map((entry) => [entry.type, entry.detail?.state, entry.at])).toEqual([
      ["delivery", "sent", "2026-03-10T12:02:00.000Z"],
      ["delivery", "delivered", "2026-03-10T12:02:02.000Z"],
      ["delivery", "read", "2026-03-10T12:03:00.000Z"],
    ]);
  });

  it("records a failed send with Meta's error, and tracks no 'played' status", async () => {
    const deliveryId = await deliverSettled(stack(), fixture(statusFixture));
    const failedId = "wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI5QjQ0NzY1QTIzRjgzMUQxRDgA";
    const failed = await interaction(stack(), "whatsapp", failedId);
    expect(failed.direction).toBe("outbound");
    expect(failed.threadId).toBe(`${waPhoneNumberId}_${waSam}`);
    expect(failed.delivery).toEqual({
      state: "failed",
      at: "2026-03-10T12:04:00.000Z",
      errors: [{ code: 131047, title: "Re-engagement message" }],
    });
    const played = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSQjI1RDRGMUI3N0M2MDk4QTJFAA==";
    expect((await stack().api(`/api/v1/interactions/${interactionId("whatsapp", played)}`)).status).toBe(404);
    const fromFixture = (await listAll(stack())).filter((item) => item.deliveryId === deliveryId);
    expect(fromFixture.map((item) => item.externalId)).toEqual([failedId, waBrandMessage]);
  });

  it("never moves the delivery state backwards when statuses arrive out of order", async () => {
    const messageId = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSMDAwT1VUT0ZPUkRFUgA=";
    const first = await deliverSettled(stack(), statuses([read], messageId));
    await deliverSettled(stack(), statuses([sent], messageId));
    const message = await interaction(stack(), "whatsapp", messageId);
    expect(message.delivery).toEqual({ state: "read", at: "2026-03-10T12:03:00.000Z" });

    await deliverSettled(stack(), statuses([delivered], messageId));
    const after = await interaction(stack(), "whatsapp", messageId);
    expect(after.delivery).toEqual({ state: "read", at: "2026-03-10T12:03:00.000Z" });
    expect(after.deliveryId).toBe(first);
    expect(after.history.map((entry) => entry.detail?.state)).toEqual(["read", "sent", "delivered"]);
  });

  it("dates an outbound message by its 'sent' status whatever order the statuses arrive in", async () => {
    const messageId = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSMDBPQ0NVUlJFREFUAA==";
    await deliverSettled(stack(), statuses([read], messageId));
    await deliverSettled(stack(), statuses([delivered], messageId));
    await deliverSettled(stack(), statuses([sent], messageId));
    const message = await interaction(stack(), "whatsapp", messageId);
    expect(message.delivery?.state).toBe("read");
    expect(message.occurredAt).toBe("2026-03-10T12:02:00.000Z");
  });
});

describe("edits and deletions", () => {
  const stack = useStack();

  it("folds an edit and then a deletion into the one comment, history in order", async () => {
    const added = await deliverSettled(stack(), fixture("feed-comment-add"));
    const edited = await deliverSettled(stack(), fixture("feed-comment-edited"));
    const removed = await deliverSettled(stack(), fixture("feed-comment-remove"));

    const comments = (await listAll(stack())).filter((item) => item.externalId === noaCommentId);
    expect(comments).toHaveLength(1);
    const comment = await interaction(stack(), "facebook", noaCommentId);
    expect(comment).toEqual({
      ...stored(
        {
          platform: "facebook",
          kind: "comment",
          direction: "inbound",
          externalId: noaCommentId,
          threadId: postId,
          account: { id: pageId },
          author: noa,
          text: editedCommentText,
          occurredAt: "2026-03-10T09:59:55.000Z",
        },
        added,
      ),
      edited: { at: "2026-03-10T10:05:00.000Z", previousText: commentText },
      deleted: { at: "2026-03-10T10:12:00.000Z" },
    });
    expect(comment.history.map((entry) => [entry.type, entry.detail?.deliveryId])).toEqual([
      ["received", added],
      ["edited", edited],
      ["deleted", removed],
    ]);
    expect(comment.history[1]?.detail?.text).toBe(editedCommentText);
  });

  it("applies a feed edit that arrives before its add, without a second interaction", async () => {
    const commentId = "122141721440024251_700100200300400";
    const edited = await deliverSettled(stack(), rekeyed("feed-comment-edited", noaCommentId, commentId));
    await deliverSettled(stack(), rekeyed("feed-comment-add", noaCommentId, commentId));

    expect((await listAll(stack())).filter((item) => item.externalId === commentId)).toHaveLength(1);
    const comment = await interaction(stack(), "facebook", commentId);
    expect(comment).toEqual({
      ...stored(
        {
          platform: "facebook",
          kind: "comment",
          direction: "inbound",
          externalId: commentId,
          threadId: postId,
          account: { id: pageId },
          author: noa,
          // The later-arriving add is older than the edit: the edited text stays, the add's time wins.
          text: editedCommentText,
          occurredAt: "2026-03-10T09:59:55.000Z",
        },
        edited,
      ),
      edited: { at: "2026-03-10T10:05:00.000Z" },
    });
    expect(historyTypes(comment)).toEqual(["received", "edited", "received"]);
  });

  it("applies a Messenger edit that arrives before the message, ignoring the receipts around it", async () => {
    const edited = await deliverSettled(stack(), fixture("messenger-edit-and-receipts"));
    await deliverSettled(stack(), fixture("messenger-message"));
    const message = await interaction(stack(), "messenger", messengerMid);
    expect(message).toEqual({
      ...stored(
        {
          platform: "messenger",
          kind: "message",
          direction: "inbound",
          externalId: messengerMid,
          threadId: `${pageId}_${messengerCustomer}`,
          account: { id: pageId },
          author: { id: messengerCustomer },
          text: "שלום, מתי אתם פתוחים בשבת ובחג? ☕",
          occurredAt: "2026-03-10T11:00:00.838Z",
        },
        edited,
      ),
      edited: { at: "2026-03-10T11:15:00.463Z" },
    });
    // The edited message and the postback; the read, delivery and reaction events are not interactions.
    expect((await listAll(stack(), "&platform=messenger")).map((item) => item.text)).toEqual([
      "Track my order",
      "שלום, מתי אתם פתוחים בשבת ובחג? ☕",
    ]);
  });

  it("records the deletion of a comment never seen as one deleted interaction", async () => {
    const commentId = "122141721440024251_700100200300999";
    const removed = await deliverSettled(stack(), rekeyed("feed-comment-remove", noaCommentId, commentId));
    expect((await listAll(stack())).filter((item) => item.externalId === commentId)).toHaveLength(1);
    const comment = await interaction(stack(), "facebook", commentId);
    expect(comment).toEqual({
      ...stored(
        {
          platform: "facebook",
          kind: "comment",
          direction: "inbound",
          externalId: commentId,
          threadId: postId,
          account: { id: pageId },
          author: noa,
          text: "",
          occurredAt: "2026-03-10T10:11:58.000Z",
        },
        removed,
      ),
      deleted: { at: "2026-03-10T10:12:00.000Z" },
    });
    expect(historyTypes(comment)).toEqual(["deleted"]);
  });
});

describe("batched deliveries and unknown parts", () => {
  const stack = useStack();
  let batchId = "";
  beforeAll(async () => {
    batchId = await deliverSettled(stack(), fixture("batched"));
  });

  it("turns each known entry and change of a batch into its own interaction", async () => {
    const items = await listAll(stack());
    expect(items).toHaveLength(4);
    const replyId = "122141721440024251_902211734581120";
    expect(items.map((item) => [item.platform, item.kind, item.externalId])).toEqual([
      ["facebook", "post", `${pageId}_122141799887766554`],
      [
        "messenger",
        "message",
        "m_Xb2pQ9rT4uV1wY6zA3cD8eF0gH5iJ7kL2mN4oP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6kL8mN0oP2qR4sT6u",
      ],
      ["facebook", "reaction", "122141721440024251_1893201148264417_reaction_6780462125377510"],
      ["facebook", "reply", replyId],
    ]);
    expect(items.every((item) => item.deliveryId === batchId)).toBe(true);

    expect(await interaction(stack(), "facebook", replyId)).toEqual({
      ...stored(
        {
          platform: "facebook",
          kind: "reply",
          direction: "inbound",
          externalId: replyId,
          threadId: postId,
          parentId: noaCommentId,
          account: { id: pageId },
          author: daniel,
          // Added and edited in the same POST: the edit, later in the body, wins.
          text: "Same here, my order #4490 is 3 days late",
          occurredAt: "2026-03-11T08:00:00.000Z",
        },
        batchId,
      ),
      edited: { at: "2026-03-11T08:01:00.000Z", previousText: "Same here, my order #4490 is late too" },
    });
    expect(await interaction(stack(), "facebook", `${pageId}_122141799887766554`)).toEqual(
      stored(
        {
          platform: "facebook",
          kind: "post",
          direction: "outbound",
          externalId: `${pageId}_122141799887766554`,
          threadId: `${pageId}_122141799887766554`,
          account: { id: pageId },
          author: barzel,
          text: "New arrival: Kenya AA 🇰🇪",
          attachments: [
            {
              type: "photo",
              url: "https://scontent.xx.fbcdn.net/v/t39.30808-6/432100000_122141799800112233_1234_n.jpg",
              mediaId: "122141799800112233",
            },
          ],
          occurredAt: "2026-03-11T08:00:55.000Z",
        },
        batchId,
      ),
    );
    const messenger = await interaction(
      stack(),
      "messenger",
      "m_Xb2pQ9rT4uV1wY6zA3cD8eF0gH5iJ7kL2mN4oP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6kL8mN0oP2qR4sT6u",
    );
    expect([messenger.account.id, messenger.threadId, messenger.text, messenger.occurredAt]).toEqual([
      "231098765432109",
      "231098765432109_5512093847561029",
      "Do you ship to Haifa?",
      "2026-03-11T08:00:10.201Z",
    ]);
  });

  it("lists a batch with unknown parts under status=unrecognised, with each skipped part and why", async () => {
    const listed = (await unrecognisedDeliveries(stack())).find((delivery) => delivery.id === batchId);
    expect(listed?.status).toBe("unrecognised");
    expect(listed?.body).toBe(metaJson(fixture("batched")));
    expect(listed?.report?.skipped).toEqual([
      { path: "entry[0].changes[2]", kind: "ignored", reason: 'feed verb "hide" changes visibility only' },
      { path: "entry[0].changes[3]", kind: "unrecognised", reason: 'no normaliser for page field "ratings"' },
      { path: "entry[1].messaging[1]", kind: "ignored", reason: 'messenger "delivery" event is not an interaction' },
      { path: "entry[3]", kind: "unrecognised", reason: "entry without an id" },
    ]);
    expect(listed?.report?.interactionIds).toHaveLength(4);
    expect(listed?.report?.workspaceIds).toEqual(["default"]);
  });

  it("does not list a batch whose parts are all known, even with ignored receipts in it", async () => {
    const deliveryId = await deliverSettled(
      stack(),
      batchOf("feed-comment-add", "messenger-message", "messenger-edit-and-receipts"),
    );
    expect((await interaction(stack(), "facebook", noaCommentId)).deliveryId).toBe(deliveryId);
    expect((await interaction(stack(), "messenger", messengerMid)).text).toBe("שלום, מתי אתם פתוחים בשבת ובחג? ☕");
    const listed = await unrecognisedDeliveries(stack());
    expect(listed.map((delivery) => delivery.id)).toContain(batchId);
    expect(listed.map((delivery) => delivery.id)).not.toContain(deliveryId);
  });

  it("accepts an unknown object with 200, makes no interaction and lists it as unrecognised", async () => {
    const before = (await listAll(stack())).length;
    const deliveryId = await deliverSettled(stack(), fixture("unknown-object"));
    expect(await listAll(stack())).toHaveLength(before);
    const listed = (await unrecognisedDeliveries(stack())).find((delivery) => delivery.id === deliveryId);
    expect(listed?.report).toEqual({
      interactionIds: [],
      workspaceIds: [],
      skipped: [{ path: "", kind: "unrecognised", reason: 'unknown object "user"' }],
    });
  });
});

describe("redelivery", () => {
  const stack = useStack();

  it("acknowledges the same bytes three times and keeps one interaction with one received entry", async () => {
    const body = metaJson(fixture("whatsapp-text"));
    const first = await deliverSettled(stack(), body);
    // Acknowledged with 200 each time (the delivery id may differ: it carries the arrival minute).
    await deliver(stack(), body);
    await deliver(stack(), body);
    await stack().settled();

    const items = await listAll(stack(), "&platform=whatsapp");
    expect(items).toHaveLength(1);
    expect(items[0]?.deliveryId).toBe(first);
    expect(items[0] && historyTypes(items[0])).toEqual(["received"]);
  });

  it("keeps one interaction when the same event comes again inside a different batch", async () => {
    const alone = await deliverSettled(stack(), fixture("feed-comment-add"));
    const batch = await deliverSettled(stack(), batchOf("feed-post-add", "feed-comment-add"));
    expect(batch).not.toBe(alone);

    const comment = await interaction(stack(), "facebook", noaCommentId);
    expect(comment.deliveryId).toBe(alone);
    expect(comment.text).toBe(commentText);
    expect(historyTypes(comment)).toEqual(["received"]);
    expect((await listAll(stack(), "&platform=facebook")).map((item) => item.kind)).toEqual(["post", "comment"]);
  });

  it("acknowledges a redelivered status without a second history entry", async () => {
    const body = metaJson(fixture("whatsapp-statuses"));
    await deliverSettled(stack(), body);
    await deliverSettled(stack(), body);
    const message = await interaction(stack(), "whatsapp", waBrandMessage);
    expect(message.history.map((entry) => entry.detail?.state)).toEqual(["sent", "delivered", "read"]);
  });
});
