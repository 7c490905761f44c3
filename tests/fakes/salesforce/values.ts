/** Salesforce-shaped ids and dateTime values. */

const suffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A Salesforce-looking 18-character id: key prefix, a pod-ish "5g", a base-62 serial, and the
 * documented 3-character case-safe suffix (one character per 5-character chunk, bit i set when
 * character i of the chunk is an upper-case letter).
 */
export function makeId(keyPrefix: string, serial: number): string {
  let digits = "";
  for (let n = serial; n > 0; n = Math.floor(n / 62)) digits = base62.charAt(n % 62) + digits;
  const short = `${keyPrefix}5g${digits.padStart(10, "0")}`;
  return short + caseSafeSuffix(short);
}

function caseSafeSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += suffixAlphabet.charAt(bits);
  }
  return suffix;
}

/** A 15- or 18-character id whose suffix, when present, checks out. */
export function isWellFormedId(value: unknown): value is string {
  if (typeof value !== "string" || !/^[a-zA-Z0-9]{15}([A-Z0-5]{3})?$/.test(value)) return false;
  return value.length === 15 || caseSafeSuffix(value.slice(0, 15)) === value.slice(15);
}

/** Salesforce accepts either form of an id; the first 15 characters identify the record. */
export function sameId(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.slice(0, 15) === b.slice(0, 15);
}

/** dateTime as the REST API writes it: `2024-05-20T20:49:32.000+0000`. */
export function sfDate(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}
