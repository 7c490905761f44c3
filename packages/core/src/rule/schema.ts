import * as z from "zod";
import { IsoDateTime } from "../interaction/schema";
import { Action } from "./actions";
import { resolveField } from "./fields";
import { parseOrThrow } from "./issues";
import { leafIssues } from "./values";

export const Operator = z
  .enum(
    [
      "eq",
      "neq",
      "in",
      "nin",
      "contains",
      "containsAny",
      "containsAll",
      "startsWith",
      "matches",
      "gt",
      "gte",
      "lt",
      "lte",
      "exists",
      "withinBusinessHours",
    ],
    { error: (issue) => (issue.input === undefined ? "required" : `unknown operator ${JSON.stringify(issue.input)}`) },
  )
  .meta({ id: "RuleOperator" });
export type Operator = z.infer<typeof Operator>;

export const ConditionValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))], {
    error: "expected a string, number, boolean or an array of strings and numbers",
  })
  .meta({
    description:
      "in/nin/containsAny/containsAll: array; gt…lte: number or ISO-8601 date-time; matches: regex (flags iu); " +
      "exists: boolean (default true); withinBusinessHours: calendar id",
  });
export type ConditionValue = z.infer<typeof ConditionValue>;

export const FieldPath = z
  .string()
  .superRefine((path, ctx) => {
    if (!resolveField(path)) ctx.addIssue({ code: "custom", message: `unknown field ${JSON.stringify(path)}` });
  })
  .meta({
    description: "dotted path into the Interaction; through an array it yields the list of values (attachments.type)",
    examples: ["text", "author.followers", "sentiment.label", "sync.salesforce.state"],
  });

export const LeafCondition = z
  .strictObject({ field: FieldPath, op: Operator, value: ConditionValue.optional() })
  .superRefine((leaf, ctx) => {
    const type = resolveField(leaf.field);
    if (!type) return;
    for (const issue of leafIssues(leaf.field, type, leaf.op, leaf.value))
      ctx.addIssue({ code: "custom", path: [issue.key], message: issue.message });
  });
export type LeafCondition = z.infer<typeof LeafCondition>;

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;

const conditions = () => z.array(Condition).min(1, "needs at least one condition");

export const Condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union(
      [
        z.strictObject({ all: conditions() }),
        z.strictObject({ any: conditions() }),
        z.strictObject({ not: Condition }),
        LeafCondition,
      ],
      { error: "expected exactly one of {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}" },
    ),
  )
  .meta({ id: "RuleCondition" });

export const RuleEvent = z
  .enum(["interaction.received", "interaction.updated", "sla.warning", "sla.breached"])
  .meta({ id: "RuleEvent" });
export type RuleEvent = z.infer<typeof RuleEvent>;

export const RuleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "expected a slug: a-z, 0-9, _ and -, at most 64 characters");

const ruleFields = {
  id: RuleId.optional(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  enabled: z.boolean().default(true),
  order: z.number().int().default(100).meta({ description: "rules run in ascending order, then by id" }),
  on: z.array(RuleEvent).min(1).default(["interaction.received"]),
  when: Condition.optional().meta({ description: "absent: the rule always applies" }),
  then: z.array(Action).min(1, "needs at least one action"),
  stop: z.boolean().default(false).meta({ description: "true ends the pass after this rule applies" }),
  workspaceId: z.string().min(1).default("default"),
};

/** What an admin sends (CONTRACT §5); unknown keys are errors. */
export const RuleInput = z.strictObject(ruleFields).meta({ id: "RuleInput" });
export type RuleInput = z.output<typeof RuleInput>;
export type RuleInputJson = z.input<typeof RuleInput>;

/** A stored rule: the input with defaults applied, an id and a version. */
export const Rule = z
  .object({
    ...ruleFields,
    id: RuleId,
    version: z.number().int().min(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    updatedBy: z.string().min(1),
  })
  .meta({ id: "Rule" });
export type Rule = z.output<typeof Rule>;

/** Validates what an admin sent; throws `inputError("rule.invalid")` with `[{field, message}]` details. */
export const parseRuleInput = (json: unknown): RuleInput => parseOrThrow(RuleInput, json, "rule.invalid");
