import { describe, expect, it } from "vitest";
import type { Interaction } from "../interaction/schema";
import { decide, InteractionPatch } from "./override";
import { at, interactionFor } from "./test-support";

const base: Interaction = interactionFor({ tags: ["a", "b"], sentiment: { label: "negative", score: -0.6 } });

describe("a person's override", () => {
  it("validates the patch: strict, at least one change, null unassigns", () => {
    expect(InteractionPatch.safeParse({}).success).toBe(false);
    expect(InteractionPatch.safeParse({ note: "only a note" }).success).toBe(false);
    expect(InteractionPatch.safeParse({ priority: "critical" }).success).toBe(false);
    expect(InteractionPatch.safeParse({ colour: "red" }).success).toBe(false);
    expect(InteractionPatch.parse({ assignee: null }).assignee).toBeNull();
  });

  it("marks each decided field with who and when, and records the change", () => {
    const { next, changes } = decide(
      base,
      InteractionPatch.parse({ priority: "high", status: "pending", assignee: "dana", intent: "praise", note: "n" }),
      "user:dana",
      at,
    );
    expect(next).toMatchObject({ priority: "high", status: "pending", assignee: "dana", intent: "praise" });
    expect(Object.keys(next.overrides ?? {}).sort()).toEqual(["assignee", "intent", "priority", "status"]);
    expect(next.overrides?.priority).toEqual({ by: "user:dana", at });
    expect(changes.priority).toEqual({ from: "normal", to: "high" });
    expect(next.history.at(-1)).toMatchObject({ type: "override", by: "user:dana", detail: { note: "n" } });
  });

  it("tags: replace, add and remove; every touched tag becomes a person's decision", () => {
    const replaced = decide(base, InteractionPatch.parse({ tags: ["b", "c"] }), "user:x", at).next;
    expect(replaced.tags).toEqual(["b", "c"]);
    expect(Object.keys(replaced.overrides ?? {}).sort()).toEqual(["tag:a", "tag:b", "tag:c"]);
    const edited = decide(base, InteractionPatch.parse({ addTags: ["vip"], removeTags: ["a"] }), "user:x", at).next;
    expect(edited.tags).toEqual(["b", "vip"]);
    expect(Object.keys(edited.overrides ?? {}).sort()).toEqual(["tag:a", "tag:vip"]);
  });

  it("a sentiment given as a label gets the label's score", () => {
    const { next } = decide(base, InteractionPatch.parse({ sentiment: { label: "positive" } }), "user:x", at);
    expect(next.sentiment).toEqual({ label: "positive", score: 1 });
  });

  it("release hands fields back to automation", () => {
    const decided = decide(base, InteractionPatch.parse({ priority: "low", tags: ["a"] }), "user:x", at).next;
    const released = decide(decided, InteractionPatch.parse({ release: ["priority", "tags"] }), "user:x", at).next;
    expect(released.overrides).toBeUndefined();
    expect(released.priority).toBe("low");
  });

  it("unassigns with null", () => {
    const { next } = decide({ ...base, assignee: "bot" }, InteractionPatch.parse({ assignee: null }), "user:x", at);
    expect(next.assignee).toBeUndefined();
    expect(next.overrides?.assignee?.by).toBe("user:x");
  });
});
