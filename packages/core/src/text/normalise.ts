import { Buffer } from "node:buffer";

/**
 * Text as rules compare it: the same words match whatever keyboard, case or vowel pointing they
 * were typed with. Emoji pass through untouched (NFKC and lower-casing leave them alone).
 */

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

/** What foldStable does with a UTF-16 code unit. */
const KEEP = 0;
const CAPITAL = 1;
const MARK = 2;
const FINAL = 3;
const HIGH_SURROGATE = 4;
const UNKNOWN = 5;

/**
 * The text social care mostly sees, which NFKC leaves as it is (decided without ICU): ASCII, the
 * Hebrew block, ZWNJ/ZWJ, VS16, curly quotes, the symbol blocks of U+2190–U+2BFF that emoji come
 * from, and (through their surrogates) the emoji blocks U+1F300–U+1FAFF; each is NFKC-stable and,
 * but for ASCII capitals, caseless. Everything else is UNKNOWN: such a text takes the long way.
 */
const CLASS = (() => {
  const table = new Uint8Array(0x10000).fill(UNKNOWN);
  table.fill(KEEP, 0, 0x80).fill(CAPITAL, 0x41, 0x5b);
  table.fill(KEEP, 0x0590, 0x0600);
  for (let c = 0x0591; c <= 0x05c7; c++) if (isHebrewMark(c)) table[c] = MARK;
  for (let c = 0x05da; c <= 0x05e5; c++) if (isFinalLetter(c)) table[c] = FINAL;
  table.fill(KEEP, 0x200c, 0x200e).fill(KEEP, 0x2018, 0x201e).fill(KEEP, 0xfe0f, 0xfe10);
  // Arrows, technical symbols (but 〈 〉), shapes, misc symbols, dingbats, more arrows: → ⌚ ❤ ✅ ⭐.
  table.fill(KEEP, 0x2190, 0x2200).fill(KEEP, 0x2300, 0x2329).fill(KEEP, 0x232b, 0x2400);
  table.fill(KEEP, 0x25a0, 0x27c0).fill(KEEP, 0x2b00, 0x2c00);
  table.fill(HIGH_SURROGATE, 0xd800, 0xdc00);
  return table;
})();

/**
 * foldStable writes here, then decodes what it wrote (never longer than the text) into a string
 * through `bytes`, a Buffer over the same memory: its utf16le decoding beats TextDecoder's.
 */
let buffer = new Uint16Array(1024);
let bytes = Buffer.from(buffer.buffer);
/** utf16le reads the Uint16Array right only on a little-endian machine; elsewhere texts take the long way. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One pass over a text of the kinds CLASS knows: Hebrew marks dropped, final letters unfinalled
 * and, when `lower`, ASCII capitals lower-cased (in such text the only letters with case). The text
 * itself when nothing changes; undefined when the text has a character CLASS does not know, a lone
 * surrogate or one outside the emoji blocks (it may need NFKC, most of the cost of matching a text).
 */
function foldStable(s: string, lower: boolean): string | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  if (buffer.length < s.length) {
    buffer = new Uint16Array(Math.max(s.length, buffer.length * 2));
    bytes = Buffer.from(buffer.buffer);
  }
  const out = buffer;
  let n = 0;
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const kind = CLASS[c] as number;
    if (kind === KEEP) {
      out[n++] = c;
    } else if (kind === CAPITAL) {
      if (lower) changed = true;
      out[n++] = lower ? c + 0x20 : c;
    } else if (kind === MARK) {
      changed = true;
    } else if (kind === FINAL) {
      changed = true;
      out[n++] = c + 1;
    } else {
      if (kind !== HIGH_SURROGATE) return undefined;
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return undefined; // NaN past the end
      const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      if (point < 0x1f300 || point > 0x1faff) return undefined;
      out[n++] = c;
      out[n++] = next;
      i++;
    }
  }
  return changed ? bytes.toString("utf16le", 0, 2 * n) : s;
}

/** What normaliseLetters means, without the one-pass shortcut (tests compare the two). */
function normaliseLettersSlow(s: string): string {
  const nfkc = s.normalize("NFKC");
  return HEBREW.test(nfkc) ? foldHebrew(nfkc) : nfkc;
}

/** What normaliseText means, without the one-pass shortcut (tests compare the two). */
function normaliseTextSlow(s: string): string {
  return normaliseLettersSlow(s).toLowerCase();
}

/** NFKC, Hebrew marks stripped and final letters folded, case kept: what a regex pattern is normalised with. */
export function normaliseLetters(s: string): string {
  return foldStable(s, false) ?? normaliseLettersSlow(s);
}

/** `normaliseLetters` and lower-case: both sides of every text comparison go through it. */
export function normaliseText(s: string): string {
  return foldStable(s, true) ?? normaliseTextSlow(s);
}
