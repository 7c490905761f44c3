import * as z from "zod";
import { Priority, Status } from "../interaction/schema";

const Tags = z.array(z.string().trim().min(1)).min(1);

/** The clocks an SLA policy can run (CONTRACT §6, plus the periodic update owed while a case is open). */
export const SlaMetricName = z.enum(["firstResponse", "nextResponse", "resolution", "periodicUpdate"]);
export type SlaMetricName = z.infer<typeof SlaMetricName>;

export const TagAction = z.strictObject({ type: z.literal("tag"), tags: Tags });
export const UntagAction = z.strictObject({ type: z.literal("untag"), tags: Tags });
export const SetPriorityAction = z.strictObject({ type: z.literal("setPriority"), priority: Priority });
export const AssignAction = z.strictObject({ type: z.literal("assign"), assignee: z.string().min(1) });
export const SetStatusAction = z.strictObject({ type: z.literal("setStatus"), status: Status });
export const StartSlaAction = z.strictObject({ type: z.literal("startSla"), policy: z.string().min(1) });
export const StopSlaAction = z.strictObject({
  type: z.literal("stopSla"),
  policy: z.string().min(1).optional(),
  metric: SlaMetricName.optional(),
});
export const EscalateAction = z.strictObject({
  type: z.literal("escalate"),
  level: z.number().int().min(1),
  reason: z.string().optional(),
});
export const SyncAction = z.strictObject({ type: z.literal("sync"), target: z.enum(["salesforce", "hubspot"]) });
export const NotifyAction = z.strictObject({
  type: z.literal("notify"),
  url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }),
  note: z.string().optional(),
});
export const IgnoreAction = z.strictObject({ type: z.literal("ignore") });

const ACTIONS = [
  TagAction,
  UntagAction,
  SetPriorityAction,
  AssignAction,
  SetStatusAction,
  StartSlaAction,
  StopSlaAction,
  EscalateAction,
  SyncAction,
  NotifyAction,
  IgnoreAction,
] as const;

function actionTypeMessage(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const type = (input as { type?: unknown }).type;
  return type === undefined ? "required" : `unknown action ${JSON.stringify(type)}`;
}

/** What a rule does (CONTRACT §5), told apart by `type`. */
export const Action = z
  .discriminatedUnion("type", ACTIONS, {
    error: (issue) => (issue.code === "invalid_union" ? actionTypeMessage(issue.input) : undefined),
  })
  .meta({ id: "RuleAction" });
export type Action = z.infer<typeof Action>;
export type ActionType = Action["type"];
