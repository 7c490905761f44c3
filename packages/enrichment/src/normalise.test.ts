import { describe, expect, it } from "vitest";
import { hebrewStems } from "./hebrew";
import { normaliseText } from "./normalise";
import { tokenise } from "./tokenise";

describe("normaliseText", () => {
  it.each([
    ["lower-cases", "GREAT Service", "great service"],
    ["strips niqqud", "שָׁלוֹם", "שלומ"],
    ["folds final letters", "ךםןףץ", "כמנפצ"],
    ["NFKC folds presentation forms", "ﬁne ＡＢＣ", "fine abc"],
    ["folds typographic apostrophes", "don’t", "don't"],
    ["folds gershayim", "כ״כ", 'כ"כ'],
  ])("%s", (_, text, expected) => {
    expect(normaliseText(text)).toBe(expected);
  });
});

describe("hebrewStems", () => {
  it.each([
    ["והשירות", ["השירות", "שירות", "ירות"]],
    ["וכשההזמנה", ["כשההזמנה", "שההזמנה", "ההזמנה"]],
    ["גרוע", []],
    ["מה", []],
  ])("%s", (word, stems) => {
    expect(hebrewStems(word)).toEqual(stems);
  });
});

describe("tokenise", () => {
  it("drops URLs, mentions and e-mail addresses, keeps hashtag words, emoji and punctuation", () => {
    const tokens = tokenise("@acme #fail see https://x.example/a?b=1 or mail a@b.co 😡!!");
    expect(tokens.map((token) => token.text)).toEqual(["fail", "see", "or", "mail", "😡", "!!"]);
  });

  it("collapses elongated words towards a known word", () => {
    const known = (word: string) => ["good", "so", "תודה"].includes(word);
    const tokens = tokenise("goooood soooo תודהההה", known);
    expect(tokens.map((token) => [token.text, token.elongated])).toEqual([
      ["good", true],
      ["so", true],
      ["תודה", true],
    ]);
  });
});
