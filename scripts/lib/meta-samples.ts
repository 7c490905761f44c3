/**
 * Realistic Meta webhook payloads for `npm run simulate` (shapes as in tests/fixtures/meta).
 * Pure: the ids come from `seed` and the times from `now`, so each run makes new interactions.
 */

export const sampleKinds = [
  "comment",
  "reply",
  "post",
  "messenger",
  "instagram-comment",
  "instagram-dm",
  "mention",
  "whatsapp",
  "whatsapp-image",
  "whatsapp-status",
  "edit",
  "delete",
  "batch",
] as const;
export type SampleKind = (typeof sampleKinds)[number];

export const isSampleKind = (value: string): value is SampleKind => (sampleKinds as readonly string[]).includes(value);

/** The demo brand's accounts (the same as in the fixtures). */
export const brand = {
  pageId: "104523987654321",
  pageName: "Barzel Coffee Roasters",
  instagramId: "17841405822304914",
  whatsAppBusinessId: "102290129340398",
  whatsAppPhoneNumberId: "106540352242922",
  whatsAppDisplayNumber: "972549876543",
} as const;

const customers = {
  facebook: { id: "6780462125377510", name: "Noa Levi" },
  messenger: "7689966077685933",
  instagram: { id: "1284758392018374", username: "noa.levi.tlv" },
  whatsapp: { waId: "972541234567", name: "נועה לוי" },
} as const;

/** The demo post customers comment on, and the media Instagram comments go to. */
const demoPostObjectId = "122141721440024251";
const demoCommentId = `${demoPostObjectId}_657063669920574`;
const demoMediaId = "17918195224117851";

/** A Facebook comment the script sent, remembered so that `edit` and `delete` can target it. */
export interface CommentRef {
  commentId: string;
  postId: string;
  text: string;
}

export interface SampleInput {
  /** Digits unique to this run; every id is derived from it. */
  seed: string;
  now: Date;
  /** Replaces the default text (caption for `whatsapp-image`, new text for `edit`). */
  text?: string;
  /** `reply`, `edit`, `delete`: the comment to act on. */
  target?: CommentRef;
}

/** An interaction the sample must produce, and what it must show once processed. */
export interface Expected {
  platform: string;
  externalId: string;
  text?: string;
  deleted?: boolean;
  deliveryState?: string;
}

export interface MetaPayload {
  object: "page" | "instagram" | "whatsapp_business_account";
  entry: unknown[];
}

export interface Sample {
  payload: MetaPayload;
  expected: Expected[];
  /** The Facebook comment this sample added, to remember for a later `edit` or `delete`. */
  comment?: CommentRef;
}

const seconds = (now: Date) => Math.floor(now.getTime() / 1000);

/** The Page post id (`<page>_<post>`) a comment id (`<post>_<comment>`) belongs to. */
export function postIdOfComment(commentId: string): string {
  return `${brand.pageId}_${commentId.split("_")[0]}`;
}

export function buildSample(kind: SampleKind, input: SampleInput): Sample {
  switch (kind) {
    case "comment":
      return commentSample(input);
    case "reply":
      return replySample(input);
    case "post":
      return postSample(input);
    case "messenger":
      return messengerSample(input);
    case "instagram-comment":
      return instagramCommentSample(input);
    case "instagram-dm":
      return instagramDmSample(input);
    case "mention":
      return mentionSample(input);
    case "whatsapp":
      return whatsAppTextSample(input);
    case "whatsapp-image":
      return whatsAppImageSample(input);
    case "whatsapp-status":
      return whatsAppStatusSample(input);
    case "edit":
    case "delete":
      return changeCommentSample(kind, input);
    case "batch":
      return batchSample(input);
  }
}

const pageBody = (entry: unknown[]): MetaPayload => ({ object: "page", entry });
const feedEntry = (now: Date, values: unknown[]) => ({
  id: brand.pageId,
  time: seconds(now),
  changes: values.map((value) => ({ field: "feed", value })),
});

function commentValue({ seed, now, text }: SampleInput) {
  const postId = `${brand.pageId}_${demoPostObjectId}`;
  const comment: CommentRef = {
    commentId: `${demoPostObjectId}_${seed}`,
    postId,
    text: text ?? "ההזמנה שלי עדיין לא הגיעה, אפשר לבדוק? 🙏",
  };
  const value = {
    from: customers.facebook,
    post_id: postId,
    comment_id: comment.commentId,
    parent_id: postId,
    created_time: seconds(now),
    item: "comment",
    verb: "add",
    message: comment.text,
  };
  return { comment, value };
}

function commentSample(input: SampleInput): Sample {
  const { comment, value } = commentValue(input);
  return {
    payload: pageBody([feedEntry(input.now, [value])]),
    expected: [{ platform: "facebook", externalId: comment.commentId, text: comment.text }],
    comment,
  };
}

/** The Page answering a comment (the last one sent, or the demo one): outbound, with a parentId. */
function replySample({ seed, now, text, target }: SampleInput): Sample {
  const parentId = target?.commentId ?? demoCommentId;
  const commentId = `${parentId.split("_")[0]}_${seed}`;
  const message = text ?? "היי נועה, שלחנו לך הודעה פרטית עם מספר המעקב 📦";
  const value = {
    from: { id: brand.pageId, name: brand.pageName },
    post_id: target?.postId ?? postIdOfComment(parentId),
    comment_id: commentId,
    parent_id: parentId,
    created_time: seconds(now),
    item: "comment",
    verb: "add",
    message,
  };
  return {
    payload: pageBody([feedEntry(now, [value])]),
    expected: [{ platform: "facebook", externalId: commentId, text: message }],
  };
}

function postSample({ seed, now, text }: SampleInput): Sample {
  const postId = `${brand.pageId}_${seed}`;
  const message = text ?? "Ordered the Ethiopia Yirgacheffe beans twice now and both bags arrived stale. Not happy.";
  const value = {
    from: { id: "7012938475610293", name: "Daniel Cohen" },
    message,
    post_id: postId,
    created_time: seconds(now),
    item: "status",
    published: 1,
    verb: "add",
  };
  return {
    payload: pageBody([feedEntry(now, [value])]),
    expected: [{ platform: "facebook", externalId: postId, text: message }],
  };
}

function messengerEntry({ seed, now, text }: SampleInput) {
  const mid = `m_sim${seed}`;
  const message = text ?? "שלום, מתי אתם פתוחים בשבת? ☕";
  const entry = {
    id: brand.pageId,
    time: now.getTime(),
    messaging: [
      {
        sender: { id: customers.messenger },
        recipient: { id: brand.pageId },
        timestamp: now.getTime(),
        message: { mid, text: message },
      },
    ],
  };
  return { entry, expected: { platform: "messenger", externalId: mid, text: message } };
}

function messengerSample(input: SampleInput): Sample {
  const { entry, expected } = messengerEntry(input);
  return { payload: pageBody([entry]), expected: [expected] };
}

function instagramCommentSample({ seed, now, text }: SampleInput): Sample {
  const id = `178${seed}`;
  const message = text ?? "איזה יופי 😍 יש גם בגודל חצי קילו?";
  const value = {
    from: customers.instagram,
    media: { id: demoMediaId, media_product_type: "FEED" },
    id,
    text: message,
  };
  return {
    payload: {
      object: "instagram",
      entry: [{ id: brand.instagramId, time: seconds(now), changes: [{ field: "comments", value }] }],
    },
    expected: [{ platform: "instagram", externalId: id, text: message }],
  };
}

function instagramDmSample({ seed, now, text }: SampleInput): Sample {
  const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAU${Buffer.from(`sim:${seed}`).toString("base64url")}`;
  const message = text ?? "Hi! Is the Ethiopia roast back in stock? 🤞";
  const item = {
    sender: { id: customers.instagram.id },
    recipient: { id: brand.instagramId },
    timestamp: now.getTime(),
    message: { mid, text: message },
  };
  return {
    payload: { object: "instagram", entry: [{ id: brand.instagramId, time: now.getTime(), messaging: [item] }] },
    expected: [{ platform: "instagram", externalId: mid, text: message }],
  };
}

/** Instagram sends only ids for a mention: the interaction has no author or text until fetched. */
function mentionSample({ seed, now }: SampleInput): Sample {
  const commentId = `179${seed}`;
  const value = { media_id: `180${seed}`, comment_id: commentId };
  return {
    payload: {
      object: "instagram",
      entry: [{ id: brand.instagramId, time: seconds(now), changes: [{ field: "mentions", value }] }],
    },
    expected: [{ platform: "instagram", externalId: commentId }],
  };
}

const wamid = (seed: string) => `wamid.${Buffer.from(`sim.${seed}`).toString("base64")}`;

function whatsAppBody(value: Record<string, unknown>): MetaPayload {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: brand.whatsAppBusinessId,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: brand.whatsAppDisplayNumber,
                phone_number_id: brand.whatsAppPhoneNumberId,
              },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

const whatsAppContacts = [{ profile: { name: customers.whatsapp.name }, wa_id: customers.whatsapp.waId }];

function whatsAppTextSample({ seed, now, text }: SampleInput): Sample {
  const id = wamid(seed);
  const body = text ?? "היי, קיבלתי פולים שרופים 😕 אפשר החזר?";
  const message = { from: customers.whatsapp.waId, id, timestamp: String(seconds(now)), type: "text", text: { body } };
  return {
    payload: whatsAppBody({ contacts: whatsAppContacts, messages: [message] }),
    expected: [{ platform: "whatsapp", externalId: id, text: body }],
  };
}

function whatsAppImageSample({ seed, now, text }: SampleInput): Sample {
  const id = wamid(seed);
  const caption = text ?? "ככה זה הגיע 📦";
  const message = {
    from: customers.whatsapp.waId,
    id,
    timestamp: String(seconds(now)),
    type: "image",
    image: {
      caption,
      mime_type: "image/jpeg",
      sha256: Buffer.from(`sha:${seed}`).toString("base64"),
      id: `10${seed}`,
    },
  };
  return {
    payload: whatsAppBody({ contacts: whatsAppContacts, messages: [message] }),
    expected: [{ platform: "whatsapp", externalId: id, text: caption }],
  };
}

/** Sent, delivered and read for one message of the brand's: an outbound interaction whose delivery is `read`. */
function whatsAppStatusSample({ seed, now }: SampleInput): Sample {
  const id = wamid(seed);
  const at = seconds(now);
  const statuses = (["sent", "delivered", "read"] as const).map((status, i) => ({
    id,
    status,
    timestamp: String(at - 2 + i),
    recipient_id: customers.whatsapp.waId,
  }));
  return {
    payload: whatsAppBody({ statuses }),
    expected: [{ platform: "whatsapp", externalId: id, deliveryState: "read" }],
  };
}

function changeCommentSample(kind: "edit" | "delete", { now, text, target }: SampleInput): Sample {
  if (!target) throw new Error(`"${kind}" needs the comment to change`);
  const message = text ?? (target.text ? `${target.text} (edited)` : "Edited: the order arrived after all 🙂");
  const value = {
    from: customers.facebook,
    post_id: target.postId,
    comment_id: target.commentId,
    parent_id: target.postId,
    created_time: seconds(now),
    item: "comment",
    verb: kind === "edit" ? "edited" : "remove",
    ...(kind === "edit" ? { message } : {}),
  };
  return {
    payload: pageBody([feedEntry(now, [value])]),
    expected: [
      kind === "edit"
        ? { platform: "facebook", externalId: target.commentId, text: message }
        : { platform: "facebook", externalId: target.commentId, deleted: true },
    ],
  };
}

/** One POST as Meta batches them: a comment and the Page's photo post in one entry, a Messenger message in another. */
function batchSample(input: SampleInput): Sample {
  const { comment, value: commentChange } = commentValue(input);
  const postId = `${brand.pageId}_9${input.seed}`;
  const photoPost = {
    from: { id: brand.pageId, name: brand.pageName },
    message: "New arrival: Kenya AA 🇰🇪",
    post_id: postId,
    photo_id: `8${input.seed}`,
    link: `https://scontent.xx.fbcdn.net/v/t39.30808-6/${input.seed}_n.jpg`,
    created_time: seconds(input.now),
    item: "photo",
    published: 1,
    verb: "add",
  };
  const messenger = messengerEntry({ ...input, seed: `9${input.seed}`, text: "Do you ship to Haifa?" });
  return {
    payload: pageBody([feedEntry(input.now, [commentChange, photoPost]), messenger.entry]),
    expected: [
      { platform: "facebook", externalId: comment.commentId, text: comment.text },
      { platform: "facebook", externalId: postId, text: photoPost.message },
      messenger.expected,
    ],
    comment,
  };
}

/** One Page `feed` comment (`verb: add`) in its own delivery: the unit the tests and the benchmark send. */
export function feedCommentPayload(comment: {
  pageId: string;
  postId: string;
  commentId: string;
  author: { id: string; name: string };
  message: string;
  createdTime: number;
  /** `edited` for a comment changed after it was posted. */
  verb?: "add" | "edited";
}): MetaPayload {
  return {
    object: "page",
    entry: [
      {
        id: comment.pageId,
        time: comment.createdTime,
        changes: [
          {
            field: "feed",
            value: {
              from: comment.author,
              post_id: `${comment.pageId}_${comment.postId}`,
              comment_id: `${comment.postId}_${comment.commentId}`,
              created_time: comment.createdTime,
              item: "comment",
              verb: comment.verb ?? "add",
              message: comment.message,
              post: { id: `${comment.pageId}_${comment.postId}`, status_type: "added_photos", is_published: true },
            },
          },
        ],
      },
    ],
  };
}
