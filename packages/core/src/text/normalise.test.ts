import { describe, expect, it } from "vitest";
import { normaliseLetters, normaliseText } from "./normalise";

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
      [0xfe0e, 0xfe10],
      [0x1f2f0, 0x1fb00],
    ];
    for (const [from, to] of ranges) {
      for (let point = from; point <= to; point++) {
        const text = `a${String.fromCodePoint(point)}ב`;
        expect(normaliseLetters(text), point.toString(16)).toBe(normaliseLetters(`${text.normalize("NFKC")}`));
      }
    }
  });
});
