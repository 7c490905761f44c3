/**
 * Text as rules compare it: the same words match whatever keyboard, case or vowel pointing they
 * were typed with. Emoji pass through untouched (NFKC and lower-casing leave them alone).
 */

/** Only ASCII text can skip NFKC: no ASCII character has a compatibility decomposition. */
const NON_ASCII = /[\u0080-\uffff]/;
/** Hebrew marks and letters, U+0591–U+05EA: text without any needs no folding. */
const HEBREW = /[\u0591-\u05EA]/;

/**
 * Hebrew points and cantillation in U+0591–U+05C7: only the combining marks. Maqaf (U+05BE), paseq
 * (U+05C0), sof pasuq (U+05C3) and nun hafukha (U+05C6) are punctuation and stay.
 */
const isHebrewMark = (c: number) =>
  (c >= 0x0591 && c <= 0x05bd) ||
  c === 0x05bf ||
  c === 0x05c1 ||
  c === 0x05c2 ||
  c === 0x05c4 ||
  c === 0x05c5 ||
  c === 0x05c7;

/** ך ם ן ף ץ: each sits one code point before its non-final form. */
const isFinalLetter = (c: number) => c === 0x05da || c === 0x05dd || c === 0x05df || c === 0x05e3 || c === 0x05e5;

/** One pass that drops marks and unfinals letters; rules normalise every text, so no regex per character class. */
function foldHebrew(s: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x0591 || c > 0x05e5) continue;
    if (isHebrewMark(c)) {
      out += s.slice(from, i);
      from = i + 1;
    } else if (isFinalLetter(c)) {
      out += s.slice(from, i) + String.fromCharCode(c + 1);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** NFKC, Hebrew marks stripped and final letters folded, case kept: what a regex pattern is normalised with. */
export function normaliseLetters(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  const nfkc = s.normalize("NFKC");
  return HEBREW.test(nfkc) ? foldHebrew(nfkc) : nfkc;
}

/** `normaliseLetters` and lower-case: both sides of every text comparison go through it. */
export function normaliseText(s: string): string {
  return normaliseLetters(s).toLowerCase();
}
