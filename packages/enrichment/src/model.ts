import { type ComplaintCue, complaintCues, praiseCues, questionCues, questionStarters, sentenceFillers } from "./cues";
import { type Effect, sentimentTable } from "./lexicon";
import { PhraseTable } from "./phrase-table";
import { type Token, tokenise } from "./tokenise";

/** Every table the lexicon method looks up, built once per set of extra words. */
export interface Model {
  sentiment: PhraseTable<Effect>;
  complaint: PhraseTable<ComplaintCue>;
  question: PhraseTable<true>;
  starters: PhraseTable<{ exclamatory?: boolean; auxiliary?: boolean }>;
  fillers: PhraseTable<true>;
  praise: PhraseTable<boolean>;
  tokenise(text: string): Token[];
}

export function createModel(extraWords: Readonly<Record<string, number>> = {}): Model {
  const sentiment = sentimentTable(extraWords);
  const complaint = new PhraseTable<ComplaintCue>().setAll(Object.entries(complaintCues));
  const question = new PhraseTable<true>().setAll(questionCues.map((cue) => [cue, true] as const));
  const starters = new PhraseTable<{ exclamatory?: boolean; auxiliary?: boolean }>().setAll(
    Object.entries(questionStarters),
  );
  const fillers = new PhraseTable<true>().setAll(sentenceFillers.map((word) => [word, true] as const));
  const praise = new PhraseTable<boolean>().setAll(Object.entries(praiseCues));
  const vocabulary = new Set<string>();
  for (const table of [sentiment, complaint, question, starters, praise]) {
    for (const word of table.vocabulary) vocabulary.add(word);
  }
  const known = (word: string) => vocabulary.has(word);
  return {
    sentiment,
    complaint,
    question,
    starters,
    fillers,
    praise,
    tokenise: (text) => tokenise(text, known),
  };
}

let shared: Model | undefined;

/** The model without extra words, built on first use (loading the lexicons takes a few milliseconds). */
export function defaultModel(): Model {
  shared ??= createModel();
  return shared;
}
