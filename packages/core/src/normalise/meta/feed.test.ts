import { describe, expect, it } from "vitest";
import { normaliseMeta } from "./index";
import { assertValid, feedBody, fixture, keys, only } from "./test-support";

const page = "104523987654321";
const post = "104523987654321_122141721440024251";
const noaComment = "122141721440024251_657063669920574";
const noa = { id: "6780462125377510", name: "Noa Levi" };

describe("Page feed", () => {
  it("turns a customer's comment into an inbound comment on the post's thread", () => {
    const result = assertValid(normaliseMeta(fixture("feed-comment-add")));
    expect(result.skipped).toEqual([]);
    expect(only(result)).toEqual({
      change: "created",
      eventKey: expect.any(String),
      draft: {
        platform: "facebook",
        kind: "comment",
        direction: "inbound",
        externalId: noaComment,
        threadId: post,
        account: { id: page },
        author: noa,
        text: "ההזמנה שלי עדיין לא הגיעה, אפשר לבדוק? 🙏",
        occurredAt: "2026-03-10T09:59:55.000Z",
      },
    });
  });

  it("reports an edit with the new text and when Meta reported it", () => {
    const observation = only(assertValid(normaliseMeta(fixture("feed-comment-edited"))));
    expect(observation).toMatchObject({
      change: "edited",
      at: "2026-03-10T10:05:00.000Z",
      draft: {
        kind: "comment",
        externalId: noaComment,
        threadId: post,
        text: "ההזמנה שלי (#4471) עדיין לא הגיעה, אפשר לבדוק? 🙏",
        occurredAt: "2026-03-10T10:04:58.000Z",
      },
    });
  });

  it("reports a removal as deleted, without inventing text", () => {
    const observation = only(assertValid(normaliseMeta(fixture("feed-comment-remove"))));
    expect(observation).toMatchObject({
      change: "deleted",
      at: "2026-03-10T10:12:00.000Z",
      draft: { externalId: noaComment, threadId: post, text: "", author: noa, direction: "inbound" },
    });
  });

  it("marks the Page's own reply to a comment as an outbound reply to that comment", () => {
    const observation = only(assertValid(normaliseMeta(fixture("feed-page-reply-outbound"))));
    expect(observation.draft).toEqual({
      platform: "facebook",
      kind: "reply",
      direction: "outbound",
      externalId: "122141721440024251_1893201148264417",
      threadId: post,
      parentId: noaComment,
      account: { id: page },
      author: { id: page, name: "Barzel Coffee Roasters" },
      text: "היי נועה, שלחנו לך הודעה פרטית עם מספר המעקב 📦",
      occurredAt: "2026-03-10T10:10:00.000Z",
    });
  });

  it("turns a visitor post into a post that is its own thread", () => {
    const observation = only(assertValid(normaliseMeta(fixture("feed-post-add"))));
    expect(observation.draft).toEqual({
      platform: "facebook",
      kind: "post",
      direction: "inbound",
      externalId: "104523987654321_122141730019384756",
      threadId: "104523987654321_122141730019384756",
      account: { id: page },
      author: { id: "7012938475610293", name: "Daniel Cohen" },
      text: "Ordered the Ethiopia Yirgacheffe beans twice now and both bags arrived stale. Not happy.",
      occurredAt: "2026-03-10T10:20:09.000Z",
    });
  });

  it.each([
    [
      "photo",
      { photo_id: "55", link: "https://cdn.example/p.jpg" },
      [{ type: "photo", url: "https://cdn.example/p.jpg", mediaId: "55" }],
    ],
    [
      "video",
      { video_id: "66", link: "https://cdn.example/v.mp4" },
      [{ type: "video", url: "https://cdn.example/v.mp4", mediaId: "66" }],
    ],
    [
      "share",
      { share_id: "77", link: "https://shop.example/kenya" },
      [{ type: "link", url: "https://shop.example/kenya" }],
    ],
    ["status", {}, undefined],
  ])("treats a %s as a post with its media kept", (item, extra, attachments) => {
    const value = {
      item,
      verb: "add",
      post_id: `${page}_9`,
      from: noa,
      message: "hi",
      created_time: 1773216000,
      ...extra,
    };
    const { draft } = only(assertValid(normaliseMeta(feedBody(value))));
    expect(draft.kind).toBe("post");
    expect(draft.attachments).toEqual(attachments);
  });

  it("gives a photo-only comment readable text and keeps the photo", () => {
    const value = {
      item: "comment",
      verb: "add",
      post_id: post,
      comment_id: "1_2",
      parent_id: post,
      from: noa,
      photo: "https://cdn.example/c.jpg",
      created_time: 1773216000,
    };
    const { draft } = only(assertValid(normaliseMeta(feedBody(value))));
    expect(draft.text).toBe("[photo]");
    expect(draft.attachments).toEqual([{ type: "photo", url: "https://cdn.example/c.jpg" }]);
  });

  it("uses entry.time when created_time is missing, and an unknown author when `from` is withheld", () => {
    const value = { item: "comment", verb: "add", post_id: post, comment_id: "1_3", message: "?" };
    const { draft } = only(assertValid(normaliseMeta(feedBody(value, 1773216000))));
    expect(draft.occurredAt).toBe("2026-03-11T08:00:00.000Z");
    expect(draft.author).toEqual({ id: "unknown" });
  });

  it("treats a comment whose parent is the post written without the Page prefix as top-level", () => {
    const value = {
      item: "comment",
      verb: "add",
      post_id: post,
      parent_id: "122141721440024251",
      comment_id: "1_4",
      message: "x",
      created_time: 1773216000,
    };
    expect(only(normaliseMeta(feedBody(value))).draft).toMatchObject({ kind: "comment", threadId: post });
    expect(only(normaliseMeta(feedBody(value))).draft.parentId).toBeUndefined();
  });

  describe("reactions", () => {
    const reaction = (verb: string, type = "like", time = 1773216000) => ({
      item: "reaction",
      verb,
      reaction_type: type,
      post_id: post,
      comment_id: noaComment,
      parent_id: noaComment,
      from: { id: "42", name: "Dana" },
      created_time: time,
    });

    it("models one person's reaction to a comment, changed and removed", () => {
      const added = only(assertValid(normaliseMeta(feedBody(reaction("add")))));
      const changed = only(assertValid(normaliseMeta(feedBody(reaction("edit", "love"), 1773216100))));
      const removed = only(assertValid(normaliseMeta(feedBody(reaction("remove", "love"), 1773216200))));
      expect(added.draft).toMatchObject({
        kind: "reaction",
        text: "like",
        externalId: `${noaComment}_reaction_42`,
        threadId: post,
        parentId: noaComment,
      });
      expect(changed).toMatchObject({ change: "edited", draft: { text: "love", externalId: added.draft.externalId } });
      expect(removed).toMatchObject({ change: "deleted", draft: { externalId: added.draft.externalId } });
    });

    it("gives a reaction given again after removal a new event key", () => {
      const first = only(normaliseMeta(feedBody(reaction("add", "like", 1773216000))));
      const again = only(normaliseMeta(feedBody(reaction("add", "like", 1773219999))));
      expect(again.eventKey).not.toBe(first.eventKey);
    });

    it("ignores a reaction without `from`: it cannot be told apart from other people's", () => {
      const { from: _from, ...anonymous } = reaction("add");
      expect(normaliseMeta(feedBody(anonymous)).skipped).toEqual([
        { path: "entry[0].changes[0]", kind: "ignored", reason: expect.stringContaining("from") },
      ]);
    });
  });

  it.each([
    ["hide", "comment", "ignored"],
    ["unhide", "comment", "ignored"],
    ["block", "post", "ignored"],
    ["add", "like", "ignored"],
    ["add", "album", "ignored"],
    ["add", "hologram", "unrecognised"],
    ["teleport", "comment", "unrecognised"],
  ] as const)("skips verb %s on item %s as %s", (verb, item, kind) => {
    const value = { item, verb, post_id: post, comment_id: "1_5", from: noa, message: "x", created_time: 1773216000 };
    const result = normaliseMeta(feedBody(value));
    expect(result.observations).toEqual([]);
    expect(result.skipped).toEqual([{ path: "entry[0].changes[0]", kind, reason: expect.any(String) }]);
  });

  it("ignores an edit without text (a post moved to the trash) instead of wiping the stored text", () => {
    const value = {
      item: "status",
      verb: "edited",
      post_id: `${page}_8`,
      from: { id: page },
      published: 1,
      created_time: 1701873006,
    };
    expect(normaliseMeta(feedBody(value))).toEqual({
      observations: [],
      skipped: [{ path: "entry[0].changes[0]", kind: "ignored", reason: expect.stringContaining("no new text") }],
    });
  });

  it.each([
    ["a comment without comment_id", { item: "comment", verb: "add", post_id: post, message: "x" }],
    ["a post without any id", { item: "status", verb: "add", message: "x" }],
    ["a value that is a string", "feed"],
    ["no verb", { item: "comment", post_id: post, comment_id: "1_6" }],
  ])("reports %s as unrecognised", (_label, value) => {
    const result = normaliseMeta(feedBody(value));
    expect(result.observations).toEqual([]);
    expect(result.skipped).toMatchObject([{ path: "entry[0].changes[0]", kind: "unrecognised" }]);
  });

  it("reports a change with no time at all as unrecognised", () => {
    const value = { item: "comment", verb: "add", post_id: post, comment_id: "1_7", message: "x" };
    const body = { object: "page", entry: [{ id: page, changes: [{ field: "feed", value }] }] };
    expect(normaliseMeta(body).skipped).toMatchObject([
      { kind: "unrecognised", reason: expect.stringContaining("time") },
    ]);
  });

  it("keys events so that redeliveries collide and distinct events do not", () => {
    const add = keys(normaliseMeta(fixture("feed-comment-add")));
    const edit = keys(normaliseMeta(fixture("feed-comment-edited")));
    const remove = keys(normaliseMeta(fixture("feed-comment-remove")));
    expect(keys(normaliseMeta(fixture("feed-comment-add")))).toEqual(add);
    expect(new Set([...add, ...edit, ...remove]).size).toBe(3);

    const edited = (message: string, time: number) =>
      only(
        normaliseMeta(
          feedBody(
            { item: "comment", verb: "edited", post_id: post, comment_id: noaComment, message, created_time: time },
            time,
          ),
        ),
      ).eventKey;
    expect(edited("a", 1773216000)).not.toBe(edited("b", 1773216000));
    expect(edited("a", 1773216000)).not.toBe(edited("a", 1773217000));
    expect(edited("a", 1773216000)).toBe(edited("a", 1773216000));
  });
});
