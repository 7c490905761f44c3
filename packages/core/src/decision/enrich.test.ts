import { describe, expect, it } from "vitest";
import type { Interaction } from "../interaction/schema";
import { foldEnrichment, needsEnrichment } from "./enrich";
import { at, interactionFor } from "./test-support";

const base: Interaction = interactionFor({ text: "great service" });
const found = { language: "en", sentiment: { label: "positive" as const, score: 0.7 }, intent: "praise" as const };

describe("enrichment", () => {
  it("is marked machine-made", () => {
    const next = foldEnrichment(base, found, "lexicon@1", at);
    expect(next).toMatchObject({ ...found, enrichment: { method: "lexicon@1", at } });
    expect(next.history.at(-1)).toMatchObject({ type: "enriched", by: "machine:lexicon@1" });
  });

  it("never overwrites a person's sentiment or intent", () => {
    const decided: Interaction = {
      ...base,
      sentiment: { label: "negative", score: -1 },
      intent: "complaint",
      overrides: { sentiment: { by: "user:dana", at }, intent: { by: "user:dana", at } },
    };
    const next = foldEnrichment(decided, found, "lexicon@1", at);
    expect(next.sentiment).toEqual({ label: "negative", score: -1 });
    expect(next.intent).toBe("complaint");
    expect(next.language).toBe("en");
    expect(next.history.at(-1)?.detail).toMatchObject({ kept: ["sentiment", "intent"] });
  });

  it("runs for new or edited text, or when never enriched; not for receipts or empty text", () => {
    const enriched = foldEnrichment(base, found, "m", at);
    expect(needsEnrichment(base, "delivery")).toBe(true);
    expect(needsEnrichment(enriched, "created")).toBe(true);
    expect(needsEnrichment(enriched, "edited")).toBe(true);
    expect(needsEnrichment(enriched, "delivery")).toBe(false);
    expect(needsEnrichment(enriched, "override")).toBe(false);
    expect(needsEnrichment({ ...base, text: "  " }, "created")).toBe(false);
  });
});
