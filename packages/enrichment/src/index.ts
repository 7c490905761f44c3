export { LEXICON_METHOD, type LexiconEnricherOptions, lexiconEnricher } from "./enricher";
export { COMPLAINT_SCORE, detectIntent, PRAISE_SCORE } from "./intent";
export { DEFAULT_LATIN_LANGUAGES, detectLanguage, ISO_639_1, type LanguageOptions } from "./language";
export { createModel, type Model } from "./model";
export { scoreSentiment } from "./sentiment";
