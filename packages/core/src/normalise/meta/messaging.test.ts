import { describe, expect, it } from "vitest";
import { normaliseMeta } from "./index";
import { assertValid, drafts, fixture, keys, only } from "./test-support";

const page = "104523987654321";
const psid = "7689966077685933";
const firstMid = "m_G7806MxRRtEYRbaFW9DwQhGzibAfjF_0k8aXBtCrvhCCBUkL2hQxQYVrwMAV-oVdDMDMUsN7b8NAhW6kufP2Mw";
const igAccount = "17841405822304914";
const igsid = "1284758392018374";

const messagingBody = (object: string, items: unknown[], time: number | undefined = 1773216000000) => ({
  object,
  entry: [{ id: page, time, messaging: items }],
});

describe("Messenger", () => {
  it("turns a customer's message into an inbound message on the page–customer thread", () => {
    const result = assertValid(normaliseMeta(fixture("messenger-message")));
    expect(result.skipped).toEqual([]);
    expect(only(result)).toEqual({
      change: "created",
      eventKey: expect.any(String),
      draft: {
        platform: "messenger",
        kind: "message",
        direction: "inbound",
        externalId: firstMid,
        threadId: `${page}_${psid}`,
        account: { id: page },
        author: { id: psid },
        text: "שלום, מתי אתם פתוחים בשבת? ☕",
        occurredAt: "2026-03-10T11:00:00.838Z",
      },
    });
  });

  it("turns an echo into the page's outbound message, threaded by its recipient", () => {
    const { draft } = only(assertValid(normaliseMeta(fixture("messenger-echo"))));
    expect(draft).toEqual({
      platform: "messenger",
      kind: "message",
      direction: "outbound",
      externalId: "m_lpISezyzgmdj7S4AdRNwfBaFKDaSHKj0VwleR8zf-rPFyfEH4c1bP0rW1A7e3SPURMh-ZfQsrr6qSCZXECv4xw",
      threadId: `${page}_${psid}`,
      parentId: firstMid,
      account: { id: page },
      author: { id: page },
      text: "בשבת אנחנו פתוחים 09:00–14:00. נשמח לראותך!",
      occurredAt: "2026-03-10T11:04:01.942Z",
    });
  });

  it("gives attachments readable text and keeps them", () => {
    const { draft } = only(assertValid(normaliseMeta(fixture("messenger-attachment"))));
    expect(draft.text).toBe("[image] [sticker]");
    expect(draft.attachments).toEqual([
      { type: "image", url: expect.stringContaining("431987654_1122334455667788") },
      { type: "sticker", url: expect.stringContaining("39178562_1505197616293642") },
    ]);
    expect(draft.occurredAt).toBe("2026-03-10T11:10:01.511Z");
  });

  it("reports an edit, a postback, and ignores receipts and reactions", () => {
    const result = assertValid(normaliseMeta(fixture("messenger-edit-and-receipts")));
    expect(result.observations).toEqual([
      {
        change: "edited",
        eventKey: expect.any(String),
        at: "2026-03-10T11:15:00.463Z",
        draft: expect.objectContaining({ externalId: firstMid, text: "שלום, מתי אתם פתוחים בשבת ובחג? ☕" }),
      },
      {
        change: "created",
        eventKey: expect.any(String),
        draft: expect.objectContaining({
          kind: "message",
          direction: "inbound",
          text: "Track my order",
          threadId: `${page}_${psid}`,
        }),
      },
    ]);
    expect(result.skipped).toEqual([
      { path: "entry[0].messaging[1]", kind: "ignored", reason: 'messenger "read" event is not an interaction' },
      { path: "entry[0].messaging[2]", kind: "ignored", reason: 'messenger "delivery" event is not an interaction' },
      { path: "entry[0].messaging[3]", kind: "ignored", reason: 'messenger "reaction" event is not an interaction' },
    ]);
  });

  it("keys two edits of one message apart, and an edit apart from the original", () => {
    const edit = (text: string, n: number) =>
      only(
        normaliseMeta(
          messagingBody("page", [
            {
              sender: { id: psid },
              recipient: { id: page },
              timestamp: 1,
              message_edit: { mid: firstMid, text, num_edit: n },
            },
          ]),
        ),
      ).eventKey;
    const original = only(normaliseMeta(fixture("messenger-message"))).eventKey;
    expect(new Set([edit("a", 1), edit("b", 2), original]).size).toBe(3);
    expect(edit("a", 1)).toBe(edit("a", 1));
  });

  it("handles standby (handover) messages like any other message", () => {
    const item = {
      sender: { id: psid },
      recipient: { id: page },
      timestamp: 1773216000000,
      message: { mid: "m_1", text: "hi" },
    };
    const result = normaliseMeta({ object: "page", entry: [{ id: page, time: 1, standby: [item] }] });
    expect(drafts(assertValid(result))).toMatchObject([{ externalId: "m_1", direction: "inbound" }]);
  });

  it("accepts messaging events sent as changes (the dashboard's test button)", () => {
    const value = {
      sender: { id: psid },
      recipient: { id: page },
      timestamp: "1773216000000",
      message: { mid: "m_2", text: "test" },
    };
    const result = normaliseMeta({
      object: "page",
      entry: [{ id: page, time: 1, changes: [{ field: "messages", value }] }],
    });
    expect(drafts(assertValid(result))).toMatchObject([{ platform: "messenger", externalId: "m_2", text: "test" }]);
  });

  it("falls back to entry.time (milliseconds) without a timestamp, and names old postbacks by tap", () => {
    const item = {
      sender: { id: psid },
      recipient: { id: page },
      postback: { title: "Get started", payload: "GET_STARTED" },
    };
    const { draft } = only(assertValid(normaliseMeta(messagingBody("page", [item], 1773216000123))));
    expect(draft).toMatchObject({ occurredAt: "2026-03-11T08:00:00.123Z", text: "Get started" });
    expect(draft.externalId).toContain(psid);
  });

  it.each([
    ["a non-object item", 42],
    ["an item with no known event", { sender: { id: psid }, recipient: { id: page }, timestamp: 1, teleport: {} }],
    ["a message without sender", { recipient: { id: page }, timestamp: 1, message: { mid: "m", text: "x" } }],
    ["a message without mid", { sender: { id: psid }, recipient: { id: page }, timestamp: 1, message: { text: "x" } }],
    [
      "an edit without text",
      { sender: { id: psid }, recipient: { id: page }, timestamp: 1, message_edit: { mid: "m" } },
    ],
  ])("reports %s as unrecognised", (_label, item) => {
    const result = normaliseMeta(messagingBody("page", [item]));
    expect(result.observations).toEqual([]);
    expect(result.skipped).toMatchObject([{ path: "entry[0].messaging[0]", kind: "unrecognised" }]);
  });
});

describe("Instagram messaging", () => {
  it("handles a message, an echo, an unsend and a story mention, and ignores the read receipt", () => {
    const result = assertValid(normaliseMeta(fixture("instagram-message")));
    const thread = `${igAccount}_${igsid}`;
    expect(result.observations.map((o) => [o.change, o.draft.direction, o.draft.text, o.draft.threadId])).toEqual([
      ["created", "inbound", "Hi! Is the Ethiopia roast back in stock? 🤞", thread],
      ["created", "outbound", "Yes, since this morning!", thread],
      ["deleted", "inbound", "", thread],
      ["created", "inbound", "[story mention]", thread],
    ]);
    expect(result.observations[0]?.draft).toMatchObject({ platform: "instagram", author: { id: igsid } });
    expect(result.observations[1]?.draft.author).toEqual({ id: igAccount });
    expect(result.observations[2]).toMatchObject({
      at: "2026-03-10T11:47:00.117Z",
      draft: { externalId: result.observations[0]?.draft.externalId },
    });
    expect(result.observations[3]?.draft.attachments).toEqual([{ type: "story_mention", url: expect.any(String) }]);
    expect(result.skipped).toEqual([
      { path: "entry[0].messaging[4]", kind: "ignored", reason: 'instagram "read" event is not an interaction' },
    ]);
  });

  it("keeps the deletion's key apart from the creation's", () => {
    const result = normaliseMeta(fixture("instagram-message"));
    expect(new Set(keys(result)).size).toBe(4);
  });
});
