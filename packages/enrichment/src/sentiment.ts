import type { Sentiment } from "@scrm/core";
import { type Effect, isNegatorWord } from "./lexicon";
import { defaultModel, type Model } from "./model";
import type { PhraseTable } from "./phrase-table";
import type { Token } from "./tokenise";

/** How many words after "not"/"לא" are flipped. */
const NEGATION_SCOPE = 3;
/** VADER's: "not good" is less bad than "bad" is. */
const NEGATION_FACTOR = -0.74;
/** How far a scaled word may follow its intensifier ("so very good", "ממש לא טוב"). */
const SCALE_REACH = 2;
const MAX_SCALE = 2;
/** "goood", "גרועעע": emphasis, modestly. */
const ELONGATION_FACTOR = 1.15;
/** VADER's: per "!", up to four, added in the direction the text already leans. */
const EXCLAMATION_BOOST = 0.292;
const MAX_EXCLAMATIONS = 4;
/** VADER's "but" rule: the clause after it says what the author means. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
/** VADER's normalisation constant: sum / sqrt(sum² + α) maps the sum into (−1, 1). */
const ALPHA = 15;
const NEUTRAL_BAND = 0.05;

/**
 * The raw valence sum of a tokenised text: lexicon scores, scaled by intensifiers and dampeners,
 * flipped inside a negation's scope (words only: an emoji means what it shows), reweighted around
 * the first "but", and pushed outwards by exclamation marks.
 */
export function valence(tokens: readonly Token[], table: PhraseTable<Effect>): number {
  let before = 0;
  let after = 0;
  let contrasted = false;
  let negation = 0;
  let scale = 1;
  let scaleReach = 0;
  let alone = 0;
  let exclamations = 0;

  const add = (value: number) => {
    if (contrasted) after += value;
    else before += value;
  };
  // An intensifier that scaled nothing keeps its own score ("נורא" alone is "terrible").
  const endScale = () => {
    if (scaleReach > 0 && alone) add(alone);
    scale = 1;
    scaleReach = 0;
    alone = 0;
  };
  const advance = (length: number) => {
    negation = Math.max(0, negation - length);
    if (scaleReach > 0) {
      scaleReach -= length;
      if (scaleReach <= 0) endScale();
    }
  };

  let at = 0;
  while (at < tokens.length) {
    const token = tokens[at];
    if (!token) break;
    if (token.kind === "punct") {
      for (const char of token.text) if (char === "!") exclamations++;
      if (token.text.includes("\u203C")) exclamations += 2;
      endScale();
      negation = 0;
      at++;
      continue;
    }
    const match = table.matchAt(tokens, at);
    const effect: Effect | undefined =
      match?.value ?? (token.kind === "word" && isNegatorWord(token.text) ? { kind: "negate" } : undefined);
    const length = match?.length ?? 1;

    if (effect?.kind === "negate") {
      // Transparent to a pending intensifier: "ממש לא טוב" is "really not good".
      negation = NEGATION_SCOPE;
    } else if (effect?.kind === "contrast") {
      endScale();
      negation = 0;
      contrasted = true;
    } else if (effect?.kind === "scale") {
      const factor = token.elongated ? effect.factor * ELONGATION_FACTOR : effect.factor;
      if (scaleReach > 0) scale = Math.min(MAX_SCALE, scale * factor);
      else {
        scale = factor;
        alone = (effect.alone ?? 0) * (negation > 0 ? NEGATION_FACTOR : 1);
      }
      scaleReach = SCALE_REACH + length;
      advance(length);
    } else if (effect?.kind === "score" && effect.value !== 0) {
      let value = effect.value;
      if (length === 1 && token.elongated) value *= ELONGATION_FACTOR;
      if (scaleReach > 0) {
        value *= scale;
        scale = 1;
        scaleReach = 0;
        alone = 0;
      }
      if (negation > 0 && token.kind === "word") value *= NEGATION_FACTOR;
      add(value);
      advance(length);
    } else {
      advance(length);
    }
    at += length;
  }
  endScale();

  let sum = contrasted ? before * BEFORE_CONTRAST + after * AFTER_CONTRAST : before;
  if (sum !== 0) sum += Math.sign(sum) * Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_BOOST;
  return sum;
}

/** Maps a valence sum to a score in [−1, 1] and a label, with VADER's ±0.05 neutral band. */
export function toSentiment(sum: number): Sentiment {
  const score = Math.round((sum / Math.sqrt(sum * sum + ALPHA)) * 1000) / 1000;
  const label = score >= NEUTRAL_BAND ? "positive" : score <= -NEUTRAL_BAND ? "negative" : "neutral";
  return { label, score: score === 0 ? 0 : score };
}

/** The sentiment of `text` by the lexicon method. */
export function scoreSentiment(text: string, model: Model = defaultModel()): Sentiment {
  return toSentiment(valence(model.tokenise(text), model.sentiment));
}
