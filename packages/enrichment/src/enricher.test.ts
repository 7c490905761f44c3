import { describe, expect, it } from "vitest";
import { LEXICON_METHOD, lexiconEnricher } from "./enricher";
import { englishLabelled, hebrewLabelled, type Labelled } from "./testdata/labelled";

const enricher = lexiconEnricher();

async function accuracy(set: readonly Labelled[]) {
  let language = 0;
  let sentiment = 0;
  let intent = 0;
  const misses: string[] = [];
  for (const labelled of set) {
    const result = await enricher.enrich({ text: labelled.text, platform: "facebook" });
    const hits = [
      result.language === labelled.language,
      (result.sentiment?.label ?? "neutral") === labelled.sentiment,
      (result.intent ?? "other") === labelled.intent,
    ];
    language += Number(hits[0]);
    sentiment += Number(hits[1]);
    intent += Number(hits[2]);
    if (!hits.every(Boolean)) misses.push(`${labelled.text} → ${JSON.stringify(result)}`);
  }
  const n = set.length;
  return { language: language / n, sentiment: sentiment / n, intent: intent / n, misses: misses.join("\n") };
}

describe("lexiconEnricher", () => {
  it("names its method", () => {
    expect(enricher.method).toBe(LEXICON_METHOD);
    expect(lexiconEnricher({ words: { frobnicated: -3 } }).method).toBe(`${LEXICON_METHOD}+custom`);
    expect(lexiconEnricher({ method: "lexicon@1-acme" }).method).toBe("lexicon@1-acme");
  });

  // Checked by hand rather than with core's zod schemas so this package's tests load only its own code.
  it("answers values the Interaction schema accepts", async () => {
    const result = await enricher.enrich({ text: "Still waiting for my refund 😡 why??", platform: "facebook" });
    expect(result).toEqual({
      language: "en",
      sentiment: { label: "negative", score: expect.any(Number) },
      intent: "complaint",
    });
    expect(result.sentiment?.score).toBeGreaterThanOrEqual(-1);
    expect(result.sentiment?.score).toBeLessThanOrEqual(-0.05);
  });

  it("answers nothing for an empty text, and no language for emoji only", async () => {
    expect(await enricher.enrich({ text: "   ", platform: "whatsapp" })).toEqual({});
    const emoji = await enricher.enrich({ text: "❤️🙏", platform: "instagram" });
    expect(emoji.language).toBeUndefined();
    expect(emoji.sentiment?.label).toBe("positive");
    expect(emoji.intent).toBe("praise");
  });

  it("takes extra words, which win over the shipped lexicons", async () => {
    const plain = await enricher.enrich({ text: "the checkout is frobnicated", platform: "messenger" });
    expect(plain.sentiment?.label).toBe("neutral");
    const custom = lexiconEnricher({ words: { frobnicated: -3, "אחלה בחלה": 3 } });
    const english = await custom.enrich({ text: "the checkout is frobnicated", platform: "messenger" });
    expect(english.sentiment?.label).toBe("negative");
    const hebrew = await custom.enrich({ text: "ואחלה בחלה", platform: "messenger" });
    expect(hebrew.sentiment?.label).toBe("positive");
  });

  it("has enough labelled cases in each language", () => {
    expect(englishLabelled.length).toBeGreaterThanOrEqual(40);
    expect(hebrewLabelled.length).toBeGreaterThanOrEqual(40);
  });

  // A regression guard: the method is not expected to be perfect, but it must not get worse.
  it.each([
    { name: "English", set: englishLabelled },
    { name: "Hebrew", set: hebrewLabelled },
  ])("labels at least 85 percent of the $name set correctly", async ({ set }) => {
    const scores = await accuracy(set);
    expect(scores.language, scores.misses).toBeGreaterThanOrEqual(0.85);
    expect(scores.sentiment, scores.misses).toBeGreaterThanOrEqual(0.85);
    expect(scores.intent, scores.misses).toBeGreaterThanOrEqual(0.85);
  });
});
