import * as z from "zod";
import { eventKey } from "../../interaction/id";
import type { Kind } from "../../interaction/schema";
import type { InteractionDraft } from "../observation";
import {
  compact,
  type DraftAttachment,
  describeIssues,
  type EntryContext,
  Epoch,
  epochToIso,
  Id,
  ignored,
  type Outcome,
  opt,
  placeholder,
  type Skip,
  unrecognised,
} from "./common";

/** Page `feed` change value (Graph API webhooks reference, Page topic, `feed` field). */
const FeedValue = z.looseObject({
  item: z.string(),
  verb: z.string(),
  post_id: opt(Id),
  comment_id: opt(Id),
  parent_id: opt(Id),
  photo_id: opt(Id),
  video_id: opt(Id),
  share_id: opt(Id),
  from: opt(z.looseObject({ id: Id, name: opt(z.string()) })),
  message: opt(z.string()),
  created_time: opt(Epoch),
  reaction_type: opt(z.string()),
  // On comments `photo`/`video` are media URLs; on photo/video/share posts `link` is.
  photo: opt(z.string()),
  video: opt(z.string()),
  link: opt(z.string()),
  photos: opt(z.array(z.string())),
});
type FeedValue = z.infer<typeof FeedValue>;

const postItems = new Set(["post", "status", "photo", "video", "share"]);
/** Documented feed items that are not conversations with a customer. */
const ignoredItems = new Set(["like", "album", "event", "coupon", "milestone", "note", "question", "rating", "story"]);

type Change = "created" | "edited" | "deleted";
const verbs = new Map<string, Change>([
  ["add", "created"],
  ["edited", "edited"],
  // The reference lists both `edit` and `edited`; Meta sends `edit` for some visitor-post edits.
  ["edit", "edited"],
  ["update", "edited"],
  ["remove", "deleted"],
  ["delete", "deleted"],
]);
/** Moderation and subscription verbs: they change visibility, not what anyone said. */
const ignoredVerbs = new Set(["hide", "unhide", "block", "unblock", "mute", "follow"]);

/** One Page `feed` change: a post, comment, reply or reaction being added, edited or removed. */
export function normaliseFeedChange(raw: unknown, entry: EntryContext): Outcome {
  const parsed = FeedValue.safeParse(raw);
  if (!parsed.success) return unrecognised(`feed change: ${describeIssues(parsed.error)}`);
  const value = parsed.data;
  const { item, verb } = value;

  if (ignoredItems.has(item)) return ignored(`feed item "${item}" is not an interaction`);
  if (item !== "comment" && item !== "reaction" && !postItems.has(item)) {
    return unrecognised(`unknown feed item "${item}"`);
  }
  if (ignoredVerbs.has(verb)) return ignored(`feed verb "${verb}" changes visibility only`);
  const change = verbs.get(verb);
  if (!change) return unrecognised(`unknown feed verb "${verb}" for item "${item}"`);

  const shaped = item === "comment" ? comment(value) : item === "reaction" ? reaction(value) : post(value);
  if ("skip" in shaped) return shaped;

  const occurredAt = epochToIso(value.created_time) ?? epochToIso(entry.time);
  if (!occurredAt) return unrecognised("feed change has neither created_time nor entry.time");

  const text = item === "reaction" ? (value.reaction_type ?? "reaction") : (value.message ?? mediaText(value));
  if (change === "edited" && item !== "reaction" && value.message === undefined) {
    // Moving a post to the trash or finishing a video upload arrives as `edited` without a message:
    // applying it as an edit would wipe the stored text.
    return ignored(`"${verb}" of ${item} carries no new text`);
  }

  const attachments = feedAttachments(value);
  const draft: InteractionDraft = compact({
    platform: "facebook",
    kind: shaped.kind,
    direction: value.from?.id === entry.accountId ? "outbound" : "inbound",
    externalId: shaped.externalId,
    threadId: shaped.threadId,
    parentId: shaped.parentId,
    account: { id: entry.accountId },
    author: value.from ? compact({ id: value.from.id, name: value.from.name }) : { id: "unknown" },
    text,
    attachments: attachments.length ? attachments : undefined,
    occurredAt,
  });

  if (change === "created") {
    // created_time is part of the key: a reaction removed and given again is a new event.
    return { change, eventKey: eventKey("facebook", draft.externalId, "created", value.created_time), draft };
  }
  // When the change happened: entry.time is when Meta reported it, while created_time on edits and
  // removals is sometimes the item's original creation time (seen days apart on trashed posts).
  const at = epochToIso(entry.time) ?? occurredAt;
  const key = eventKey("facebook", draft.externalId, change, value.created_time, at, change === "edited" ? text : "");
  return { change, eventKey: key, at, draft };
}

type Shape = { kind: Kind; externalId: string; threadId: string; parentId?: string } | Skip;

function comment(value: FeedValue): Shape {
  const threadId = value.post_id ?? value.parent_id;
  if (!value.comment_id || !threadId) return unrecognised("comment without comment_id or post_id");
  const { parent_id: parentId } = value;
  // A top-level comment's parent is the post itself (sometimes written without the Page prefix).
  const topLevel = !parentId || parentId === threadId || threadId.endsWith(`_${parentId}`);
  return topLevel
    ? { kind: "comment", externalId: value.comment_id, threadId }
    : { kind: "reply", externalId: value.comment_id, threadId, parentId };
}

function post(value: FeedValue): Shape {
  const externalId = value.post_id ?? value.photo_id ?? value.video_id ?? value.share_id;
  if (!externalId) return unrecognised(`${value.item} without post_id`);
  return { kind: "post", externalId, threadId: externalId };
}

function reaction(value: FeedValue): Shape {
  const target = value.comment_id ?? value.post_id;
  if (!target || !value.post_id) return unrecognised("reaction without post_id");
  // Meta gives reactions no id of their own; one person has at most one reaction per object.
  if (!value.from) return ignored("reaction without `from` cannot be told apart from others");
  return {
    kind: "reaction",
    externalId: `${target}_reaction_${value.from.id}`,
    threadId: value.post_id,
    parentId: target,
  };
}

function mediaText(value: FeedValue): string {
  if (value.photo || value.item === "photo" || value.photos?.length) return placeholder("photo");
  if (value.video || value.item === "video") return placeholder("video");
  if (value.item === "share" && value.link) return placeholder("link", value.link);
  return "";
}

function feedAttachments(value: FeedValue): DraftAttachment[] {
  const list: DraftAttachment[] = [];
  if (value.photo) list.push({ type: "photo", url: value.photo });
  if (value.video) list.push({ type: "video", url: value.video });
  for (const url of value.photos ?? []) list.push({ type: "photo", url });
  if (value.link) {
    const type = value.item === "photo" ? "photo" : value.item === "video" ? "video" : "link";
    const mediaId = type === "photo" ? value.photo_id : type === "video" ? value.video_id : undefined;
    list.push(compact({ type, url: value.link, mediaId }));
  }
  return list;
}
