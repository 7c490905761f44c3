import * as z from "zod";
import { durationMs, IsoDuration } from "../calendar/duration";
import { BusinessHours } from "../calendar/schema";
import { IsoDateTime } from "../interaction/schema";
import {
  AssignAction,
  EscalateAction,
  NotifyAction,
  SetPriorityAction,
  SetStatusAction,
  SlaMetricName,
  SyncAction,
  TagAction,
  UntagAction,
} from "../rule/actions";
import { parseOrThrow } from "../rule/issues";
import { Condition, RuleId } from "../rule/schema";

/** `80%` of the target, `breach`, or an offset of working time after the breach (`+PT30M`). */
export const EscalationAt = z
  .string()
  .refine(
    (at) =>
      at === "breach" ||
      (/^\d{1,3}%$/.test(at) && Number(at.slice(0, -1)) >= 1 && Number(at.slice(0, -1)) < 100) ||
      (at.startsWith("+") && IsoDuration.safeParse(at.slice(1)).success),
    'expected a percentage of the target below 100 ("80%"), "breach", or an ISO-8601 offset after the breach ("+PT30M")',
  )
  .meta({ examples: ["80%", "breach", "+PT30M"] });

const EscalationAction = z
  .discriminatedUnion(
    "type",
    [
      TagAction,
      UntagAction,
      SetPriorityAction,
      AssignAction,
      SetStatusAction,
      EscalateAction,
      SyncAction,
      NotifyAction,
    ],
    {
      error: (issue) =>
        issue.code === "invalid_union"
          ? "expected an action an escalation can take: tag, untag, setPriority, assign, setStatus, escalate, sync or notify"
          : undefined,
    },
  )
  .meta({ id: "SlaEscalationAction" });
export type EscalationAction = z.infer<typeof EscalationAction>;

export const EscalationStep = z
  .strictObject({
    at: EscalationAt,
    metrics: z
      .array(SlaMetricName)
      .min(1)
      .optional()
      .meta({ description: "the clocks this step watches; absent: every clock of the policy" }),
    actions: z.array(EscalationAction).min(1, "needs at least one action"),
  })
  .meta({ id: "SlaEscalationStep" });
export type EscalationStep = z.infer<typeof EscalationStep>;

const policyFields = {
  id: RuleId.optional(),
  name: z.string().trim().min(1).max(200).optional(),
  enabled: z.boolean().default(true),
  order: z
    .number()
    .int()
    .default(100)
    .meta({ description: "when several policies' conditions hold, the lowest order wins" }),
  workspaceId: z.string().min(1).default("default"),
  firstResponse: IsoDuration.optional().meta({
    description: "from an inbound message to the brand's first reply in its thread",
  }),
  nextResponse: IsoDuration.optional().meta({
    description: "from a customer's message after a brand reply to the next brand reply",
  }),
  resolution: IsoDuration.optional().meta({
    description: "from the first message until the interaction or its CRM record is resolved; paused while pending",
  }),
  periodicUpdate: IsoDuration.optional().meta({
    description: "while unresolved, the longest the brand may stay silent after its last reply",
  }),
  businessHours: BusinessHours.optional().meta({
    description: "the clock runs only in these hours; absent (and no calendar): 24/7",
  }),
  calendar: RuleId.optional().meta({ description: "a named calendar (/calendars) instead of inline businessHours" }),
  when: Condition.optional().meta({
    description: "picks the policy by itself for inbound messages that match; absent: only a rule's startSla starts it",
  }),
  pauseWhenPending: z
    .boolean()
    .default(true)
    .meta({ description: "status pending (waiting on the customer) pauses resolution" }),
  escalations: z.array(EscalationStep).default([]),
};

function checkPolicy(
  policy: { businessHours?: unknown; calendar?: unknown } & Partial<Record<SlaMetricName, unknown>>,
  ctx: z.RefinementCtx,
) {
  if (!SlaMetricName.options.some((metric) => policy[metric] !== undefined))
    ctx.addIssue({
      code: "custom",
      path: [],
      message: "needs at least one target: firstResponse, nextResponse, resolution or periodicUpdate",
    });
  if (policy.businessHours !== undefined && policy.calendar !== undefined)
    ctx.addIssue({ code: "custom", path: ["calendar"], message: "give businessHours or calendar, not both" });
}

/** What an admin sends to `/sla-policies` (CONTRACT §6); unknown keys are errors. */
export const SlaPolicyInput = z.strictObject(policyFields).superRefine(checkPolicy).meta({ id: "SlaPolicyInput" });
export type SlaPolicyInput = z.output<typeof SlaPolicyInput>;

/** A stored policy: the input with defaults, an id and a version. */
export const SlaPolicy = z
  .object({
    ...policyFields,
    id: RuleId,
    version: z.number().int().min(1),
    updatedAt: IsoDateTime,
    updatedBy: z.string().min(1),
  })
  .meta({ id: "SlaPolicy" });
export type SlaPolicy = z.output<typeof SlaPolicy>;

export const parseSlaPolicyInput = (json: unknown): SlaPolicyInput =>
  parseOrThrow(SlaPolicyInput, json, "sla_policy.invalid");

/** A policy's target for a clock, in ms of working time (undefined: the policy does not run that clock). */
export function targetMs(policy: Pick<SlaPolicy, SlaMetricName>, metric: SlaMetricName): number | undefined {
  const iso = policy[metric];
  return iso === undefined ? undefined : durationMs(iso);
}
