import * as z from "zod";
import { eventKey } from "../../interaction/id";
import type { InteractionDraft } from "../observation";
import { compact, describeIssues, type EntryContext, epochToIso, Id, type Outcome, opt, unrecognised } from "./common";

/** `comments` and `live_comments` change values (Instagram webhooks reference). */
const CommentValue = z.looseObject({
  id: Id,
  text: opt(z.string()),
  from: z.looseObject({ id: Id, username: opt(z.string()) }),
  media: z.looseObject({ id: Id, media_product_type: opt(z.string()) }),
  parent_id: opt(Id),
});

/** `mentions` change value: only ids; the text must be fetched from the Graph API if wanted. */
const MentionValue = z.looseObject({ media_id: Id, comment_id: opt(Id) });

/** Instagram `comments` / `live_comments`: a comment or reply on the account's own media. */
export function normaliseInstagramComment(raw: unknown, entry: EntryContext): Outcome {
  const parsed = CommentValue.safeParse(raw);
  if (!parsed.success) return unrecognised(`instagram comment: ${describeIssues(parsed.error)}`);
  const value = parsed.data;
  // The value carries no timestamp of its own; entry.time is when Meta sent it, within seconds of the comment.
  const occurredAt = epochToIso(entry.time);
  if (!occurredAt) return unrecognised("instagram comment without entry.time");

  const reply = value.parent_id !== undefined && value.parent_id !== value.media.id;
  const draft: InteractionDraft = compact({
    platform: "instagram",
    kind: reply ? ("reply" as const) : ("comment" as const),
    direction: value.from.id === entry.accountId ? ("outbound" as const) : ("inbound" as const),
    externalId: value.id,
    threadId: value.media.id,
    parentId: reply ? value.parent_id : undefined,
    account: { id: entry.accountId },
    author: compact({ id: value.from.id, handle: value.from.username }),
    text: value.text ?? "",
    occurredAt,
  });
  return { change: "created", eventKey: eventKey("instagram", value.id, "created"), draft };
}

/** Instagram `mentions`: the account was @mentioned in someone else's caption or comment. */
export function normaliseInstagramMention(raw: unknown, entry: EntryContext): Outcome {
  const parsed = MentionValue.safeParse(raw);
  if (!parsed.success) return unrecognised(`instagram mention: ${describeIssues(parsed.error)}`);
  const value = parsed.data;
  const occurredAt = epochToIso(entry.time);
  if (!occurredAt) return unrecognised("instagram mention without entry.time");

  const externalId = value.comment_id ?? value.media_id;
  const draft: InteractionDraft = {
    platform: "instagram",
    kind: "mention",
    direction: "inbound",
    externalId,
    threadId: value.media_id,
    account: { id: entry.accountId },
    // The webhook names neither the author nor the text; "unknown" is filled in if the item is seen again.
    author: { id: "unknown" },
    text: "",
    occurredAt,
  };
  return { change: "created", eventKey: eventKey("instagram", externalId, "mention"), draft };
}
