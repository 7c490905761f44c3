import type { Intent, Sentiment } from "@scrm/core";
import { isNegatorWord } from "./lexicon";
import { defaultModel, type Model } from "./model";
import { toSentiment, valence } from "./sentiment";
import type { Token } from "./tokenise";

/** At or below this score a text is a complaint even without a complaint cue. */
export const COMPLAINT_SCORE = -0.35;
/** At or above this score a text is praise even without a praise cue. */
export const PRAISE_SCORE = 0.35;
/** How close after an exclamatory opener ("what a", "איזה") a scored word makes it an exclamation. */
const EXCLAMATION_REACH = 2;
const NEGATOR_REACH = 2;
/** A praise word in a text that already leans negative is not praise ("thanks, but it broke"). */
const LEANS_NEGATIVE = -0.05;

function isNegator(model: Model, token: Token | undefined): boolean {
  if (token?.kind !== "word") return false;
  return isNegatorWord(token.text) || model.sentiment.matchAt([token], 0)?.value.kind === "negate";
}

function isScored(model: Model, tokens: readonly Token[], at: number): boolean {
  const effect = model.sentiment.matchAt(tokens, at)?.value;
  return effect?.kind === "score" && effect.value !== 0;
}

function hasComplaintCue(model: Model, tokens: readonly Token[]): boolean {
  for (let at = 0; at < tokens.length; at++) {
    const match = model.complaint.matchAt(tokens, at);
    if (!match) continue;
    if (match.value === "cue") return true;
    if (match.value === "negatable") {
      const negated = Array.from({ length: NEGATOR_REACH }, (_, n) => tokens[at - 1 - n]).some((token) =>
        isNegator(model, token),
      );
      if (!negated) return true;
    }
    at += match.length - 1;
  }
  return false;
}

/** A praise phrase marked `false` ("thanks in advance") hides the praise word inside it. */
function hasPraiseCue(model: Model, tokens: readonly Token[]): boolean {
  for (let at = 0; at < tokens.length; at++) {
    const match = model.praise.matchAt(tokens, at);
    if (match?.value) return true;
    if (match) at += match.length - 1;
  }
  return false;
}

/** Called only when the text has no "?", so an exclamatory opener followed by a scored word is an exclamation. */
function opensQuestion(model: Model, tokens: readonly Token[], start: number): boolean {
  let at = start;
  while (model.fillers.matchAt(tokens, at)) at++;
  const match = model.starters.matchAt(tokens, at);
  if (!match) return false;
  const next = at + match.length;
  if (match.value.auxiliary && isNegator(model, tokens[next])) return false;
  if (match.value.exclamatory) {
    for (let n = 0; n < EXCLAMATION_REACH; n++) if (isScored(model, tokens, next + n)) return false;
  }
  return true;
}

function hasQuestionCue(model: Model, tokens: readonly Token[]): boolean {
  if (tokens.some((token) => token.kind === "punct" && token.text.includes("?"))) return true;
  let sentenceStart = true;
  for (let at = 0; at < tokens.length; at++) {
    const token = tokens[at];
    if (token?.kind === "punct") {
      sentenceStart = true;
      continue;
    }
    if (sentenceStart && opensQuestion(model, tokens, at)) return true;
    sentenceStart = false;
    if (model.question.matchAt(tokens, at)) return true;
  }
  return false;
}

/**
 * The intent of a tokenised text, in this order (the first that holds wins):
 * 1. complaint: a complaint cue (not negated or resolved, see cues.ts), or sentiment ≤ −0.35;
 *    so an angry question, or a refund request phrased as a question, is a complaint;
 * 2. question: a "?", a question word opening a sentence, or a question phrase;
 * 3. praise: a praise cue in a text that does not lean negative, or sentiment ≥ 0.35;
 * 4. other.
 */
export function intentOf(model: Model, tokens: readonly Token[], score: number): Intent {
  if (score <= COMPLAINT_SCORE || hasComplaintCue(model, tokens)) return "complaint";
  if (hasQuestionCue(model, tokens)) return "question";
  if (score >= PRAISE_SCORE || (score > LEANS_NEGATIVE && hasPraiseCue(model, tokens))) return "praise";
  return "other";
}

/** The intent of `text`; pass its sentiment when already computed, to avoid scoring twice. */
export function detectIntent(text: string, sentiment?: Sentiment, model: Model = defaultModel()): Intent {
  const tokens = model.tokenise(text);
  return intentOf(model, tokens, sentiment?.score ?? toSentiment(valence(tokens, model.sentiment)).score);
}
