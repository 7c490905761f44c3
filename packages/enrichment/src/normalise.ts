import { normaliseText as normaliseForRules } from "@scrm/core";

/**
 * Text as the lexicons are keyed: the rules' normalisation (NFKC, lower case, Hebrew niqqud stripped,
 * final letters folded, emoji intact), plus typographic quotes and Hebrew geresh/gershayim folded to
 * ASCII and maqaf to a hyphen, so "כ״כ" and "כ"כ", "don’t" and "don't" meet.
 */
export function normaliseText(text: string): string {
  return normaliseForRules(text)
    .replace(/[\u2018\u2019\u05F3`´]/g, "'")
    .replace(/[\u201C\u201D\u05F4]/g, '"')
    .replace(/\u05BE/g, "-");
}
