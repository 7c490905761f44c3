/**
 * Text as rules compare it: the same words match whatever keyboard, case or vowel pointing they
 * were typed with. Emoji pass through untouched (NFKC and lower-casing leave them alone).
 */

/** Hebrew marks and letters, U+0591–U+05EA: text without any needs no folding. */
const HEBREW = /[\u0591-\u05EA]/;

/**
 * Whether NFKC would leave `s` as it is, decided without ICU for the text social care mostly sees:
 * ASCII, the Hebrew block, ZWNJ/ZWJ, VS16, curly quotes, and the emoji blocks U+1F300–U+1FAFF (each
 * checked to be NFKC-stable). NFKC is most of the cost of matching a text, so the common case skips it.
 */
function nfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || (c >= 0x0590 && c <= 0x05ff) || c === 0x200c || c === 0x200d || c === 0xfe0f) continue;
    if (c >= 0x2018 && c <= 0x201d) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const point = s.codePointAt(i) ?? 0;
      if (point >= 0x1f300 && point <= 0x1faff) {
        i++;
        continue;
      }
    }
    return false;
  }
  return true;
}

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
  const nfkc = nfkcStable(s) ? s : s.normalize("NFKC");
  return HEBREW.test(nfkc) ? foldHebrew(nfkc) : nfkc;
}

/** `normaliseLetters` and lower-case: both sides of every text comparison go through it. */
export function normaliseText(s: string): string {
  return normaliseLetters(s).toLowerCase();
}
