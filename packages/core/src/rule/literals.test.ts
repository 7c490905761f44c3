import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/seeded-random";
import { normaliseLetters, normaliseText } from "../text/normalise";
import { requiredLiterals } from "./literals";
import { compilePattern } from "./operators";

const prng = seededRandom;

describe("requiredLiterals", () => {
  it.each([
    ["\\b(order|invoice)\\s*#?\\d+", ["order", "invoice"]],
    ["\\bwtf\\b|🤬", ["wtf", "🤬"]],
    ["^(hi|hello|שלום)\\b", ["hi", "hello", "שלומ"]],
    ["REFUND", ["refund"]],
    ["colou?r", ["colo"]],
    ["ab+c", ["ab"]],
    ["x{0,2}yz", ["yz"]],
    ["a{2}bc", ["bc"]],
    ["(?:refund|return)s?\\.", ["refund", "return"]],
    ["\\.com\\b", [".com"]],
    ["(?<=a)bcd", ["bcd"]],
    ["\\p{Extended_Pictographic}{2,}", undefined],
    ["a|\\d", undefined],
    ["(ab)?", undefined],
    ["(?=abc)", undefined],
    ["[abc]", undefined],
    ["ΣΑΣ", undefined],
    ["", undefined],
  ])("%s", (pattern, expected) => {
    expect(requiredLiterals(normaliseLetters(pattern))).toEqual(expected);
  });

  it("never rules out a text the regex matches (generated patterns and texts)", () => {
    const random = prng(99);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const ATOMS = ["a", "b", "K", "k", "s", "ſ", "é", "ש", "ם", "🤬", "👍🏽", " ", "-", ".", "\\.", "\\b", "\\B"];
    const ATOMS2 = ["\\d", "\\w", "\\W", "\\s", "\\p{L}", "\\u0061", "\\x62", "[ab]", "[^a]", "[a-c]", "^", "$"];
    const QUANTIFIERS = ["", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "+?", "*?"];
    const term = (depth: number): string => {
      const roll = random();
      if (depth > 0 && roll < 0.2) {
        const open = pick(["(", "(?:", "(?=", "(?!", "(?<=", "(?<!"]);
        const body = `${open}${pattern(depth - 1)})`;
        return open.startsWith("(?") && open !== "(?:" ? body : body + pick(QUANTIFIERS);
      }
      const atom = roll < 0.75 ? pick(ATOMS) : pick(ATOMS2);
      return ["^", "$", "\\b", "\\B"].includes(atom) ? atom : atom + pick(QUANTIFIERS);
    };
    const pattern = (depth: number): string =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 4) }, () => term(depth)).join(""),
      ).join("|");
    const TEXT = [
      "a",
      "A",
      "b",
      "k",
      "K",
      "K",
      "s",
      "S",
      "ſ",
      "é",
      "É",
      "e\u0301",
      "ש",
      "ם",
      "מ",
      "🤬",
      "👍",
      "🏽",
      " ",
      "-",
      ".",
      "1",
    ];
    let withLiterals = 0;
    for (let n = 0; n < 3000; n++) {
      const source = pattern(2);
      let regex: RegExp;
      try {
        regex = compilePattern(source);
      } catch {
        continue;
      }
      const literals = requiredLiterals(normaliseLetters(source));
      if (!literals) continue;
      withLiterals++;
      for (let t = 0; t < 30; t++) {
        const text = normaliseText(Array.from({ length: Math.floor(random() * 10) }, () => pick(TEXT)).join(""));
        if (regex.test(text))
          expect(
            literals.some((l) => text.includes(l)),
            `${source} on ${text}`,
          ).toBe(true);
      }
    }
    expect(withLiterals).toBeGreaterThan(500);
  });
});
