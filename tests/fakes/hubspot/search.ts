import { type ObjectType, type StoredObject, validation } from "./model";
import type { CrmStore } from "./store";

export interface SearchFilter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  values?: unknown[];
  highValue?: unknown;
}

export interface SearchRequest {
  filterGroups?: Array<{ filters?: SearchFilter[] }>;
  sorts?: Array<string | { propertyName?: string; direction?: string }>;
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
}

const maxLimit = 200;
const maxResults = 10_000;
const maxGroups = 5;
const maxFilters = 25;

/**
 * `POST /crm/v3/objects/{type}/search` over the store: filter groups are ORed, filters inside a
 * group ANDed; `after` is an offset; HubSpot's documented caps (200 per page, 10,000 results,
 * 5 groups, 25 filters) answer 400. Unlike HubSpot, new records are searchable at once.
 */
export function search(store: CrmStore, type: ObjectType, request: SearchRequest) {
  const limit = request.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 0 || limit > maxLimit) {
    throw validation(`limit must be between 0 and ${maxLimit}, was ${String(limit)}`);
  }
  const offset = Number(request.after ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw validation(`Invalid 'after' value: ${String(request.after)}`);
  if (offset + limit > maxResults) throw validation(`Paging past ${maxResults} results is not supported.`);
  const groups = request.filterGroups ?? [];
  if (groups.length > maxGroups)
    throw validation(`Too many filter groups (${groups.length}); the limit is ${maxGroups}.`);
  const filterCount = groups.reduce((sum, group) => sum + (group.filters?.length ?? 0), 0);
  if (filterCount > maxFilters) throw validation(`Too many filters (${filterCount}); the limit is ${maxFilters}.`);
  for (const filter of groups.flatMap((group) => group.filters ?? [])) {
    if (!filter.propertyName || !store.definition(type, filter.propertyName)) {
      throw validation(`There was a problem with the request: unknown property ${String(filter.propertyName)}`);
    }
  }

  let matched = store
    .live(type)
    .filter(
      (record) => groups.length === 0 || groups.some((group) => (group.filters ?? []).every((f) => test(record, f))),
    );
  if (request.query) matched = matched.filter((record) => matchesQuery(record, String(request.query)));
  matched.sort(comparator(request.sorts ?? []));
  const page = matched.slice(offset, offset + limit);
  const next = offset + limit < matched.length ? offset + limit : undefined;
  return {
    total: matched.length,
    results: page,
    ...(next === undefined ? {} : { paging: { next: { after: String(next), link: "" } } }),
  };
}

function test(record: StoredObject, filter: SearchFilter): boolean {
  const stored = record.properties[filter.propertyName ?? ""];
  const has = stored !== undefined && stored !== "";
  const value = filter.value === undefined ? "" : String(filter.value);
  switch (filter.operator) {
    case "EQ":
      return has && equal(stored, value);
    case "NEQ":
      return !has || !equal(stored, value);
    case "LT":
      return has && compare(stored, value) < 0;
    case "LTE":
      return has && compare(stored, value) <= 0;
    case "GT":
      return has && compare(stored, value) > 0;
    case "GTE":
      return has && compare(stored, value) >= 0;
    case "BETWEEN":
      return has && compare(stored, value) >= 0 && compare(stored, String(filter.highValue ?? "")) <= 0;
    case "IN":
      return has && (filter.values ?? []).some((v) => equal(stored, String(v)));
    case "NOT_IN":
      return !has || !(filter.values ?? []).some((v) => equal(stored, String(v)));
    case "HAS_PROPERTY":
      return has;
    case "NOT_HAS_PROPERTY":
      return !has;
    case "CONTAINS_TOKEN":
      return has && containsToken(stored, value);
    case "NOT_CONTAINS_TOKEN":
      return !has || !containsToken(stored, value);
    default:
      throw validation(`Unknown filter operator: ${String(filter.operator)}`);
  }
}

function equal(stored: string, value: string): boolean {
  if (isNumber(stored) && isNumber(value)) return Number(stored) === Number(value);
  return stored.toLowerCase() === value.toLowerCase();
}

function compare(stored: string, value: string): number {
  const a = asNumber(stored);
  const b = asNumber(value);
  if (a !== undefined && b !== undefined) return a - b;
  return stored.localeCompare(value);
}

const isNumber = (text: string) => text.trim() !== "" && Number.isFinite(Number(text));

/** Numbers, and dates (ISO or epoch milliseconds) as milliseconds. */
function asNumber(text: string): number | undefined {
  if (isNumber(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

const tokens = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);

/** Token match: every token of the value is a token of the stored text; `*` is a wildcard. */
function containsToken(stored: string, value: string): boolean {
  if (value.includes("*")) {
    const pattern = new RegExp(`^${value.toLowerCase().split("*").map(escapeRegExp).join(".*")}$`, "u");
    return pattern.test(stored.toLowerCase()) || tokens(stored).some((token) => pattern.test(token));
  }
  const have = new Set(tokens(stored));
  return tokens(value).every((token) => have.has(token));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `query`: each word is a prefix of a word in some property value. */
function matchesQuery(record: StoredObject, query: string): boolean {
  const words = Object.values(record.properties).flatMap(tokens);
  return tokens(query).every((q) => words.some((word) => word.startsWith(q)));
}

function comparator(sorts: NonNullable<SearchRequest["sorts"]>) {
  const keys = sorts.map((sort) => {
    if (typeof sort === "string") {
      return sort.startsWith("-") ? { name: sort.slice(1), dir: -1 } : { name: sort, dir: 1 };
    }
    return { name: sort.propertyName ?? "hs_object_id", dir: sort.direction === "DESCENDING" ? -1 : 1 };
  });
  return (a: StoredObject, b: StoredObject) => {
    for (const { name, dir } of keys) {
      const x = a.properties[name];
      const y = b.properties[name];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return dir * compare(x, y);
    }
    return Number(a.id) - Number(b.id);
  };
}
