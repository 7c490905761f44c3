/**
 * Hebrew writes conjunctions, prepositions and the article as letters attached to the word:
 * "והשירות" is ו+ה+שירות, "וכשההזמנה" is ו+כ+ש+ה+הזמנה. A lexicon lists the bare word; a lookup
 * that misses tries the word with one, two, then three such letters removed.
 */
const PREFIX_LETTERS = new Set(["ו", "ה", "ב", "ל", "מ", "ש", "כ"]);
const MAX_PREFIX = 3;
/** A stem shorter than this is more likely a different word than a prefixed one ("מה" is not מ+ה). */
const MIN_STEM = 2;

/** The word without 1..3 leading prefix letters, shortest prefix first; empty when none applies. */
export function hebrewStems(word: string): string[] {
  const stems: string[] = [];
  for (let n = 1; n <= MAX_PREFIX && word.length - n >= MIN_STEM; n++) {
    const letter = word[n - 1];
    if (letter === undefined || !PREFIX_LETTERS.has(letter)) break;
    stems.push(word.slice(n));
  }
  return stems;
}
