import { type Answer, type ApiContext, errorBody, route } from "./api";

/**
 * The Composite resource (`POST /services/data/vXX.X/composite`, REST API Developer Guide "Send
 * Multiple Requests Using Composite"): up to 25 subrequests, in order, each answered with
 * `{ body, httpHeaders, httpStatusCode, referenceId }`; at most 5 of them sObject Collections or
 * queries. A later subrequest's url or body may use `@{referenceId.path}` (`@{refAccount.id}`,
 * `@{refList[0].id}`, `@{refQuery.records[0].Id}`); a reference to a failed subrequest or to a value
 * that is not there is not carried out (PROCESSING_HALTED). `allOrNone: true` rolls everything back
 * when a subrequest fails. The whole request is one API call (the caller counts it).
 */

export const maxSubrequests = 25;
const maxCollectionsOrQueries = 5;

interface Subrequest {
  method?: unknown;
  url?: unknown;
  referenceId?: unknown;
  body?: unknown;
}

interface Subresponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const halted = (message: string) => errorBody("PROCESSING_HALTED", message);

export function composite(body: unknown, ctx: ApiContext): Answer {
  const request = (body ?? {}) as { allOrNone?: unknown; compositeRequest?: unknown };
  const subrequests = request.compositeRequest;
  if (!Array.isArray(subrequests) || subrequests.length === 0)
    return { status: 400, body: errorBody("JSON_PARSER_ERROR", "The request body must have a compositeRequest array") };
  if (subrequests.length > maxSubrequests)
    return {
      status: 400,
      body: errorBody("LIMIT_EXCEEDED", `Composite request can only have up to ${maxSubrequests} subrequests`),
    };
  const prefix = `/services/data/v${ctx.version}/`;
  const heavy = (subrequests as Subrequest[]).filter((sub) => {
    const url = typeof sub.url === "string" ? sub.url : "";
    return /^\/services\/data\/v\d+\.\d\/(composite\/sobjects|query|queryAll)(\/|\?|$)/.test(url);
  }).length;
  if (heavy > maxCollectionsOrQueries)
    return {
      status: 400,
      body: errorBody(
        "LIMIT_EXCEEDED",
        `A composite request can have up to ${maxCollectionsOrQueries} sObject Collections or query subrequests`,
      ),
    };
  const referenceIds = new Set<string>();
  for (const sub of subrequests as Subrequest[]) {
    if (typeof sub?.referenceId !== "string" || !/^[A-Za-z0-9_]+$/.test(sub.referenceId))
      return {
        status: 400,
        body: errorBody("INVALID_INPUT", "Each subrequest needs a referenceId of letters, digits or _"),
      };
    if (referenceIds.has(sub.referenceId))
      return { status: 400, body: errorBody("INVALID_INPUT", `Duplicate referenceId: ${sub.referenceId}`) };
    referenceIds.add(sub.referenceId);
  }

  const allOrNone = request.allOrNone === true;
  const before = allOrNone ? ctx.org.snapshot() : undefined;
  const done = new Map<string, Subresponse>();
  const answers: Subresponse[] = [];
  let failedAt = -1;
  const rolledBack = "The transaction was rolled back since another operation in the same transaction failed.";
  const step = (sub: Subrequest): Answer => {
    if (allOrNone && failedAt >= 0) return { status: 400, body: halted(rolledBack) };
    const method = typeof sub.method === "string" ? sub.method.toUpperCase() : "";
    if (typeof sub.url !== "string" || !sub.url.startsWith(prefix))
      return { status: 400, body: errorBody("INVALID_INPUT", `The url of a subrequest must start with ${prefix}`) };
    try {
      const url = new URL(resolveText(sub.url, done), "http://composite");
      const subBody = sub.body === undefined ? undefined : resolveValue(sub.body, done);
      const segments = url.pathname
        .slice(prefix.length)
        .split("/")
        .filter(Boolean)
        .map((segment) => decodeURIComponent(segment));
      if (segments[0] === "composite" && segments[1] !== "sobjects")
        return {
          status: 400,
          body: errorBody("INVALID_INPUT", "Composite resources other than sObject Collections can't be nested"),
        };
      return route(method, segments, url.searchParams, subBody, ctx);
    } catch (error) {
      if (error instanceof UnresolvedReference) return { status: 400, body: halted(error.message) };
      throw error;
    }
  };
  (subrequests as Subrequest[]).forEach((sub, index) => {
    const referenceId = sub.referenceId as string;
    const { status, body } = step(sub);
    const response = { body: body ?? null, httpHeaders: {}, httpStatusCode: status, referenceId };
    done.set(referenceId, response);
    answers.push(response);
    if (status >= 400 && failedAt < 0) failedAt = index;
  });
  if (before !== undefined && failedAt >= 0) {
    ctx.org.restore(before);
    answers.forEach((response, index) => {
      if (index !== failedAt && response.httpStatusCode < 400) {
        response.httpStatusCode = 400;
        response.body = halted(rolledBack);
      }
    });
  }
  return { status: 200, body: { compositeResponse: answers } };
}

class UnresolvedReference extends Error {}

const referencePattern = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

function lookup(expression: string, referenceId: string, path: string, done: Map<string, Subresponse>): unknown {
  const response = done.get(referenceId);
  if (!response || response.httpStatusCode >= 400)
    throw new UnresolvedReference(
      `Invalid reference specified. No value for ${expression} found in ${referenceId}. Provided referenceId ('${referenceId}') must be a previously executed successful subrequest.`,
    );
  let value: unknown = response.body;
  for (const [, key, index] of path.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== "object") {
      value = undefined;
      break;
    }
    value = (value as Record<string, unknown>)[key ?? (index as string)];
  }
  if (value === undefined || value === null)
    throw new UnresolvedReference(`Invalid reference specified. No value for ${expression} found in ${referenceId}.`);
  return value;
}

function resolveText(text: string, done: Map<string, Subresponse>): string {
  return text.replace(referencePattern, (expression, referenceId: string, path: string) =>
    String(lookup(expression, referenceId, path, done)),
  );
}

/** A string that is one reference takes the referenced value; references inside longer text become text. */
function resolveValue(value: unknown, done: Map<string, Subresponse>): unknown {
  if (typeof value === "string") {
    const whole = /^@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}$/.exec(value);
    if (whole) return lookup(value, whole[1] as string, whole[2] ?? "", done);
    return resolveText(value, done);
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, done));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveValue(item, done)]));
  return value;
}
