import { describeObject, objectSummary } from "./describe";
import { ApiError, type Org, type SaveResult, type SfRecord, type WriteOp } from "./org";
import type { FieldDef, ObjectDef } from "./schema";
import { SoqlError } from "./soql";
import { isWellFormedId } from "./values";

/**
 * The REST resources under `/services/data/vXX.X/` that the fake serves (REST API Developer
 * Guide): sObject Basic Information / Describe / Rows / Rows by External ID, Describe Global,
 * Query, Limits, and sObject Collections create, update and upsert.
 */

export interface Answer {
  status: number;
  body?: unknown;
}

export interface ApiContext {
  org: Org;
  version: string;
  identityUrl: string;
  limits(): unknown;
}

export const errorBody = (errorCode: string, message: string, fields?: string[]) => [
  fields ? { message, errorCode, fields } : { message, errorCode },
];
const notFound = (): Answer => ({ status: 404, body: errorBody("NOT_FOUND", "The requested resource does not exist") });
const noSuchExternalId = (name: string): Answer => ({
  status: 404,
  body: errorBody("NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${name}`),
});
const methodNotAllowed = (method: string, allowed: string): Answer => ({
  status: 405,
  body: errorBody("METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${allowed}`),
});
const saveFailure = (result: SaveResult): Answer => ({
  status: 400,
  body: result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
});

/** Collections take up to 200 records ("Create Records Using sObject Collections"). */
const maxCollection = 200;

export function route(method: string, path: string[], query: URLSearchParams, body: unknown, ctx: ApiContext): Answer {
  try {
    return dispatch(method, path, query, body, ctx);
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, body: errorBody(e.errorCode, e.message, e.fields) };
    if (e instanceof SoqlError) return { status: 400, body: errorBody(e.errorCode, e.message) };
    throw e;
  }
}

function dispatch(method: string, path: string[], query: URLSearchParams, body: unknown, ctx: ApiContext): Answer {
  const { org, version } = ctx;
  const major = Number.parseFloat(version);
  const [head, second, third, fourth, ...more] = path;
  if (head === undefined) return method === "GET" ? { status: 200, body: resources(ctx) } : notFound();
  if (head === "limits" && path.length === 1) return { status: 200, body: ctx.limits() };
  if ((head === "query" || head === "queryAll") && path.length === 1) {
    if (method !== "GET") return methodNotAllowed(method, "GET,HEAD");
    const soql = query.get("q");
    if (!soql) return { status: 400, body: errorBody("MALFORMED_QUERY", "SOQL statement cannot be empty or null") };
    return { status: 200, body: org.query(soql, version) };
  }
  if (head === "sobjects") {
    if (second === undefined) {
      return {
        status: 200,
        body: {
          encoding: "UTF-8",
          maxBatchSize: 200,
          sobjects: org.schema.all().map((o) => objectSummary(o, version)),
        },
      };
    }
    const object = org.schema.object(second);
    if (!object || more.length > 0) return notFound();
    if (third === undefined) return basicInformation(method, object, body, ctx);
    if (third === "describe" && fourth === undefined)
      return method === "GET"
        ? { status: 200, body: describeObject(object, version) }
        : methodNotAllowed(method, "GET,HEAD");
    if (fourth === undefined) return sobjectRow(method, object, third, query, body, ctx);
    return byExternalId(method, object, third, fourth, query, body, ctx);
  }
  if (head === "composite" && second === "sobjects" && major >= 42) {
    if (third === undefined) {
      if (method === "POST") return collection(body, ctx, (type, fields) => ({ kind: "create", type, fields }));
      if (method === "PATCH") return collection(body, ctx, (type, fields) => ({ kind: "update", type, fields }));
      return methodNotAllowed(method, "PATCH,POST");
    }
    if (fourth !== undefined && more.length === 0 && major >= 46) {
      if (method !== "PATCH") return methodNotAllowed(method, "PATCH");
      const object = org.schema.object(third);
      if (!object) return notFound();
      const field = externalIdField(object, fourth, ctx);
      if (!field) return noSuchExternalId(fourth);
      return collection(body, ctx, (type, fields) => {
        if (type !== object.name)
          throw new ApiError(
            400,
            "INVALID_TYPE",
            `Upsert of ${type} records is not allowed in a call for ${object.name}`,
          );
        return { kind: "upsert", type, externalIdField: field.name, fields };
      });
    }
  }
  return notFound();
}

function resources(ctx: ApiContext) {
  const base = `/services/data/v${ctx.version}`;
  const names = ["sobjects", "query", "queryAll", "limits", "composite", "search", "recent"];
  return { identity: ctx.identityUrl, ...Object.fromEntries(names.map((name) => [name, `${base}/${name}`])) };
}

function basicInformation(method: string, object: ObjectDef, body: unknown, ctx: ApiContext): Answer {
  if (method === "GET")
    return { status: 200, body: { objectDescribe: objectSummary(object, ctx.version), recentItems: [] } };
  if (method !== "POST") return methodNotAllowed(method, "GET,HEAD,POST");
  const result = ctx.org.apply({ kind: "create", type: object.name, fields: ctx.org.deserialize(object.name, body) });
  return result.success ? { status: 201, body: result } : saveFailure(result);
}

function sobjectRow(
  method: string,
  object: ObjectDef,
  id: string,
  query: URLSearchParams,
  body: unknown,
  ctx: ApiContext,
): Answer {
  const { org } = ctx;
  if (!isWellFormedId(id)) return method === "GET" || method === "PATCH" ? noSuchExternalId(id) : notFound();
  const record = org.get(object.name, id);
  if (method === "GET") return record ? { status: 200, body: present(object, record, query, ctx) } : notFound();
  if (method === "PATCH") {
    if (!record) return notFound();
    const fields = org.deserialize(object.name, body);
    const result = org.apply({ kind: "update", type: object.name, fields: { ...fields, Id: record.Id } });
    return result.success ? { status: 204 } : saveFailure(result);
  }
  if (method === "DELETE") return record && org.remove(object.name, id) ? { status: 204 } : notFound();
  return methodNotAllowed(method, "GET,HEAD,PATCH,DELETE");
}

function byExternalId(
  method: string,
  object: ObjectDef,
  fieldName: string,
  value: string,
  query: URLSearchParams,
  body: unknown,
  ctx: ApiContext,
): Answer {
  const { org, version } = ctx;
  const field = externalIdField(object, fieldName, ctx);
  if (!field) return noSuchExternalId(fieldName);
  const matches = org.findBy(object.name, field, value);
  if (matches.length > 1)
    return { status: 300, body: matches.map((r) => `/services/data/v${version}/sobjects/${object.name}/${r.Id}`) };
  if (method === "GET") {
    const match = matches[0];
    return match ? { status: 200, body: present(object, match, query, ctx) } : notFound();
  }
  if (method !== "PATCH") return methodNotAllowed(method, "GET,HEAD,PATCH,DELETE");
  const fields = org.deserialize(object.name, body);
  const named = Object.keys(fields).filter((k) => k === "Id" || k === field.name);
  if (named.length > 0)
    return {
      status: 400,
      body: errorBody(
        "INVALID_FIELD",
        `Do not specify ${named.join(" or ")} in the request body of an upsert: ${field.name} in the URL identifies the record`,
        named,
      ),
    };
  if (matches.length === 0 && query.get("updateOnly") === "true") return notFound();
  const result = org.apply({
    kind: "upsert",
    type: object.name,
    externalIdField: field.name,
    fields: { ...fields, [field.name]: value },
  });
  if (!result.success) return saveFailure(result);
  const major = Number.parseFloat(version);
  if (major < 46)
    return result.created ? { status: 201, body: { id: result.id, success: true, errors: [] } } : { status: 204 };
  return { status: result.created ? 201 : 200, body: result };
}

function externalIdField(object: ObjectDef, name: string, ctx: ApiContext): FieldDef | undefined {
  const def = ctx.org.schema.field(object.name, name);
  return def?.externalId ? def : undefined;
}

function present(object: ObjectDef, record: SfRecord, query: URLSearchParams, ctx: ApiContext) {
  const wanted = query.get("fields")?.split(",").filter(Boolean);
  const fields = wanted
    ? wanted.map((name) => {
        const def = ctx.org.schema.field(object.name, name);
        if (!def) throw new ApiError(400, "INVALID_FIELD", `No such column '${name}' on entity '${object.name}'`);
        return def.name;
      })
    : object.fields.map((f) => f.name);
  return {
    attributes: { type: object.name, url: `/services/data/v${ctx.version}/sobjects/${object.name}/${record.Id}` },
    ...Object.fromEntries(fields.map((name) => [name, record[name] ?? null])),
  };
}

/** `{ allOrNone, records: [{ attributes: { type }, ... }] }` to one SaveResult / UpsertResult per record. */
function collection(body: unknown, ctx: ApiContext, toOp: (type: string, fields: SfRecord) => WriteOp): Answer {
  const request = (body ?? {}) as { allOrNone?: unknown; records?: unknown };
  if (!Array.isArray(request.records))
    return { status: 400, body: errorBody("JSON_PARSER_ERROR", "The request body must have a records array") };
  if (request.records.length > maxCollection)
    return {
      status: 400,
      body: errorBody("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call"),
    };
  const ops = request.records.map((raw: unknown) => {
    const type = (raw as { attributes?: { type?: unknown } } | null)?.attributes?.type;
    if (typeof type !== "string")
      throw new ApiError(400, "INVALID_TYPE", "Each record in a collection needs an attributes map with a type");
    const object = ctx.org.schema.object(type);
    if (!object) throw new ApiError(400, "INVALID_TYPE", `sObject type '${type}' is not supported.`);
    return toOp(object.name, ctx.org.deserialize(object.name, raw));
  });
  return { status: 200, body: ctx.org.batch(ops, request.allOrNone === true) };
}
