import * as z from "zod";
import { eventKey } from "../../interaction/id";
import { DeliveryState } from "../../interaction/schema";
import type { InteractionDraft, NormaliseResult } from "../observation";
import {
  compact,
  type DraftAttachment,
  describeIssues,
  Epoch,
  epochToIso,
  guarded,
  Id,
  ignored,
  join,
  type Outcome,
  opt,
  placeholder,
  record,
  unrecognised,
} from "./common";

const WaError = z.looseObject({
  code: z.union([z.number(), z.string()]),
  title: opt(z.string()),
  message: opt(z.string()),
});

/** `messages` change value (WhatsApp Cloud API webhooks reference). */
const MessagesValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: Id, display_phone_number: opt(z.string()) }),
  contacts: opt(
    z.array(
      z.looseObject({
        wa_id: opt(z.string()),
        user_id: opt(z.string()),
        profile: opt(z.looseObject({ name: opt(z.string()) })),
      }),
    ),
  ),
  messages: opt(z.array(z.unknown())),
  statuses: opt(z.array(z.unknown())),
  errors: opt(z.array(z.unknown())),
});
type Contacts = NonNullable<z.infer<typeof MessagesValue>["contacts"]>;

const Media = z.looseObject({
  id: opt(Id),
  mime_type: opt(z.string()),
  caption: opt(z.string()),
  filename: opt(z.string()),
  voice: opt(z.boolean()),
});
const Reply = z.looseObject({ id: opt(z.string()), title: opt(z.string()), description: opt(z.string()) });

const Message = z.looseObject({
  id: Id,
  // `from` is the phone number (wa_id); `from_user_id` the business-scoped id Meta adds for username users.
  from: opt(z.string()),
  from_user_id: opt(z.string()),
  timestamp: Epoch,
  type: z.string(),
  context: opt(z.looseObject({ id: opt(z.string()) })),
  text: opt(z.looseObject({ body: z.string() })),
  image: opt(Media),
  video: opt(Media),
  audio: opt(Media),
  document: opt(Media),
  sticker: opt(Media),
  location: opt(
    z.looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: opt(z.string()),
      address: opt(z.string()),
    }),
  ),
  contacts: opt(z.array(z.looseObject({ name: opt(z.looseObject({ formatted_name: opt(z.string()) })) }))),
  interactive: opt(
    z.looseObject({
      type: opt(z.string()),
      button_reply: opt(Reply),
      list_reply: opt(Reply),
      nfm_reply: opt(z.looseObject({ name: opt(z.string()), body: opt(z.string()) })),
    }),
  ),
  button: opt(z.looseObject({ text: opt(z.string()), payload: opt(z.string()) })),
  reaction: opt(z.looseObject({ message_id: z.string(), emoji: opt(z.string()) })),
  order: opt(z.looseObject({ text: opt(z.string()), product_items: opt(z.array(z.unknown())) })),
  system: opt(z.looseObject({ body: opt(z.string()) })),
});
type Message = z.infer<typeof Message>;

const Status = z.looseObject({
  id: Id,
  status: z.string(),
  timestamp: Epoch,
  recipient_id: opt(z.string()),
  recipient_user_id: opt(z.string()),
  errors: opt(z.array(WaError)),
});

const mediaTypes = ["image", "video", "audio", "document", "sticker"] as const;

/** One WhatsApp `messages` change: any number of customer messages and delivery statuses of the brand's own. */
export function normaliseWhatsAppChange(raw: unknown, path: string, out: NormaliseResult): void {
  const parsed = MessagesValue.safeParse(raw);
  if (!parsed.success) {
    record(out, path, unrecognised(`whatsapp messages: ${describeIssues(parsed.error)}`));
    return;
  }
  const value = parsed.data;
  const accountId = value.metadata.phone_number_id;
  const { messages = [], statuses = [], errors = [] } = value;

  if (!messages.length && !statuses.length && !errors.length) {
    record(out, path, ignored("whatsapp messages change with no messages, statuses or errors"));
    return;
  }
  messages.forEach((item, i) => {
    guarded(out, join(path, "value.messages", i), (at) =>
      record(out, at, message(item, accountId, value.contacts ?? [])),
    );
  });
  statuses.forEach((item, i) => {
    guarded(out, join(path, "value.statuses", i), (at) => record(out, at, status(item, accountId)));
  });
  errors.forEach((item, i) => {
    const error = WaError.safeParse(item);
    const detail = error.success ? `${error.data.code} ${error.data.title ?? error.data.message ?? ""}`.trim() : "";
    record(out, join(path, "value.errors", i), ignored(`whatsapp reported an error ${detail}`.trim()));
  });
}

function message(raw: unknown, accountId: string, contacts: Contacts): Outcome {
  const parsed = Message.safeParse(raw);
  if (!parsed.success) return unrecognised(`whatsapp message: ${describeIssues(parsed.error)}`);
  const msg = parsed.data;
  const customerId = msg.from ?? msg.from_user_id;
  if (!customerId) return unrecognised("whatsapp message without from");
  const occurredAt = epochToIso(msg.timestamp);
  if (!occurredAt) return unrecognised(`whatsapp message with unusable timestamp`);

  const reaction = msg.type === "reaction" ? msg.reaction : undefined;
  if (msg.type === "reaction" && !reaction?.emoji) {
    return ignored("whatsapp reaction removed (no emoji)");
  }
  const contact = contacts.find((c) => c.wa_id === customerId || c.user_id === customerId);
  const attachment = mediaAttachment(msg);
  const draft: InteractionDraft = compact({
    platform: "whatsapp",
    kind: reaction ? ("reaction" as const) : ("message" as const),
    direction: "inbound" as const,
    externalId: msg.id,
    threadId: `${accountId}_${customerId}`,
    parentId: reaction?.message_id ?? msg.context?.id,
    account: { id: accountId },
    author: compact({ id: customerId, name: contact?.profile?.name, handle: msg.from }),
    text: reaction?.emoji ?? messageText(msg),
    attachments: attachment ? [attachment] : undefined,
    occurredAt,
  });
  return { change: "created", eventKey: eventKey("whatsapp", msg.id, "created"), draft };
}

function status(raw: unknown, accountId: string): Outcome {
  const parsed = Status.safeParse(raw);
  if (!parsed.success) return unrecognised(`whatsapp status: ${describeIssues(parsed.error)}`);
  const st = parsed.data;
  const state = DeliveryState.safeParse(st.status);
  // `played` (voice notes) and the retired `deleted` say nothing the four delivery states do not.
  if (!state.success) return ignored(`whatsapp status "${st.status}" is not tracked`);
  const customerId = st.recipient_id ?? st.recipient_user_id;
  if (!customerId) return unrecognised("whatsapp status without recipient_id");
  const at = epochToIso(st.timestamp);
  if (!at) return unrecognised("whatsapp status with unusable timestamp");

  const errors = st.errors?.map((e) => compact({ code: e.code, title: e.title ?? e.message }));
  return {
    change: "delivery",
    eventKey: eventKey("whatsapp", st.id, "delivery", state.data, st.timestamp),
    report: compact({ state: state.data, at, errors: errors?.length ? errors : undefined }),
    draft: {
      platform: "whatsapp",
      kind: "message",
      direction: "outbound",
      externalId: st.id,
      threadId: `${accountId}_${customerId}`,
      account: { id: accountId },
      author: { id: accountId },
      text: "",
      occurredAt: at,
    },
  };
}

function mediaAttachment(msg: Message): DraftAttachment | undefined {
  for (const type of mediaTypes) {
    const media = msg[type];
    if (msg.type === type && media) {
      return compact({ type, mediaId: media.id, mimeType: media.mime_type, caption: media.caption });
    }
  }
  return undefined;
}

/** Always something a care agent can read, even when the customer sent no words. */
function messageText(msg: Message): string {
  switch (msg.type) {
    case "text":
      return msg.text?.body ?? "";
    case "image":
    case "video":
    case "sticker":
      return msg[msg.type]?.caption || placeholder(msg.type);
    case "audio":
      return placeholder(msg.audio?.voice ? "voice message" : "audio");
    case "document":
      return msg.document?.caption || placeholder("document", msg.document?.filename);
    case "location": {
      const loc = msg.location;
      if (!loc) return placeholder("location");
      const label = [loc.name, loc.address].filter(Boolean).join(", ");
      return placeholder("location", `${label ? `${label} ` : ""}(${loc.latitude}, ${loc.longitude})`);
    }
    case "contacts": {
      const names = (msg.contacts ?? []).map((c) => c.name?.formatted_name).filter(Boolean);
      return placeholder("contact", names.join(", ") || undefined);
    }
    case "interactive": {
      const it = msg.interactive;
      return (
        it?.button_reply?.title ?? it?.list_reply?.title ?? it?.nfm_reply?.body ?? placeholder("interactive reply")
      );
    }
    case "button":
      return msg.button?.text ?? msg.button?.payload ?? placeholder("button");
    case "order": {
      const count = msg.order?.product_items?.length;
      return msg.order?.text || placeholder("order", count ? `${count} item${count === 1 ? "" : "s"}` : undefined);
    }
    case "system":
      return msg.system?.body ?? placeholder("system");
    case "unsupported":
    case "unknown":
      return placeholder("unsupported message");
    default:
      return placeholder(msg.type);
  }
}
