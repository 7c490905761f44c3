import { francAll } from "franc-min";
import { stripNoise } from "./tokenise";

/**
 * ISO 639-3 (what franc-min answers) to ISO 639-1 (what an interaction stores), for the
 * languages franc-min can return that have a 639-1 code and that a care team plausibly sees.
 * A franc answer outside this table is not reported: no language beats a made-up one.
 */
export const ISO_639_1: Readonly<Record<string, string>> = {
  eng: "en",
  spa: "es",
  por: "pt",
  fra: "fr",
  deu: "de",
  ita: "it",
  nld: "nl",
  tur: "tr",
  pol: "pl",
  ron: "ro",
  swe: "sv",
  ces: "cs",
  hun: "hu",
  ind: "id",
  vie: "vi",
  rus: "ru",
  ukr: "uk",
  bul: "bg",
  bel: "be",
  srp: "sr",
  arb: "ar",
  pes: "fa",
  urd: "ur",
  hin: "hi",
  mar: "mr",
  ben: "bn",
  cmn: "zh",
  jpn: "ja",
  kor: "ko",
  tha: "th",
  ell: "el",
  tam: "ta",
  tel: "te",
};
const ISO_639_3 = Object.fromEntries(Object.entries(ISO_639_1).map(([three, one]) => [one, three]));

/**
 * Frequent function words (and a few care words) per Latin-script language. Trigram models
 * need more text than a typical comment has ("thanks so much guys" comes out Swedish), while
 * two or three of these words settle it; franc still decides between close languages.
 */
const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries({
    en: "the a an and or is are was were my your you i it this that to of for from with in on at have has not can please thanks thank what where when why how still order never just me we our us they be been do does did don't it's i'm so very but get got no all any will would could there here guys hi hello love great as if than then one out up about after again only because over today yet".split(
      " ",
    ),
    es: "el la los las de que y es en por para mi con no una un pero muy gracias hola está pedido todavía cuando dónde qué tengo".split(
      " ",
    ),
    pt: "o os as de que e é não meu minha um uma com para obrigado obrigada pedido ainda muito você está".split(" "),
    fr: "le la les de des et est un une je pas mon ma mes vous nous pour avec merci bonjour commande très c'est n'est ne qui que sur dans".split(
      " ",
    ),
    de: "der die das und ist ich nicht mein meine ein eine mit für danke bitte wo wie noch schon bestellung sehr auf zu es".split(
      " ",
    ),
    it: "il lo la gli le di che e è non mio mia un una con per grazie ordine ancora molto sono ciao".split(" "),
    nl: "de het een en is niet mijn ik met voor dank bedankt bestelling nog heel van je wat waar".split(" "),
  }).map(([language, words]) => [language, new Set(words)]),
);

export interface LanguageOptions {
  /**
   * ISO 639-1 codes that Latin-script text may be detected as. Fewer candidates, fewer wrong
   * guesses on short texts; add the languages your audience writes in. Default: en es pt fr de it nl tr pl.
   */
  latinLanguages?: readonly string[];
}

export const DEFAULT_LATIN_LANGUAGES: readonly string[] = ["en", "es", "pt", "fr", "de", "it", "nl", "tr", "pl"];

/** A script this share of the letters decides: a brand name in Latin letters inside Hebrew is still Hebrew. */
const SCRIPT_SHARE = 0.3;
/** A script used by one language (Hebrew) needs only a word; "תודה" is unmistakable. */
const MIN_UNIQUE_SCRIPT_LETTERS = 3;
/** Below this, Latin text ("ok", "lol", "love it") says too little about its language. */
const MIN_LATIN_LETTERS = 8;
/** Without a single function word, trigrams alone need this much Latin text. */
const MIN_LATIN_LETTERS_TRIGRAMS_ONLY = 25;
/** Same for Cyrillic text with no letter that is specific to one language. */
const MIN_CYRILLIC_LETTERS_TRIGRAMS_ONLY = 12;
/** Weight of one function word against franc's relative score (1 for its best guess). */
const FUNCTION_WORD_WEIGHT = 0.25;
/** franc's relative score counts in full from this many letters, proportionally less below. */
const FRANC_FULL_WEIGHT_LETTERS = 50;
const MAX_FUNCTION_WORDS = 6;
/** This many function words, at least twice the runner-up's, settle it without franc (which is the slow part). */
const DECISIVE_FUNCTION_WORDS = 3;
/** franc reads at most this much: trigram scores settle well before, and it is linear in the length. */
const FRANC_MAX_CHARS = 200;

const LETTER = /\p{L}/u;
const WORD = /\p{L}+(?:'\p{L}+)*/gu;

interface ScriptCounts {
  letters: number;
  hebrew: number;
  arabic: number;
  cyrillic: number;
  latin: number;
}

/** One pass; the Unicode property test only runs for non-ASCII characters outside the Hebrew block. */
function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, hebrew: 0, arabic: 0, cyrillic: 0, latin: 0 };
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      const lower = code | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        counts.latin++;
        counts.letters++;
      }
    } else if (code >= 0x5d0 && code <= 0x5ea) {
      counts.hebrew++;
      counts.letters++;
    } else if (LETTER.test(char)) {
      counts.letters++;
      if ((code >= 0x600 && code <= 0x6ff) || (code >= 0x750 && code <= 0x77f) || (code >= 0x8a0 && code <= 0x8ff)) {
        counts.arabic++;
      } else if (code >= 0x400 && code <= 0x52f) counts.cyrillic++;
      else if (code <= 0x24f || (code >= 0x1e00 && code <= 0x1eff)) counts.latin++;
    }
  }
  return counts;
}

function arabicScript(text: string): string {
  // Letters Urdu (ٹ ڈ ڑ ں ے) or Persian (پ چ ژ گ ی ک) add to the Arabic alphabet; Arabic keyboards type ي ك.
  if (/[\u0679\u0688\u0691\u06BA\u06D2]/u.test(text)) return "ur";
  if (/[\u067E\u0686\u0698\u06AF\u06CC\u06A9]/u.test(text)) return "fa";
  return "ar";
}

function cyrillicScript(text: string, letters: number): string | undefined {
  const lower = text.toLowerCase();
  if (/[іїєґ]/u.test(lower)) return "uk";
  if (/ў/u.test(lower)) return "be";
  if (/[ђјљњћџ]/u.test(lower)) return "sr";
  if (/[ыэё]/u.test(lower)) return "ru";
  if (letters < MIN_CYRILLIC_LETTERS_TRIGRAMS_ONLY) return undefined;
  const [best] = francAll(text, { only: ["rus", "ukr", "bul", "bel", "srp"], minLength: 1 });
  return best ? ISO_639_1[best[0]] : undefined;
}

function otherScript(text: string): string | undefined {
  const [best] = francAll(text, { minLength: 1 });
  return best ? ISO_639_1[best[0]] : undefined;
}

function latinScript(text: string, letters: number, candidates: readonly string[]): string | undefined {
  if (letters < MIN_LATIN_LETTERS) return undefined;
  const words =
    text
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .match(WORD) ?? [];
  const hits = new Map<string, number>();
  for (const language of candidates) {
    const list = FUNCTION_WORDS[language];
    if (!list) continue;
    const n = words.filter((word) => list.has(word)).length;
    if (n) hits.set(language, Math.min(n, MAX_FUNCTION_WORDS));
  }
  if (!hits.size && letters < MIN_LATIN_LETTERS_TRIGRAMS_ONLY) return undefined;
  const [first, second] = [...hits].sort((a, b) => b[1] - a[1]);
  if (first && first[1] >= DECISIVE_FUNCTION_WORDS && first[1] >= 2 * (second?.[1] ?? 0)) return first[0];

  const only = candidates.map((language) => ISO_639_3[language]).filter((code) => code !== undefined);
  const francWeight = Math.min(1, letters / FRANC_FULL_WEIGHT_LETTERS);
  let best: { language: string; score: number } | undefined;
  for (const [code, relative] of francAll(text.slice(0, FRANC_MAX_CHARS), { only, minLength: 1 })) {
    const language = ISO_639_1[code];
    if (!language) continue;
    const score = relative * francWeight + FUNCTION_WORD_WEIGHT * (hits.get(language) ?? 0);
    if (!best || score > best.score) best = { language, score };
  }
  return best?.language;
}

/**
 * The ISO 639-1 language of a social text, or undefined when it is too short, only emoji or
 * links, or in a language outside the table above. The script decides first (Hebrew, Arabic,
 * and Cyrillic when a letter is specific to one language); Latin-script text goes to franc-min,
 * restricted to `latinLanguages` and helped by function words. URLs, e-mail addresses,
 * @mentions and hashtag signs are removed first.
 */
export function detectLanguage(text: string, options: LanguageOptions = {}): string | undefined {
  const clean = stripNoise(text).normalize("NFKC");
  const { letters, hebrew, arabic, cyrillic, latin } = countScripts(clean);
  if (letters < MIN_UNIQUE_SCRIPT_LETTERS) return undefined;
  const other = letters - hebrew - arabic - cyrillic - latin;
  const decides = (n: number) => n >= MIN_UNIQUE_SCRIPT_LETTERS && n >= letters * SCRIPT_SHARE;

  if (decides(hebrew)) return "he";
  if (decides(arabic)) return arabicScript(clean);
  if (decides(cyrillic)) return cyrillicScript(clean, cyrillic);
  if (decides(other)) return otherScript(clean);
  if (latin >= letters * (1 - SCRIPT_SHARE)) {
    return latinScript(clean, latin, options.latinLanguages ?? DEFAULT_LATIN_LANGUAGES);
  }
  return undefined;
}
