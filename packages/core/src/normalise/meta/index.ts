import * as z from "zod";
import { emptyResult, type NormaliseResult } from "../observation";
import {
  type EntryContext,
  Epoch,
  guarded,
  Id,
  ignored,
  join,
  type Outcome,
  opt,
  record,
  unrecognised,
} from "./common";
import { normaliseFeedChange } from "./feed";
import { normaliseInstagramComment, normaliseInstagramMention } from "./instagram";
import { type MessagingPlatform, normaliseMessagingItem } from "./messaging";
import { normaliseWhatsAppChange } from "./whatsapp";

const Body = z.looseObject({ object: opt(z.string()), entry: z.array(z.unknown()) });
const Entry = z.looseObject({
  id: Id,
  time: opt(Epoch),
  changes: opt(z.array(z.unknown())),
  messaging: opt(z.array(z.unknown())),
  // Messages a Page receives while another app owns the conversation (handover protocol): still customers talking.
  standby: opt(z.array(z.unknown())),
});
const Change = z.looseObject({ field: z.string(), value: z.unknown() });

type MetaObject = "page" | "instagram" | "whatsapp_business_account";

/** Fields Meta documents for each object that never describe something a person wrote. */
const ignoredFields: Record<MetaObject, ReadonlySet<string>> = {
  page: new Set([
    "name",
    "picture",
    "category",
    "description",
    "website",
    "phone",
    "email",
    "location",
    "hours",
    "checkins",
    "members",
    "page_change_proposal",
    "page_upcoming_change",
    "inbox_labels",
    "videos",
    "live_videos",
    "leadgen",
  ]),
  instagram: new Set(["story_insights"]),
  whatsapp_business_account: new Set([
    "account_update",
    "account_alerts",
    "account_review_update",
    "account_settings_update",
    "business_capability_update",
    "business_status_update",
    "message_template_status_update",
    "message_template_quality_update",
    "message_template_components_update",
    "template_category_update",
    "phone_number_name_update",
    "phone_number_quality_update",
    "security",
    "flows",
    "user_preferences",
    "history",
    "smb_app_state_sync",
    "smb_message_echoes",
    "partner_solutions",
    "payment_configuration_update",
    "automatic_events",
    "calls",
  ]),
};

/**
 * Normalises one POST to /webhooks/meta (Page feed, Messenger, Instagram, WhatsApp Cloud) into
 * observations. Pure and total: it never throws; whatever it cannot use is listed in `skipped`
 * with its JSON path, so the raw delivery can be re-processed once a normaliser learns the shape.
 */
export function normaliseMeta(body: unknown): NormaliseResult {
  const out = emptyResult();
  const parsed = Body.safeParse(body);
  if (!parsed.success) {
    record(out, "", unrecognised("not a Meta webhook body (expected an object with an `entry` array)"));
    return out;
  }
  const object = parsed.data.object;
  if (object !== "page" && object !== "instagram" && object !== "whatsapp_business_account") {
    record(out, "", unrecognised(object === undefined ? "body has no `object`" : `unknown object "${object}"`));
    return out;
  }
  parsed.data.entry.forEach((raw, i) => {
    guarded(out, join("", "entry", i), (path) => normaliseEntry(object, raw, path, out));
  });
  return out;
}

function normaliseEntry(object: MetaObject, raw: unknown, path: string, out: NormaliseResult): void {
  const parsed = Entry.safeParse(raw);
  if (!parsed.success) {
    record(out, path, unrecognised("entry without an id"));
    return;
  }
  const { id, time, changes, messaging, standby } = parsed.data;
  if (!changes && !messaging && !standby) {
    record(out, path, unrecognised("entry has no changes, messaging or standby array"));
    return;
  }
  const entry: EntryContext = { accountId: id, time };
  const platform: MessagingPlatform = object === "instagram" ? "instagram" : "messenger";

  changes?.forEach((change, j) => {
    guarded(out, join(path, "changes", j), (at) => normaliseChange(object, change, entry, at, out));
  });
  for (const [key, items] of [
    ["messaging", messaging],
    ["standby", standby],
  ] as const) {
    if (object === "whatsapp_business_account" && items) {
      record(out, join(path, key), unrecognised(`whatsapp entry with a ${key} array`));
      continue;
    }
    items?.forEach((item, j) => {
      guarded(out, join(path, key, j), (at) => record(out, at, normaliseMessagingItem(item, platform, entry)));
    });
  }
}

function normaliseChange(object: MetaObject, raw: unknown, entry: EntryContext, path: string, out: NormaliseResult) {
  const parsed = Change.safeParse(raw);
  if (!parsed.success) {
    record(out, path, unrecognised("change without a `field`"));
    return;
  }
  const { field, value } = parsed.data;
  if (object === "whatsapp_business_account" && field === "messages") {
    normaliseWhatsAppChange(value, path, out);
    return;
  }
  record(out, path, changeOutcome(object, field, value, entry) ?? skipField(object, field));
}

/** The change families whose value is one event; `undefined` when no normaliser reads this field. */
function changeOutcome(object: MetaObject, field: string, value: unknown, entry: EntryContext): Outcome | undefined {
  if (object === "whatsapp_business_account") return undefined;
  // Meta's dashboard "Test" button (and some app setups) send messaging events as changes, same value shape.
  if (isMessagingField(field)) {
    return normaliseMessagingItem(value, object === "instagram" ? "instagram" : "messenger", entry);
  }
  if (object === "page" && field === "feed") return normaliseFeedChange(value, entry);
  if (object === "instagram" && (field === "comments" || field === "live_comments")) {
    return normaliseInstagramComment(value, entry);
  }
  if (object === "instagram" && field === "mentions") return normaliseInstagramMention(value, entry);
  return undefined;
}

function skipField(object: MetaObject, field: string): Outcome {
  return ignoredFields[object].has(field)
    ? ignored(`${object} field "${field}" is not an interaction`)
    : unrecognised(`no normaliser for ${object} field "${field}"`);
}

function isMessagingField(field: string): boolean {
  return field === "messages" || field.startsWith("messaging_") || field.startsWith("message_") || field === "standby";
}
