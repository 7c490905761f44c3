/**
 * Words that change the score of the words after them rather than carrying one.
 *
 * - negators flip the next one to three words' scores (see sentiment.ts for the exact scope);
 * - intensifiers and dampeners scale the next scored word; `alone` is the score the word carries
 *   when nothing scored follows ("נורא טוב" is "very good", "נורא" alone is "terrible");
 * - contrast words ("but") shift weight to the clause after them, as VADER does.
 */
export const negators: readonly string[] = [
  "not",
  "no",
  "never",
  "none",
  "nothing",
  "nobody",
  "neither",
  "nor",
  "without",
  "cannot",
  "wont",
  "לא",
  "אין",
  "בלי",
  "ללא",
  "אף",
  "מעולם",
  "אינו",
  "אינה",
  "אינני",
  "איננו",
  "אינם",
  "אינן",
];

export interface Scaler {
  factor: number;
  alone?: number;
}

export const intensifiers: Readonly<Record<string, Scaler>> = {
  very: { factor: 1.3 },
  so: { factor: 1.3 },
  really: { factor: 1.3 },
  extremely: { factor: 1.4 },
  super: { factor: 1.3, alone: 3 },
  totally: { factor: 1.3 },
  absolutely: { factor: 1.4 },
  completely: { factor: 1.3 },
  utterly: { factor: 1.4 },
  incredibly: { factor: 1.4 },
  truly: { factor: 1.2 },
  too: { factor: 1.2 },
  such: { factor: 1.2 },
  most: { factor: 1.2 },
  highly: { factor: 1.3 },
  seriously: { factor: 1.2 },
  pretty: { factor: 1.1, alone: 1 },
  ממש: { factor: 1.3 },
  מאוד: { factor: 1.3 },
  מאד: { factor: 1.3 },
  "כל כך": { factor: 1.3 },
  'כ"כ': { factor: 1.3 },
  הכי: { factor: 1.3 },
  נורא: { factor: 1.3, alone: -3 },
  סופר: { factor: 1.3 },
  בטירוף: { factor: 1.4 },
  לגמרי: { factor: 1.2 },
  באמת: { factor: 1.2 },
  במיוחד: { factor: 1.2 },
  לחלוטין: { factor: 1.3 },
};

export const dampeners: Readonly<Record<string, Scaler>> = {
  "a bit": { factor: 0.7 },
  "a little": { factor: 0.7 },
  slightly: { factor: 0.7 },
  somewhat: { factor: 0.7 },
  kinda: { factor: 0.7 },
  "kind of": { factor: 0.7 },
  "sort of": { factor: 0.7 },
  קצת: { factor: 0.7 },
};

export const contrasts: readonly string[] = ["but", "however", "אבל", "אולם"];
