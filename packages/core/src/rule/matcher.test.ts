import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/seeded-random";
import { KeywordMatcher } from "./matcher";

const random = seededRandom;

const naive = (keywords: string[], text: string) => new Set(keywords.filter((k) => text.includes(k)));
const found = (matcher: KeywordMatcher, text: string) => new Set(matcher.scan(text).map((id) => matcher.keywords[id]));

describe("KeywordMatcher", () => {
  it.each([
    ["overlapping keywords", ["he", "she", "his", "hers"], "ushers", ["he", "she", "hers"]],
    ["keyword inside another", ["refund", "fund", "un"], "refunds", ["refund", "fund", "un"]],
    ["Hebrew", ["החזר", "כספ"], "אני רוצה החזר כספי", ["החזר", "כספ"]],
    ["emoji", ["😡", "👍"], "broken 😡😡", ["😡"]],
    ["emoji keyword inside a skin-tone sequence", ["👍"], "thanks 👍🏽", ["👍"]],
    ["emoji inside a ZWJ sequence", ["👩"], "👨‍👩‍👧", ["👩"]],
    ["no hit", ["refund"], "all good", []],
    ["empty text", ["a"], "", []],
    ["no keywords", [], "anything", []],
  ])("%s", (_name, keywords, text, expected) => {
    const matcher = new KeywordMatcher(keywords);
    expect([...found(matcher, text)].sort()).toEqual([...expected].sort());
  });

  it.each([
    ["dense", undefined],
    ["goto/fail", 0],
  ])("agrees with String.includes on random texts (%s tables)", (_name, denseCells) => {
    const next = random(7);
    const alphabet = ["a", "b", "c", "ש", "ל", "ו", "😡", "👍", "🏽", " "];
    const word = (max: number) =>
      Array.from({ length: 1 + Math.floor(next() * max) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(
        "",
      );
    for (let round = 0; round < 200; round++) {
      const keywords = Array.from({ length: 1 + Math.floor(next() * 12) }, () => word(4));
      const matcher = new KeywordMatcher(keywords, denseCells === undefined ? {} : { denseCells });
      for (let t = 0; t < 10; t++) {
        const text = word(40);
        const hits = matcher.scan(text);
        expect(new Set(hits).size).toBe(hits.length);
        expect(found(matcher, text)).toEqual(naive(keywords, text));
      }
    }
  });
});
