import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { lexiconEnricher } from "@scrm/enrichment";
import { seededRandom } from "../packages/core/src/testing/seeded-random";

export interface EnrichmentBenchOptions {
  quick: boolean;
}

/** A fixed seed so every run enriches the same texts. */
const random = seededRandom;

const english = [
  "my order never arrived",
  "still waiting for my refund",
  "the app keeps crashing when I try to pay",
  "where is my package",
  "do you ship to Israel",
  "thank you so much for the quick reply",
  "love this product",
  "great job guys",
  "the delivery was soooo late",
  "I was charged twice",
  "can I change my address",
  "how do I reset my password",
  "not happy with the quality",
  "customer service was really helpful",
  "worst experience ever",
  "the box arrived damaged",
  "is this available in blue",
  "I ordered the red one last week",
  "highly recommend this shop",
  "nobody answers the phone",
];
const hebrew = [
  "ההזמנה שלי לא הגיעה",
  "אני מחכה להחזר כספי כבר חודש",
  "האפליקציה לא עובדת",
  "מתי המשלוח יגיע",
  "יש לכם את זה במידה L",
  "תודה רבה על השירות המעולה",
  "אלופים",
  "והשירות היה גרוע מאוד",
  "המוצר הגיע שבור",
  "חייבו אותי פעמיים",
  "אפשר לשנות כתובת",
  "איך מחליפים סיסמה",
  "לא מרוצה מהאיכות",
  "הנציגה הייתה ממש אדיבה",
  "חבל על הזמן",
  "קניתי iPhone 15 והוא לא עובד",
  "האם החנות פתוחה בשבת",
  "הזמנתי את הכיסא האפור",
  "ממליצה בחום",
  "אף אחד לא עונה לטלפון",
];
const emoji = ["😡", "😡😡", "❤️", "🙏", "😍", "👍", "🤬", "😭", "🔥", "👏"];
const tails = ["", "", "", "!", "!!!", "?", "??", "...", " @acme_support", " https://acme.example/o/7781", " #fail"];

/** Realistic care texts of 5–60 words: fragments of one language (a few mixed), emoji, punctuation, links. */
function pool(size: number): string[] {
  const next = random(20_251_124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const texts: string[] = [];
  while (texts.length < size) {
    const roll = next();
    const fragments = roll < 0.45 ? english : roll < 0.9 ? hebrew : [...english, ...hebrew];
    const target = 5 + Math.floor(next() * 56);
    const parts: string[] = [];
    let words = 0;
    while (words < target) {
      const fragment = pick(fragments);
      parts.push(fragment + pick(tails) + (next() < 0.25 ? ` ${pick(emoji)}` : ""));
      words += fragment.split(" ").length;
    }
    texts.push(parts.join(next() < 0.5 ? ". " : " "));
  }
  return texts;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Enrichments per second on one thread with the shipped lexicon method, over a pool of ~1,000
 * generated English/Hebrew/emoji texts, after a warm-up pass; plus per-text latency percentiles.
 */
export async function benchEnrichment(options: EnrichmentBenchOptions) {
  const texts = pool(1_000);
  const rounds = options.quick ? 3 : 20;

  const loadStarted = performance.now();
  const enricher = lexiconEnricher();
  const lexiconLoadMs = performance.now() - loadStarted;
  for (const text of texts) await enricher.enrich({ text, platform: "facebook" });

  const latencies: number[] = [];
  const languages: Record<string, number> = {};
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const text of texts) {
      const before = performance.now();
      const result = await enricher.enrich({ text, platform: "facebook" });
      latencies.push((performance.now() - before) * 1_000);
      if (round === 0) {
        const language = result.language ?? "none";
        languages[language] = (languages[language] ?? 0) + 1;
      }
    }
  }
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const words = texts.reduce((sum, text) => sum + text.split(/\s+/).length, 0);

  return {
    name: "enrichment",
    method: enricher.method,
    setup: `single thread, ${texts.length} texts × ${rounds} rounds, ${cpus()[0]?.model ?? "unknown cpu"}`,
    texts: texts.length,
    meanWords: Math.round(words / texts.length),
    enrichments: latencies.length,
    enrichmentsPerSecond: Math.round(latencies.length / (elapsedMs / 1_000)),
    latencyUs: {
      p50: Math.round(percentile(latencies, 50)),
      p99: Math.round(percentile(latencies, 99)),
      max: Math.round(latencies[latencies.length - 1] ?? 0),
    },
    lexiconLoadMs: Math.round(lexiconLoadMs),
    languages,
  };
}

export function printEnrichment(result: Awaited<ReturnType<typeof benchEnrichment>>) {
  console.log(`\nenrichment (${result.method}; ${result.setup})`);
  console.log(`  throughput     ${result.enrichmentsPerSecond} enrichments/s   (${result.enrichments} enrichments)`);
  console.log(
    `  per text       p50 ${result.latencyUs.p50} µs, p99 ${result.latencyUs.p99} µs, max ${result.latencyUs.max} µs   (mean ${result.meanWords} words)`,
  );
  console.log(`  lexicon load   ${result.lexiconLoadMs} ms (once per process)`);
  console.log(
    `  languages      ${Object.entries(result.languages)
      .map(([language, n]) => `${language} ${n}`)
      .join(", ")}`,
  );
}
