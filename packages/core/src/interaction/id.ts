import { createHash } from "node:crypto";

/**
 * The same platform event always gets the same id: a readable platform prefix and a hash of the
 * platform's own id (which can hold `=`, `/`, `:` and is not ours to put in a URL).
 */
export function interactionId(platform: string, externalId: string): string {
  const digest = createHash("sha256").update(`${platform}\n${externalId}`).digest("base64url");
  return `${platform}_${digest.slice(0, 22)}`;
}

/** Key of one platform event (not one item: an edit of an item is another event). */
export function eventKey(...parts: Array<string | number | undefined>): string {
  return createHash("sha256")
    .update(parts.map((part) => String(part ?? "")).join("\n"))
    .digest("base64url")
    .slice(0, 27);
}
