import { hebrewStems } from "./hebrew";
import { type Token, tokenise } from "./tokenise";

interface Phrase<V> {
  rest: readonly string[];
  value: V;
}

export interface PhraseMatch<V> {
  value: V;
  /** Tokens the match covers (1 for a word or emoji). */
  length: number;
}

/**
 * Words and multi-word phrases mapped to a value, looked up against tokens. Keys are written
 * naturally ("כל הכבוד", "don’t like", "❤️") and tokenised like the text, so they meet the text
 * in the same normal form. A Hebrew first token may carry prefix letters ("וכל הכבוד").
 */
export class PhraseTable<V> {
  private readonly words = new Map<string, V>();
  private readonly phrases = new Map<string, Phrase<V>[]>();
  /** Every word in any key, so an elongated "soooo" can be collapsed towards a known word. */
  readonly vocabulary = new Set<string>();

  /** Later keys replace earlier ones, so a supplement can override a base list. */
  set(key: string, value: V): this {
    const tokens = tokenise(key).map((token) => token.text);
    const [first, ...rest] = tokens;
    if (first === undefined) return this;
    for (const token of tokens) this.vocabulary.add(token);
    if (!rest.length) {
      this.words.set(first, value);
      return this;
    }
    const list = (this.phrases.get(first) ?? []).filter((phrase) => phrase.rest.join(" ") !== rest.join(" "));
    list.push({ rest, value });
    list.sort((a, b) => b.rest.length - a.rest.length);
    this.phrases.set(first, list);
    return this;
  }

  setAll(entries: Iterable<readonly [string, V]>): this {
    for (const [key, value] of entries) this.set(key, value);
    return this;
  }

  /** The longest entry starting at `tokens[at]`: phrases before single words, the full word before its stems. */
  matchAt(tokens: readonly Token[], at: number): PhraseMatch<V> | undefined {
    const token = tokens[at];
    if (!token || token.kind === "punct") return undefined;
    const found = this.matchForm(token.text, tokens, at);
    if (found || !token.hebrew) return found;
    for (const stem of hebrewStems(token.text)) {
      const match = this.matchForm(stem, tokens, at);
      if (match) return match;
    }
    return undefined;
  }

  private matchForm(first: string, tokens: readonly Token[], at: number): PhraseMatch<V> | undefined {
    for (const phrase of this.phrases.get(first) ?? []) {
      if (phrase.rest.every((word, n) => tokens[at + 1 + n]?.text === word)) {
        return { value: phrase.value, length: phrase.rest.length + 1 };
      }
    }
    const value = this.words.get(first);
    return value === undefined ? undefined : { value, length: 1 };
  }
}
