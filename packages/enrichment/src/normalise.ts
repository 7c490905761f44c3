/**
 * Text normalisation shared by the lexicon lookups.
 *
 * Kept local for now: packages/core is getting its own `normaliseText` (core/src/text/normalise.ts).
 * Once it is exported from "@scrm/core", this can delegate to it as long as it still folds Hebrew
 * final letters, because the lexicon keys are folded the same way when they are loaded.
 */

// Niqqud and cantillation marks (U+0591–U+05C7) except maqaf, paseq, sof pasuq and nun hafukha, which are punctuation.
const HEBREW_MARKS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
const FINAL_LETTERS: Readonly<Record<string, string>> = { ך: "כ", ם: "מ", ן: "נ", ף: "פ", ץ: "צ" };

/**
 * NFKC, lower case, Hebrew niqqud stripped, final letters folded (ם→מ), typographic quotes and
 * Hebrew geresh/gershayim folded to ASCII so "כ״כ" and "כ"כ", "don’t" and "don't" meet.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(HEBREW_MARKS, "")
    .replace(/[ךםןףץ]/g, (letter) => FINAL_LETTERS[letter] ?? letter)
    .replace(/[\u2018\u2019\u05F3`´]/g, "'")
    .replace(/[\u201C\u201D\u05F4]/g, '"')
    .replace(/\u05BE/g, "-");
}
