import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normaliseMeta } from "./index";
import { assertValid, fixture, keys } from "./test-support";

const fixtureNames = readdirSync(new URL("../../../../../tests/fixtures/meta/", import.meta.url))
  .filter((name) => name.endsWith(".json"))
  .map((name) => name.replace(/\.json$/, ""));

describe("normaliseMeta", () => {
  it.each([
    ["null", null],
    ["an array", []],
    ["a number", 42],
    ["a string", "entry"],
    ["an empty object", {}],
    ["a non-array entry", { entry: "x" }],
    ["an object without `object`", { entry: [] }],
  ])("reports %s as one unrecognised item at the root", (_label, body) => {
    expect(normaliseMeta(body)).toEqual({
      observations: [],
      skipped: [{ path: "", kind: "unrecognised", reason: expect.any(String) }],
    });
  });

  it("reports an unknown object type once, at the root", () => {
    expect(normaliseMeta(fixture("unknown-object"))).toEqual({
      observations: [],
      skipped: [{ path: "", kind: "unrecognised", reason: 'unknown object "user"' }],
    });
  });

  it.each([
    ["an empty entry", { object: "page", entry: [{}] }, "entry[0]"],
    ["an entry that is null", { object: "instagram", entry: [null] }, "entry[0]"],
    ["an entry with nothing to read", { object: "page", entry: [{ id: "1", time: 1 }] }, "entry[0]"],
    [
      "a change without field",
      { object: "page", entry: [{ id: "1", changes: [{ value: {} }] }] },
      "entry[0].changes[0]",
    ],
    [
      "a change that is a number",
      { object: "whatsapp_business_account", entry: [{ id: "1", changes: [7] }] },
      "entry[0].changes[0]",
    ],
    [
      "a page field nobody reads",
      { object: "page", entry: [{ id: "1", changes: [{ field: "ratings", value: {} }] }] },
      "entry[0].changes[0]",
    ],
    [
      "messaging on a WhatsApp entry",
      { object: "whatsapp_business_account", entry: [{ id: "1", messaging: [] }] },
      "entry[0].messaging",
    ],
  ])("reports %s as unrecognised at its path", (_label, body, path) => {
    expect(normaliseMeta(body)).toEqual({
      observations: [],
      skipped: [{ path, kind: "unrecognised", reason: expect.any(String) }],
    });
  });

  it("reads many entries with many changes and messaging items, in order, and reports each skip by path", () => {
    const result = assertValid(normaliseMeta(fixture("batched")));
    expect(
      result.observations.map((o) => [o.change, o.draft.platform, o.draft.kind, o.draft.direction, o.draft.account.id]),
    ).toEqual([
      ["created", "facebook", "reply", "inbound", "104523987654321"],
      ["created", "facebook", "reaction", "inbound", "104523987654321"],
      ["created", "messenger", "message", "inbound", "231098765432109"],
      ["created", "facebook", "post", "outbound", "104523987654321"],
      ["edited", "facebook", "reply", "inbound", "104523987654321"],
    ]);
    expect(result.observations[3]?.draft).toMatchObject({
      text: "New arrival: Kenya AA 🇰🇪",
      attachments: [{ type: "photo", mediaId: "122141799800112233", url: expect.stringContaining("scontent") }],
    });
    // The add and its edit arrive in one POST: same item, two events, the edit last.
    expect(result.observations[4]?.draft.externalId).toBe(result.observations[0]?.draft.externalId);
    expect(result.skipped).toEqual([
      { path: "entry[0].changes[2]", kind: "ignored", reason: 'feed verb "hide" changes visibility only' },
      { path: "entry[0].changes[3]", kind: "unrecognised", reason: 'no normaliser for page field "ratings"' },
      { path: "entry[1].messaging[1]", kind: "ignored", reason: 'messenger "delivery" event is not an interaction' },
      { path: "entry[3]", kind: "unrecognised", reason: "entry without an id" },
    ]);
  });

  it("produces valid drafts for every fixture, and the same result every time", () => {
    for (const name of fixtureNames) {
      const first = assertValid(normaliseMeta(fixture(name)));
      expect(normaliseMeta(fixture(name)), name).toEqual(first);
    }
  });

  it("gives every distinct event across all fixtures its own key", () => {
    // batched.json repeats nothing from the other fixtures, so every key must be unique.
    const all = fixtureNames.flatMap((name) => keys(normaliseMeta(fixture(name))));
    expect(all.length).toBeGreaterThan(30);
    expect(new Set(all).size).toBe(all.length);
  });

  it("never throws and never emits an invalid draft, whatever part of a real payload is garbled", () => {
    const junk: unknown[] = [null, 0, -1, 1e20, "", "x", true, [], {}, [{}], { id: "" }, "1773216000"];
    let runs = 0;
    for (const name of fixtureNames) {
      const original = fixture(name);
      for (const path of leafAndBranchPaths(original)) {
        for (const value of junk) {
          const mutated = replaceAt(original, path, value);
          const result = normaliseMeta(mutated);
          assertValid(result);
          runs += 1;
        }
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });
});

type Path = Array<string | number>;

function leafAndBranchPaths(value: unknown, prefix: Path = []): Path[] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => leafAndBranchPaths(item, [...prefix, i]))];
  if (value && typeof value === "object") {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => leafAndBranchPaths(item, [...prefix, key]))];
  }
  return here;
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return { ...record, [head]: replaceAt(record[head], rest, replacement) };
  }
  return value;
}
