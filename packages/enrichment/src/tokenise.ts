import { normaliseText } from "./normalise";

export type TokenKind = "word" | "emoji" | "punct";

export interface Token {
  kind: TokenKind;
  /** Normalised text; for an elongated word ("soooo"), the collapsed form ("so"). */
  text: string;
  /** Letters were repeated for emphasis ("soooo", "תודהההה"). */
  elongated: boolean;
  hebrew: boolean;
}

/**
 * A word may hold an inner apostrophe or ASCII double quote, because Hebrew abbreviations
 * ("כ"כ", "בע"מ") are written with one. A hashtag's '#' is not a token character, so "#fail"
 * keeps its word.
 */
const TOKEN = /([\p{L}\p{M}\p{N}]+(?:['"][\p{L}\p{M}\p{N}]+)*)|(\p{Extended_Pictographic})|([.,;:!?\n\u203C\u2049]+)/gu;
const URL = /(?:https?:\/\/|www\.)\S+/gu;
const EMAIL_OR_MENTION = /[\w.+-]+@[\w-]+\.[\w.]+|@[\p{L}\p{N}_.]+/gu;
const HEBREW = /[\u05D0-\u05EA]/;
const RUN_OF_THREE = /(\p{L})\1\1/u;
const RUNS_OF_THREE = /(\p{L})\1{2,}/gu;
const RUNS_OF_TWO = /(\p{L})\1+/gu;

/**
 * English contractions typed without the apostrophe, mapped to the spelling the lexicons use.
 * Only forms that are not also words ("wont", "its", "well" are left alone).
 */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  dont: "don't",
  doesnt: "doesn't",
  didnt: "didn't",
  isnt: "isn't",
  wasnt: "wasn't",
  arent: "aren't",
  werent: "weren't",
  cant: "can't",
  couldnt: "couldn't",
  wouldnt: "wouldn't",
  shouldnt: "shouldn't",
  havent: "haven't",
  hasnt: "hasn't",
  hadnt: "hadn't",
  aint: "ain't",
  im: "i'm",
  ive: "i've",
  youre: "you're",
  thats: "that's",
  whats: "what's",
  wheres: "where's",
  hows: "how's",
};

/** Whether a word is in some lexicon or cue list: it decides how an elongation collapses. */
export type Known = (word: string) => boolean;

/**
 * "goood" is "good" (keep a double letter) but "soooo" is "so" and "תודהההה" is "תודה" (keep
 * one): try the double, then the single, and fall back on what the script usually does.
 */
function collapse(word: string, hebrew: boolean, known: Known): string {
  const double = word.replace(RUNS_OF_THREE, "$1$1");
  if (known(double)) return double;
  const single = word.replace(RUNS_OF_TWO, "$1");
  if (known(single)) return single;
  return hebrew ? single : double;
}

export function tokenise(text: string, known: Known = () => false): Token[] {
  const tokens: Token[] = [];
  for (const match of withoutLinks(normaliseText(text)).matchAll(TOKEN)) {
    const [, word, emoji, punct] = match;
    if (word !== undefined) {
      const hebrew = HEBREW.test(word);
      const elongated = RUN_OF_THREE.test(word) && !known(word);
      const text = elongated ? collapse(word, hebrew, known) : word;
      tokens.push({ kind: "word", text: CONTRACTIONS[text] ?? text, elongated, hebrew });
    } else if (emoji !== undefined) {
      tokens.push({ kind: "emoji", text: emoji, elongated: false, hebrew: false });
    } else if (punct !== undefined) {
      tokens.push({ kind: "punct", text: punct, elongated: false, hebrew: false });
    }
  }
  return tokens;
}

/**
 * URLs, e-mail addresses and @mentions are not the author's words: their letters would skew
 * the language and "@best_deals" is no praise. Checked first because most texts have none.
 */
function withoutLinks(text: string): string {
  let clean = text;
  if (clean.includes("://") || clean.includes("www.")) clean = clean.replace(URL, " ");
  if (clean.includes("@")) clean = clean.replace(EMAIL_OR_MENTION, " ");
  return clean;
}

/** The text without URLs, e-mail addresses, @mentions and hashtag signs, for language detection. */
export function stripNoise(text: string): string {
  return withoutLinks(text).replace(/#/g, " ");
}
