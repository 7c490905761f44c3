import { gunzipSync, gzipSync } from "node:zlib";

/** Bodies up to this size are stored as text, readable in any DynamoDB console. */
const plainLimit = 64 * 1024;
/** DynamoDB items are capped at 400 KB; parts stay well below it with their keys and attributes. */
const partBytes = 300 * 1024;

export type EncodedBody =
  | { kind: "plain"; attributes: { body: string } }
  | { kind: "gzip"; attributes: { bodyGz: Uint8Array } }
  | { kind: "parts"; attributes: { bodyParts: number }; parts: Uint8Array[] };

/**
 * Webhook bodies may be 1 MiB (Meta batches up to 1,000 updates), past DynamoDB's 400 KB item
 * limit: large ones are gzipped, and split into part items when still too large.
 */
export function encodeBody(body: string): EncodedBody {
  if (Buffer.byteLength(body) <= plainLimit) return { kind: "plain", attributes: { body } };
  const zipped = gzipSync(body);
  if (zipped.length <= partBytes) return { kind: "gzip", attributes: { bodyGz: zipped } };
  const parts: Uint8Array[] = [];
  for (let start = 0; start < zipped.length; start += partBytes) parts.push(zipped.subarray(start, start + partBytes));
  return { kind: "parts", attributes: { bodyParts: parts.length }, parts };
}

export function decodeBody(item: Record<string, unknown>, parts: Uint8Array[]): string {
  if (typeof item.body === "string") return item.body;
  if (item.bodyGz instanceof Uint8Array) return gunzipSync(item.bodyGz).toString("utf8");
  if (typeof item.bodyParts === "number") {
    if (parts.length !== item.bodyParts)
      throw new Error(`delivery body has ${parts.length} of ${item.bodyParts} parts`);
    return gunzipSync(Buffer.concat(parts)).toString("utf8");
  }
  throw new Error("stored delivery has no body");
}
