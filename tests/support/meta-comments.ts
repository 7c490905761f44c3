import { interactionId } from "@scrm/core";
import { expect } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { testSecrets } from "./stack";

export interface PageComment {
  /** The id the interaction gets. */
  id: string;
  threadId: string;
  payload: ReturnType<typeof feedCommentPayload>;
}

/**
 * Numbered comments on a Facebook Page's posts, as Meta delivers them (each a new comment id), by a
 * customer or — author the Page itself — by the brand. Each is created at `createdTime` (epoch
 * seconds) when given, else at `firstCreatedTime` plus its number, else now.
 */
export function pageComments(pageId: string, firstCreatedTime?: number) {
  let seq = 0;
  return (postId: string, author: string, message: string, createdTime?: number): PageComment => {
    const n = ++seq;
    return {
      id: interactionId("facebook", `${postId}_${n}`),
      threadId: `${pageId}_${postId}`,
      payload: feedCommentPayload({
        pageId,
        postId,
        commentId: String(n),
        author: { id: author, name: author === pageId ? "The Brand" : `Customer ${author}` },
        message,
        createdTime:
          createdTime ?? (firstCreatedTime === undefined ? Math.floor(Date.now() / 1000) : firstCreatedTime + n),
      }),
    };
  };
}

/** Delivers each comment, signed, and expects it accepted. */
export async function sendComments(url: string, comments: PageComment[]): Promise<void> {
  for (const comment of comments)
    expect((await sendMetaDelivery(url, testSecrets.appSecret, comment.payload)).status).toBe(200);
}
