import type { FilterGroup, FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/objects/notes";
import { inputError } from "@scrm/core";

/**
 * Typed, validated filter groups for HubSpot's CRM search (`POST /crm/v3/objects/{type}/search`):
 * groups are ORed, the filters of a group ANDed. Limits from HubSpot's search docs and the
 * 2024-08-26 changelog ("Expanded Filtering Capabilities"): 5 groups, 10 filters per group, 25 in
 * all; IN / NOT_IN take at most 100 values.
 */
export const searchLimits = { groups: 5, filtersPerGroup: 10, filters: 25, values: 100 } as const;

type ValueOperator = "EQ" | "NEQ" | "LT" | "LTE" | "GT" | "GTE" | "CONTAINS_TOKEN" | "NOT_CONTAINS_TOKEN";
type Scalar = string | number | boolean;

export type SearchFilter =
  | { propertyName: string; operator: ValueOperator; value: Scalar }
  | { propertyName: string; operator: "BETWEEN"; value: Scalar; highValue: Scalar }
  | { propertyName: string; operator: "IN" | "NOT_IN"; values: readonly Scalar[] }
  | { propertyName: string; operator: "HAS_PROPERTY" | "NOT_HAS_PROPERTY" };

/** Internal property names: letters, digits, underscores (`hs_object_id`, `scrm_case_key`), or `associations.contact`. */
const propertyNamePattern = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)?$/;

const valueOperators = new Set(["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]);

/**
 * Checks the groups against HubSpot's rules and limits and answers them in the client's shape
 * (values as strings), ready for `searchApi.doSearch({ filterGroups })`. Throws an input error
 * (`hubspot.search_filter`) naming the first problem.
 */
export function searchFilterGroups(groups: ReadonlyArray<readonly SearchFilter[]>): FilterGroup[] {
  const fail = (message: string) => inputError("hubspot.search_filter", message);
  if (groups.length > searchLimits.groups)
    throw fail(`${groups.length} filter groups; HubSpot allows ${searchLimits.groups}`);
  const total = groups.reduce((sum, group) => sum + group.length, 0);
  if (total > searchLimits.filters) throw fail(`${total} filters; HubSpot allows ${searchLimits.filters} in all`);
  return groups.map((group, index) => {
    if (group.length === 0) throw fail(`filter group ${index + 1} is empty`);
    if (group.length > searchLimits.filtersPerGroup)
      throw fail(
        `filter group ${index + 1} has ${group.length} filters; HubSpot allows ${searchLimits.filtersPerGroup}`,
      );
    return { filters: group.map((filter) => toClientFilter(filter, fail)) };
  });
}

/** One group of filters, ANDed (the common case). */
export const searchFilters = (...filters: SearchFilter[]) => searchFilterGroups([filters]);

/** `propertyName IN values`, in as many groups as 100-value chunks need (at most 5: 500 values). */
export function inFilterGroups(propertyName: string, values: readonly Scalar[]): FilterGroup[] {
  const groups: SearchFilter[][] = [];
  for (let start = 0; start < values.length; start += searchLimits.values)
    groups.push([{ propertyName, operator: "IN", values: values.slice(start, start + searchLimits.values) }]);
  return searchFilterGroups(groups);
}

function toClientFilter(filter: SearchFilter, fail: (message: string) => Error) {
  const { propertyName, operator } = filter;
  if (typeof propertyName !== "string" || !propertyNamePattern.test(propertyName))
    throw fail(`not a HubSpot property name: ${JSON.stringify(propertyName)}`);
  const text = (value: unknown, what: string) => {
    if (typeof value === "string") return value;
    if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") return String(value);
    throw fail(`${propertyName} ${operator}: ${what} must be a string, finite number or boolean`);
  };
  const operatorEnum = operator as FilterOperatorEnum;
  if (valueOperators.has(operator) && "value" in filter)
    return { propertyName, operator: operatorEnum, value: text(filter.value, "value") };
  if (operator === "BETWEEN")
    return {
      propertyName,
      operator: operatorEnum,
      value: text(filter.value, "value"),
      highValue: text(filter.highValue, "highValue"),
    };
  if ((operator === "IN" || operator === "NOT_IN") && "values" in filter) {
    if (!Array.isArray(filter.values) || filter.values.length === 0)
      throw fail(`${propertyName} ${operator}: values must be a non-empty list`);
    if (filter.values.length > searchLimits.values)
      throw fail(`${propertyName} ${operator}: ${filter.values.length} values; HubSpot allows ${searchLimits.values}`);
    return { propertyName, operator: operatorEnum, values: filter.values.map((v) => text(v, "each value")) };
  }
  if (operator === "HAS_PROPERTY" || operator === "NOT_HAS_PROPERTY") return { propertyName, operator: operatorEnum };
  throw fail(`${propertyName}: unknown operator or missing value for ${JSON.stringify(operator)}`);
}
