import * as z from "zod";
import { eventKey } from "../../interaction/id";
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
  unrecognised,
} from "./common";

export type MessagingPlatform = "messenger" | "instagram";

/** Common envelope of Messenger and Instagram messaging events (`entry[].messaging[]`). */
const Envelope = z.looseObject({
  sender: z.looseObject({ id: Id }),
  recipient: z.looseObject({ id: Id }),
  timestamp: opt(Epoch),
});

const AttachmentSchema = z.looseObject({
  type: z.string(),
  title: opt(z.string()),
  payload: opt(z.looseObject({ url: opt(z.string()), title: opt(z.string()), sticker_id: opt(Id) }).nullable()),
});
type MetaAttachment = z.infer<typeof AttachmentSchema>;

const Message = z.looseObject({
  mid: Id,
  text: opt(z.string()),
  is_echo: opt(z.boolean()),
  is_deleted: opt(z.boolean()),
  is_unsupported: opt(z.boolean()),
  attachments: opt(z.array(AttachmentSchema)),
  reply_to: opt(z.looseObject({ mid: opt(Id), story: opt(z.looseObject({ id: opt(Id) })) })),
});
type Message = z.infer<typeof Message>;

const MessageEdit = z.looseObject({ mid: Id, text: z.string(), num_edit: opt(z.union([z.number(), z.string()])) });
const Postback = z.looseObject({ mid: opt(Id), title: opt(z.string()), payload: opt(z.string()) });

/** Documented messaging events that are receipts, reactions or plumbing rather than something somebody wrote. */
const ignoredEvents = [
  "read",
  "delivery",
  "reaction",
  "referral",
  "optin",
  "account_linking",
  "pass_thread_control",
  "take_thread_control",
  "request_thread_control",
  "app_roles",
  "policy_enforcement",
  "game_play",
  "messaging_feedback",
  "checkout_update",
  "payment",
  "pre_checkout",
];

/** One Messenger or Instagram messaging event: a message, an echo of the brand's own, an edit, a deletion or a postback. */
export function normaliseMessagingItem(raw: unknown, platform: MessagingPlatform, entry: EntryContext): Outcome {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return unrecognised("messaging event is not an object");
  }
  const has = (key: string) => Object.hasOwn(raw, key);
  if (!has("message") && !has("message_edit") && !has("postback")) {
    const known = ignoredEvents.find(has);
    if (known) return ignored(`${platform} "${known}" event is not an interaction`);
    const keys = Object.keys(raw).join(", ") || "none";
    return unrecognised(`${platform} event without message, message_edit or postback (keys: ${keys})`);
  }

  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) return unrecognised(`${platform} event: ${describeIssues(envelope.error)}`);
  const { sender, recipient, timestamp } = envelope.data;
  const occurredAt = epochToIso(timestamp) ?? epochToIso(entry.time);
  if (!occurredAt) return unrecognised(`${platform} event has neither timestamp nor entry.time`);

  const base = (outbound: boolean) => {
    // The thread is the conversation with the customer, whoever wrote this message.
    const customerId = outbound ? recipient.id : sender.id;
    return {
      platform,
      kind: "message" as const,
      direction: outbound ? ("outbound" as const) : ("inbound" as const),
      threadId: `${entry.accountId}_${customerId}`,
      account: { id: entry.accountId },
      author: { id: sender.id },
      occurredAt,
    };
  };
  const fromBrand = sender.id === entry.accountId && recipient.id !== entry.accountId;
  const record = raw as Record<string, unknown>;

  if (has("message")) {
    const parsed = Message.safeParse(record.message);
    if (!parsed.success) return unrecognised(`${platform} message: ${describeIssues(parsed.error)}`);
    const message = parsed.data;
    const attachments = (message.attachments ?? []).map(toAttachment);
    const draft: InteractionDraft = compact({
      ...base(message.is_echo === true || fromBrand),
      externalId: message.mid,
      parentId: message.reply_to?.mid ?? message.reply_to?.story?.id,
      text: messageText(message),
      attachments: attachments.length ? attachments : undefined,
    });
    if (message.is_deleted) {
      return { change: "deleted", eventKey: eventKey(platform, message.mid, "deleted"), at: occurredAt, draft };
    }
    return { change: "created", eventKey: eventKey(platform, message.mid, "created"), draft };
  }

  if (has("message_edit")) {
    const parsed = MessageEdit.safeParse(record.message_edit);
    if (!parsed.success) return unrecognised(`${platform} edit: ${describeIssues(parsed.error)}`);
    const edit = parsed.data;
    const draft: InteractionDraft = { ...base(fromBrand), externalId: edit.mid, text: edit.text };
    // num_edit tells two edits apart even when Meta stamps them in the same millisecond.
    const key = eventKey(platform, edit.mid, "edited", edit.num_edit, occurredAt, edit.text);
    return { change: "edited", eventKey: key, at: occurredAt, draft };
  }

  const parsed = Postback.safeParse(record.postback);
  if (!parsed.success) return unrecognised(`${platform} postback: ${describeIssues(parsed.error)}`);
  const postback = parsed.data;
  // Older postbacks carry no mid; the tap itself (who, when) is then its identity.
  const externalId = postback.mid ?? `postback_${sender.id}_${timestamp ?? occurredAt}`;
  const draft: InteractionDraft = {
    ...base(fromBrand),
    externalId,
    text: postback.title ?? postback.payload ?? "",
  };
  return { change: "created", eventKey: eventKey(platform, externalId, "created"), draft };
}

function attachmentLabel(attachment: MetaAttachment): string {
  if (attachment.payload?.sticker_id !== undefined) return "sticker";
  // `fallback` is Meta's name for a shared link it could not render as anything richer.
  return attachment.type === "fallback" ? "link" : attachment.type;
}

function toAttachment(attachment: MetaAttachment): DraftAttachment {
  return compact({ type: attachmentLabel(attachment), url: attachment.payload?.url ?? undefined });
}

function messageText(message: Message): string {
  if (message.text) return message.text;
  const attachments = message.attachments ?? [];
  if (attachments.length) {
    return attachments.map((a) => placeholder(attachmentLabel(a), a.title ?? a.payload?.title)).join(" ");
  }
  if (message.is_unsupported) return placeholder("unsupported message");
  return "";
}
