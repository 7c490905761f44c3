import * as z from "zod";

/**
 * The one Interaction shape (CONTRACT §3). Normalisers' output is parsed by it, the admin API
 * documents it, the store parses what comes back from DynamoDB with it.
 */
export const Platform = z
  .string()
  .min(1)
  .regex(/^[a-z][a-z0-9_-]*$/, "lower-case platform or custom source name")
  .meta({
    description: "facebook, instagram, messenger, whatsapp, x, youtube, linkedin, telegram, or a custom source's name",
    examples: ["facebook", "instagram", "messenger", "whatsapp"],
  });
export type Platform = z.infer<typeof Platform>;

export const Kind = z.enum(["comment", "post", "message", "mention", "reply", "review", "video", "reaction"]);
export type Kind = z.infer<typeof Kind>;

export const Direction = z.enum(["inbound", "outbound"]);
export type Direction = z.infer<typeof Direction>;

export const Priority = z.enum(["low", "normal", "high", "urgent"]);
export type Priority = z.infer<typeof Priority>;

export const Status = z.enum(["open", "pending", "resolved", "ignored"]);
export type Status = z.infer<typeof Status>;

export const IsoDateTime = z.iso.datetime({ offset: false }).meta({ description: "ISO-8601 UTC" });

export const Account = z.object({ id: z.string().min(1) }).meta({ description: "the brand account that received it" });

export const Author = z.object({
  id: z.string().min(1),
  handle: z.string().optional(),
  name: z.string().optional(),
  followers: z.number().int().nonnegative().optional(),
});
export type Author = z.infer<typeof Author>;

export const Sentiment = z.object({
  label: z.enum(["negative", "neutral", "positive"]),
  score: z.number().min(-1).max(1),
});

export type Sentiment = z.infer<typeof Sentiment>;

export const Intent = z.enum(["complaint", "question", "praise", "other"]);
export type Intent = z.infer<typeof Intent>;

/**
 * One SLA clock (CONTRACT §3 `sla`: policy, dueAt, state, metAt?, breachedAt?). Extension: what the
 * clock needs to survive restarts — its target, working time used before the current run
 * (`elapsedMs`), when that run began (`runningSince`), and which checkpoints already fired.
 */
export const SlaMetric = z
  .object({
    policy: z.string(),
    policyVersion: z.number().int().optional(),
    dueAt: IsoDateTime.meta({ description: "when it breaches, at the current pace (a paused clock: as of its pause)" }),
    state: z.enum(["running", "paused", "met", "breached"]),
    metAt: IsoDateTime.optional(),
    breachedAt: IsoDateTime.optional(),
    target: z.string().optional().meta({ description: "the policy's target, ISO-8601 (working time)" }),
    startedAt: IsoDateTime.optional().meta({ description: "platform event time the clock runs from" }),
    elapsedMs: z.number().min(0).optional().meta({ description: "working time used before `runningSince`" }),
    runningSince: IsoDateTime.optional(),
    pausedAt: IsoDateTime.optional(),
    stoppedAt: IsoDateTime.optional().meta({ description: "a breached clock stopped later (the reply came late)" }),
    warnedAt: IsoDateTime.optional(),
    fired: z
      .array(z.string())
      .optional()
      .meta({ description: "checkpoints already fired: warning, breach, step:<index>" }),
    remaining: z
      .string()
      .optional()
      .meta({ description: "working time left as of the answer (ISO-8601, negative when overdue); read-only" }),
  })
  .meta({ id: "SlaClock" });
export type SlaClock = z.infer<typeof SlaMetric>;

export const SlaState = z
  .object({
    firstResponse: SlaMetric.optional(),
    nextResponse: SlaMetric.optional(),
    resolution: SlaMetric.optional(),
    periodicUpdate: SlaMetric.optional(),
  })
  .meta({ description: "per metric: policy, dueAt, state, metAt?, breachedAt?" });
export type SlaState = z.infer<typeof SlaState>;

export const CrmError = z
  .object({
    code: z.string().meta({ examples: ["REQUEST_LIMIT_EXCEEDED", "VALIDATION_ERROR", "crm.unavailable"] }),
    message: z.string(),
    status: z.number().int().optional(),
    fields: z.array(z.string()).optional().meta({ description: "Salesforce: the fields the error is about" }),
    category: z.string().optional().meta({ description: "HubSpot: the error category" }),
  })
  .meta({ id: "CrmError", description: "the CRM's own error, kept as it said it" });
export type CrmError = z.infer<typeof CrmError>;

export const CrmSync = z.object({
  state: z.enum(["pending", "synced", "failed"]),
  recordIds: z.record(z.string(), z.string()).optional(),
  lastError: z.string().optional(),
  syncedAt: IsoDateTime.optional(),
  /** Extensions: the case (ticket) key used, the attempts so far, when the next one is due, the CRM's error. */
  caseKey: z.string().optional(),
  attempts: z.number().int().nonnegative().optional(),
  nextAttemptAt: IsoDateTime.optional(),
  failedAt: IsoDateTime.optional(),
  error: CrmError.optional(),
});
export type CrmSync = z.infer<typeof CrmSync>;

export const Edited = z.object({ at: IsoDateTime, previousText: z.string().optional() });
export const Deleted = z.object({ at: IsoDateTime });

/** Extension of CONTRACT §3: where the platform reports the fate of the brand's own message. */
export const DeliveryState = z.enum(["sent", "delivered", "read", "failed"]);
export type DeliveryState = z.infer<typeof DeliveryState>;
export const DeliveryReport = z.object({
  state: DeliveryState,
  at: IsoDateTime,
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]), title: z.string().optional() })).optional(),
});

export const Attachment = z.object({
  type: z.string(),
  url: z.string().optional(),
  mediaId: z.string().optional(),
  mimeType: z.string().optional(),
  caption: z.string().optional(),
});

/** One entry of an interaction's history: who or what changed it, and why. */
export const HistoryEntry = z.object({
  at: IsoDateTime,
  type: z.string().meta({ description: "received, edited, deleted, delivery, …" }),
  by: z.string().meta({ description: "platform, rule:<id>@<version>, user:<name>, system" }),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Who decided a field by hand (PATCH): automatic passes never overwrite it. */
export const Override = z.object({ by: z.string(), at: IsoDateTime });
export type Override = z.infer<typeof Override>;

/**
 * Extension of CONTRACT §3: fields a person decided, keyed `priority`, `status`, `assignee`,
 * `sentiment`, `intent`, or `tag:<name>` (a tag a person added or removed).
 */
export const Overrides = z
  .record(z.string(), Override)
  .meta({ description: "fields a person decided (priority, status, assignee, sentiment, intent, tag:<name>)" });

/** Extension of CONTRACT §3: the highest escalation level reached, and by what. */
export const Escalation = z.object({
  level: z.number().int().min(1),
  reason: z.string().optional(),
  at: IsoDateTime,
  by: z.string(),
});

/** Extension of CONTRACT §3: `language`, `sentiment` and `intent` were made by this method (machine-made). */
export const Enrichment = z.object({
  method: z.string().meta({ examples: ["lexicon@1"] }),
  at: IsoDateTime,
});

export const Interaction = z
  .object({
    id: z.string().min(1).meta({ description: "stable id derived from platform + externalId" }),
    workspaceId: z.string().min(1),
    platform: Platform,
    kind: Kind,
    direction: Direction,
    externalId: z.string().min(1),
    threadId: z.string().min(1),
    parentId: z.string().optional(),
    account: Account,
    author: Author,
    text: z.string(),
    attachments: z.array(Attachment).optional(),
    occurredAt: IsoDateTime,
    receivedAt: IsoDateTime,
    language: z.string().optional(),
    sentiment: Sentiment.optional(),
    intent: Intent.optional(),
    tags: z.array(z.string()),
    priority: Priority,
    assignee: z.string().optional(),
    status: Status,
    sla: SlaState.optional(),
    sync: z.record(z.string(), CrmSync).optional(),
    edited: Edited.optional(),
    deleted: Deleted.optional(),
    delivery: DeliveryReport.optional(),
    enrichment: Enrichment.optional(),
    escalation: Escalation.optional(),
    overrides: Overrides.optional(),
    deliveryId: z.string().meta({ description: "the stored raw delivery it came from (re-processable)" }),
    history: z.array(HistoryEntry),
  })
  .meta({ id: "Interaction", description: "One social event, normalised (CONTRACT §3)" });
export type Interaction = z.infer<typeof Interaction>;
