export * from "./actions";
export { type CompiledRule, type CompiledRuleSet, type CompileOptions, compileRules } from "./compile";
export type { EvaluationContext } from "./context";
export { type ConditionReport, explainRule, type RuleExplanation } from "./explain";
export { type FieldType, MUTABLE_ROOTS, resolveField } from "./fields";
export { describeIssues, type FieldIssue, formatIssues, formatPath, parseOrThrow } from "./issues";
export * from "./schema";
