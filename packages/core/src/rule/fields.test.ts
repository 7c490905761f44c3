import { describe, expect, it } from "vitest";
import { fieldGetter, resolveField } from "./fields";
import { sampleInteraction } from "./fixtures";

describe("resolveField", () => {
  it.each([
    ["text", { kind: "string", list: false }],
    ["platform", { kind: "string", list: false }],
    ["occurredAt", { kind: "datetime", list: false }],
    ["author.followers", { kind: "number", list: false }],
    ["author", { kind: "object", list: false }],
    ["tags", { kind: "string", list: true }],
    ["attachments.type", { kind: "string", list: true }],
    ["sync.salesforce.state", { kind: "enum", list: false, values: ["pending", "synced", "failed"] }],
    ["overrides.priority.by", { kind: "string", list: false }],
    ["overrides.tag:vip.at", { kind: "datetime", list: false }],
    ["history.detail.anything.deeper", { kind: "unknown", list: true }],
    ["priority", { kind: "enum", list: false, values: ["low", "normal", "high", "urgent"] }],
  ])("%s", (path, expected) => {
    expect(resolveField(path)).toEqual(expected);
  });

  it.each(["nope", "author.nope", "text.length", "author..id", "", "tags.x"])("rejects %j", (path) => {
    expect(resolveField(path)).toBeUndefined();
  });
});

describe("fieldGetter", () => {
  const interaction = sampleInteraction({
    attachments: [{ type: "image" }, { type: "video", caption: "hi" }],
    sync: { salesforce: { state: "synced" } },
  });

  it.each([
    ["text", interaction.text],
    ["author.followers", 12_000],
    ["attachments.type", ["image", "video"]],
    ["attachments.caption", ["hi"]],
    ["attachments.mimeType", undefined],
    ["sync.salesforce.state", "synced"],
    ["sync.hubspot.state", undefined],
    ["sync.__proto__", undefined],
    ["sentiment.label", undefined],
    ["tags", []],
  ])("%s", (path, expected) => {
    expect(fieldGetter(path)(interaction)).toEqual(expected);
  });
});
