/** Ids made from names (rules, SLA policies): lowercase ASCII, `-` between words, at most 48 characters. */
export function slugOf(name: string, fallback: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return base || fallback;
}
