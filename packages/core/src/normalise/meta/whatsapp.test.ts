import { describe, expect, it } from "vitest";
import { normaliseMeta } from "./index";
import { assertValid, fixture, keys } from "./test-support";

const phone = "106540352242922";
const noa = "972541234567";
const sam = "14155550123";

const waBody = (value: unknown, field = "messages") => ({
  object: "whatsapp_business_account",
  entry: [{ id: "102290129340398", changes: [{ field, value }] }],
});
const metadata = { display_phone_number: "972549876543", phone_number_id: phone };

describe("WhatsApp Cloud API", () => {
  it("turns a text message into an inbound message named after its contact", () => {
    const result = assertValid(normaliseMeta(fixture("whatsapp-text")));
    expect(result.skipped).toEqual([]);
    expect(result.observations).toEqual([
      {
        change: "created",
        eventKey: expect.any(String),
        draft: {
          platform: "whatsapp",
          kind: "message",
          direction: "inbound",
          externalId: "wamid.HBgMOTcyNTQxMjM0NTY3FQIAEhggM0E0QTY1OTlBRUUwMzgxMDE0NEYA",
          threadId: `${phone}_${noa}`,
          account: { id: phone },
          author: { id: noa, name: "נועה לוי", handle: noa },
          text: "היי, קיבלתי פולים שרופים 😕 אפשר החזר?",
          occurredAt: "2026-03-10T12:00:00.000Z",
        },
      },
    ]);
  });

  it("always gives media, locations, contacts and interactive replies readable text", () => {
    const result = assertValid(normaliseMeta(fixture("whatsapp-media-and-interactive")));
    expect(result.skipped).toEqual([]);
    const brandMessage = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSNTNGQ0M3RjFBMDA5QjE1QkE3AA==";
    expect(result.observations.map(({ draft }) => [draft.kind, draft.text, draft.parentId, draft.author])).toEqual([
      ["message", "ככה זה הגיע", brandMessage, { id: noa, name: "נועה לוי", handle: noa }],
      ["message", "[document: invoice-4471.pdf]", undefined, { id: noa, name: "נועה לוי", handle: noa }],
      ["message", "[voice message]", undefined, { id: noa, name: "נועה לוי", handle: noa }],
      [
        "message",
        "[location: Barzel Coffee, Rothschild Blvd 22, Tel Aviv (32.0636, 34.7731)]",
        undefined,
        { id: sam, name: "Sam Carter", handle: sam },
      ],
      ["message", "[contact: Dana Mizrahi]", undefined, { id: sam, name: "Sam Carter", handle: sam }],
      [
        "message",
        "Yes, refund me",
        "wamid.HBgLMTQxNTU1NTAxMjMVAgARGBI5QjQ0NzY1QTIzRjgzMUQxRDgA",
        { id: sam, name: "Sam Carter", handle: sam },
      ],
      ["message", "Ethiopia Yirgacheffe", undefined, { id: sam, name: "Sam Carter", handle: sam }],
      [
        "message",
        "Stop promotions",
        "wamid.HBgLMTQxNTU1NTAxMjMVAgARGBJBODJCMEQ2QzY5NzE0MjU2NDgA",
        { id: sam, name: "Sam Carter", handle: sam },
      ],
      ["reaction", "👍", brandMessage, { id: noa, name: "נועה לוי", handle: noa }],
      ["message", "[sticker]", undefined, { id: noa, name: "נועה לוי", handle: noa }],
      ["message", "[unsupported message]", undefined, { id: sam, name: "Sam Carter", handle: sam }],
    ]);
    expect(result.observations[0]?.draft.attachments).toEqual([
      { type: "image", mediaId: "1003383421387256", mimeType: "image/jpeg", caption: "ככה זה הגיע" },
    ]);
    expect(result.observations[1]?.draft.attachments).toEqual([
      { type: "document", mediaId: "2734729283519247", mimeType: "application/pdf" },
    ]);
    expect(result.observations[3]?.draft.threadId).toBe(`${phone}_${sam}`);
    expect(new Set(keys(result)).size).toBe(result.observations.length);
  });

  it.each([
    ["an image without caption", { type: "image", image: { id: "1", mime_type: "image/png" } }, "[image]"],
    ["a video", { type: "video", video: { id: "1", caption: "📹 סרטון" } }, "📹 סרטון"],
    ["a plain audio file", { type: "audio", audio: { id: "1" } }, "[audio]"],
    [
      "a location without name",
      { type: "location", location: { latitude: 1.5, longitude: -2 } },
      "[location: (1.5, -2)]",
    ],
    ["a flow reply", { type: "interactive", interactive: { type: "nfm_reply", nfm_reply: { body: "Sent" } } }, "Sent"],
    ["an order", { type: "order", order: { catalog_id: "c", product_items: [{}, {}] } }, "[order: 2 items]"],
    ["a system notice", { type: "system", system: { body: "Noa changed her number" } }, "Noa changed her number"],
    ["a type from the future", { type: "hologram", hologram: {} }, "[hologram]"],
  ])("reads %s", (_label, fields, text) => {
    const message = { from: noa, id: "wamid.X", timestamp: "1773216000", ...fields };
    const result = assertValid(normaliseMeta(waBody({ metadata, messages: [message] })));
    expect(result.observations[0]?.draft.text).toBe(text);
  });

  it("turns statuses into delivery reports against the brand's own message", () => {
    const result = assertValid(normaliseMeta(fixture("whatsapp-statuses")));
    const brandMessage = "wamid.HBgMOTcyNTQxMjM0NTY3FQIAERgSNTNGQ0M3RjFBMDA5QjE1QkE3AA==";
    expect(result.observations[0]).toEqual({
      change: "delivery",
      eventKey: expect.any(String),
      report: { state: "sent", at: "2026-03-10T12:02:00.000Z" },
      draft: {
        platform: "whatsapp",
        kind: "message",
        direction: "outbound",
        externalId: brandMessage,
        threadId: `${phone}_${noa}`,
        account: { id: phone },
        author: { id: phone },
        text: "",
        occurredAt: "2026-03-10T12:02:00.000Z",
      },
    });
    expect(result.observations.map((o) => (o.change === "delivery" ? [o.report.state, o.draft.threadId] : []))).toEqual(
      [
        ["sent", `${phone}_${noa}`],
        ["delivered", `${phone}_${noa}`],
        ["read", `${phone}_${noa}`],
        ["failed", `${phone}_${sam}`],
      ],
    );
    expect(result.observations[3]).toMatchObject({
      report: { state: "failed", errors: [{ code: 131047, title: "Re-engagement message" }] },
    });
    expect(new Set(keys(result)).size).toBe(4);
    expect(result.skipped).toEqual([
      {
        path: "entry[0].changes[0].value.statuses[4]",
        kind: "ignored",
        reason: 'whatsapp status "played" is not tracked',
      },
    ]);
  });

  it("ignores a removed reaction (empty emoji)", () => {
    const message = {
      from: noa,
      id: "wamid.R",
      timestamp: "1773216000",
      type: "reaction",
      reaction: { message_id: "wamid.M" },
    };
    expect(normaliseMeta(waBody({ metadata, messages: [message] }))).toEqual({
      observations: [],
      skipped: [{ path: "entry[0].changes[0].value.messages[0]", kind: "ignored", reason: expect.any(String) }],
    });
  });

  it("keeps the good messages of a batch when one of them is malformed", () => {
    const good = { from: noa, id: "wamid.G", timestamp: "1773216000", type: "text", text: { body: "ok" } };
    const bad = { from: noa, id: "wamid.B", timestamp: "yesterday", type: "text", text: { body: "?" } };
    const result = normaliseMeta(waBody({ metadata, messages: [bad, good], statuses: [{ id: "wamid.S" }] }));
    expect(result.observations.map((o) => o.draft.externalId)).toEqual(["wamid.G"]);
    expect(result.skipped).toMatchObject([
      { path: "entry[0].changes[0].value.messages[0]", kind: "unrecognised" },
      { path: "entry[0].changes[0].value.statuses[0]", kind: "unrecognised" },
    ]);
  });

  it("matches a username user by business-scoped id when there is no phone number", () => {
    const value = {
      metadata,
      contacts: [{ user_id: "IL.1234567890", profile: { name: "Ori" } }],
      messages: [
        { from_user_id: "IL.1234567890", id: "wamid.U", timestamp: "1773216000", type: "text", text: { body: "hi" } },
      ],
    };
    const { observations } = assertValid(normaliseMeta(waBody(value)));
    expect(observations[0]?.draft).toMatchObject({
      author: { id: "IL.1234567890", name: "Ori" },
      threadId: `${phone}_IL.1234567890`,
    });
  });

  it("reports webhook-level errors and empty changes without failing", () => {
    const errors = [{ code: 131000, title: "Something went wrong" }];
    expect(normaliseMeta(waBody({ metadata, errors })).skipped).toEqual([
      {
        path: "entry[0].changes[0].value.errors[0]",
        kind: "ignored",
        reason: "whatsapp reported an error 131000 Something went wrong",
      },
    ]);
    expect(normaliseMeta(waBody({ metadata })).skipped).toMatchObject([
      { path: "entry[0].changes[0]", kind: "ignored" },
    ]);
  });

  it.each([
    ["account_update", { event: "VERIFIED_ACCOUNT" }, "ignored"],
    ["message_template_status_update", { event: "APPROVED", message_template_id: 1 }, "ignored"],
    ["mystery_field", {}, "unrecognised"],
  ] as const)("skips field %s as %s", (field, value, kind) => {
    const result = normaliseMeta(waBody(value, field));
    expect(result.observations).toEqual([]);
    expect(result.skipped).toMatchObject([{ path: "entry[0].changes[0]", kind }]);
  });

  it("reports a messages change without metadata as unrecognised", () => {
    expect(normaliseMeta(waBody({ messages: [] })).skipped).toMatchObject([
      { path: "entry[0].changes[0]", kind: "unrecognised" },
    ]);
  });
});
