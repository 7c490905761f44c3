import { describe, expect, it } from "vitest";
import { seededRandom } from "../testing/seeded-random";
import { normaliseLetters, normaliseText } from "./normalise";

/** The definition, spelled independently: NFKC, Hebrew marks stripped, finals unfinalled (then lower-case). */
const MARKS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
const FINALS: Record<string, string> = { ך: "כ", ם: "מ", ן: "נ", ף: "פ", ץ: "צ" };
const letters = (s: string) =>
  s
    .normalize("NFKC")
    .replace(MARKS, "")
    .replace(/[ךםןףץ]/g, (f) => FINALS[f] ?? f);
const lowered = (s: string) => letters(s).toLowerCase();

describe("normaliseText", () => {
  it.each([
    ["Hebrew niqqud stripped", "שָׁלוֹם", "שלומ"],
    ["Hebrew without niqqud gets the same form", "שלום", "שלומ"],
    ["cantillation stripped", "בְּרֵאשִׁ֖ית", "בראשית"],
    ["final letters folded", "החזרים ךםןףץ", "החזרימ כמנפצ"],
    ["maqaf (punctuation) kept", "בית־ספר", "בית־ספר"],
    ["Hebrew presentation form decomposed and stripped", "\uFB2A", "ש"],
    ["mixed-case Latin", "ReFuNd Please", "refund please"],
    ["full-width Latin and digits", "ＲＥＦＵＮＤ１２３", "refund123"],
    ["ligature", "ﬁle", "file"],
    ["decomposed accent composed", "cafe\u0301", "café"],
    ["emoji intact", "Broken 😡!", "broken 😡!"],
    ["skin tone intact", "👍🏽 Thanks", "👍🏽 thanks"],
    ["ZWJ sequence intact", "👨‍👩‍👧 FAMILY", "👨‍👩‍👧 family"],
    ["flag intact", "🇮🇱 ISRAEL", "🇮🇱 israel"],
    ["empty", "", ""],
  ])("%s", (_name, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it("makes pointed and unpointed spellings equal", () => {
    expect(normaliseText("שָׁלוֹם")).toBe(normaliseText("שלום"));
    expect(normaliseText("הֶחזֵר")).toBe(normaliseText("החזר"));
  });
});

describe("normaliseLetters", () => {
  it.each([
    ["keeps case so \\W stays \\W", "\\W+REFUND", "\\W+REFUND"],
    ["folds Hebrew like normaliseText", "שָׁלוֹם$", "שלומ$"],
    ["NFKC", "ＡＢ", "AB"],
  ])("%s", (_name, input, expected) => {
    expect(normaliseLetters(input)).toBe(expected);
  });
});

describe("the NFKC shortcut", () => {
  it("gives what full NFKC gives, for every character of the ranges it trusts and their neighbours", () => {
    const ranges: Array<[number, number]> = [
      [0x0000, 0x00ff],
      [0x0580, 0x0600],
      [0x200b, 0x200e],
      [0x2016, 0x201f],
      [0x2180, 0x2c00],
      [0xfe0e, 0xfe10],
      [0x1f2f0, 0x1fb00],
    ];
    for (const [from, to] of ranges) {
      for (let point = from; point <= to; point++) {
        const text = `a${String.fromCodePoint(point)}ב`;
        expect(normaliseLetters(text), point.toString(16)).toBe(normaliseLetters(`${text.normalize("NFKC")}`));
        expect(normaliseText(text), point.toString(16)).toBe(lowered(text));
      }
    }
  });
});

describe("the one-pass shortcut", () => {
  const random = seededRandom(7);
  const PIECES = [
    ..."aZqM09 ,.!#-_~\t\n",
    ..."שלוםךםןףץ\u05B0\u05B4\u05BC\u05BE\u05C0\u05C1\u05C3\u05C6\u05C7\u05EA\u05F0",
    "❤️",
    "✅",
    "⭐",
    "→",
    "⌚",
    "\u2329",
    "Ⓐ",
    "①",
    "\u200C",
    "\u200D",
    "\uFE0F",
    "‘",
    "”",
    "😡",
    "👍🏽",
    "👨‍👩‍👧",
    "🤬",
    "🇮🇱",
    "é",
    "e\u0301",
    "ＡＢ",
    "ﬁ",
    "\uFB2A",
    "İ",
    "ß",
    "Σ",
    "\uD83D",
    "\uDE00",
  ];

  it("gives what the definition gives, for random texts over ASCII, Hebrew, emoji and their neighbours", () => {
    for (let n = 0; n < 5000; n++) {
      const s = Array.from(
        { length: Math.floor(random() * 12) },
        () => PIECES[Math.floor(random() * PIECES.length)],
      ).join("");
      expect(normaliseText(s), JSON.stringify(s)).toBe(lowered(s));
      expect(normaliseLetters(s), JSON.stringify(s)).toBe(letters(s));
    }
  });

  it.each([
    ["a lone high surrogate at the end", "ok \uD83D"],
    ["a lone high surrogate before a letter", "\uD83Dx"],
    ["a lone low surrogate", "\uDE00 ok"],
    ["a surrogate pair outside the emoji blocks", "\u{1D400} 𝐀"],
    ["a byte-order mark", "\uFEFFHi"],
    ["a text longer than the buffer", `ReFund שָׁלוֹם 😡 ✅ ${"Ab ךם ".repeat(3000)}`],
  ])("%s", (_name, s) => {
    expect(normaliseText(s)).toBe(lowered(s));
    expect(normaliseLetters(s)).toBe(letters(s));
  });

  it("returns lower-case ASCII as it is", () => {
    const s = "facebook";
    expect(normaliseText(s)).toBe(s);
  });
});
