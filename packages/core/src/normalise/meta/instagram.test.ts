import { describe, expect, it } from "vitest";
import { normaliseMeta } from "./index";
import { assertValid, fixture } from "./test-support";

const account = "17841405822304914";
const media = "17918195224117851";

const changeBody = (field: string, value: unknown, time: number | undefined = 1773216000) => ({
  object: "instagram",
  entry: [{ id: account, time, changes: [{ field, value }] }],
});

describe("Instagram comments and mentions", () => {
  it("turns a comment into an inbound comment and the account's answer into an outbound reply", () => {
    const result = assertValid(normaliseMeta(fixture("instagram-comment")));
    expect(result.skipped).toEqual([]);
    expect(result.observations.map((o) => o.draft)).toEqual([
      {
        platform: "instagram",
        kind: "comment",
        direction: "inbound",
        externalId: "17865799348089039",
        threadId: media,
        account: { id: account },
        author: { id: "1284758392018374", handle: "noa.levi.tlv" },
        text: "איזה יופי 😍 יש גם בגודל חצי קילו?",
        occurredAt: "2026-03-10T11:30:00.000Z",
      },
      {
        platform: "instagram",
        kind: "reply",
        direction: "outbound",
        externalId: "17990023411524833",
        threadId: media,
        parentId: "17865799348089039",
        account: { id: account },
        author: { id: account, handle: "barzel.coffee" },
        text: "@noa.levi.tlv כן! בחנות באתר 🙌",
        occurredAt: "2026-03-10T11:30:00.000Z",
      },
    ]);
  });

  it("treats live_comments like comments", () => {
    const value = {
      id: "1",
      text: "🔥",
      from: { id: "2", username: "u" },
      media: { id: "3", media_product_type: "LIVE" },
    };
    const result = assertValid(normaliseMeta(changeBody("live_comments", value)));
    expect(result.observations[0]?.draft).toMatchObject({ kind: "comment", threadId: "3", text: "🔥" });
  });

  it("turns mentions into textless mentions by an unknown author, keyed by comment or media", () => {
    const result = assertValid(normaliseMeta(fixture("instagram-mention")));
    expect(result.observations.map((o) => o.draft)).toEqual([
      {
        platform: "instagram",
        kind: "mention",
        direction: "inbound",
        externalId: "17894227972186120",
        threadId: "17887498072083520",
        account: { id: account },
        author: { id: "unknown" },
        text: "",
        occurredAt: "2026-03-10T11:40:00.000Z",
      },
      {
        platform: "instagram",
        kind: "mention",
        direction: "inbound",
        externalId: "18029485721093847",
        threadId: "18029485721093847",
        account: { id: account },
        author: { id: "unknown" },
        text: "",
        occurredAt: "2026-03-10T11:40:00.000Z",
      },
    ]);
  });

  it.each([
    ["comments", { id: "1", text: "x", from: { id: "2" } }, "unrecognised"],
    ["comments", { text: "x", from: { id: "2" }, media: { id: "3" } }, "unrecognised"],
    ["mentions", { comment_id: "1" }, "unrecognised"],
    ["story_insights", { media_id: "1", impressions: 4 }, "ignored"],
    ["hashtags", { id: "1" }, "unrecognised"],
  ] as const)("skips field %s with value %j as %s", (field, value, kind) => {
    const result = normaliseMeta(changeBody(field, value));
    expect(result.observations).toEqual([]);
    expect(result.skipped).toMatchObject([{ path: "entry[0].changes[0]", kind }]);
  });

  it("reports a comment with no time at all as unrecognised", () => {
    const value = { id: "1", from: { id: "2" }, media: { id: "3" } };
    const body = { object: "instagram", entry: [{ id: account, changes: [{ field: "comments", value }] }] };
    expect(normaliseMeta(body).skipped).toMatchObject([{ kind: "unrecognised" }]);
  });
});
