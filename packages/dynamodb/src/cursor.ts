import { inputError } from "@scrm/core";

export type Key = Record<string, string>;

/** Opaque to clients: the DynamoDB key of the last item returned, so the next page starts after it. */
export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor(cursor: string): Key {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && Object.values(parsed).every((value) => typeof value === "string")) {
      return parsed as Key;
    }
  } catch {
    // falls through to the one error below: any undecodable cursor is the client's input error
  }
  throw inputError("request.invalid_cursor", "cursor is not one this API returned", { field: "cursor" });
}
