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
