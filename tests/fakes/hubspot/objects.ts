import { asRecord, batchReply, type Incoming, type Json, notFound, type Reply, typeOf } from "./http";
import {
  alwaysProperties,
  defaultProperties,
  HubSpotError,
  type ObjectType,
  type StoredObject,
  singularName,
  validation,
} from "./model";
import { type SearchRequest, search } from "./search";
import type { CrmStore, InlineAssociation } from "./store";

const maxBatch = 100;

/** `/crm/v3/objects/{type}[/search|/batch/{op}|/{id}]` */
export function objects(store: CrmStore, req: Incoming, [typeName, second, third]: string[]): Reply {
  const type = typeOf(typeName);
  const body = (req.body ?? {}) as Json;
  if (second === undefined) {
    if (req.method === "POST") {
      const record = store.create(type, asRecord(body.properties));
      try {
        store.associateInline(type, record.id, body.associations as InlineAssociation[] | undefined);
      } catch (error) {
        store.rollback(type, [record]);
        throw error;
      }
      return { status: 201, body: present(record) };
    }
    if (req.method === "GET") return list(store, type, req.query);
  }
  if (second === "search" && third === undefined && req.method === "POST") {
    const found = search(store, type, body as SearchRequest);
    const names = (body as SearchRequest).properties;
    return { status: 200, body: { ...found, results: found.results.map((r) => present(r, type, names ?? [])) } };
  }
  if (second === "batch" && third !== undefined && req.method === "POST") return batch(store, type, third, body);
  if (second !== undefined && third === undefined) {
    const idProperty = req.query.get("idProperty") ?? undefined;
    const record = store.find(type, second, idProperty);
    if (!record) {
      throw new HubSpotError(404, "OBJECT_NOT_FOUND", "Object not found.", { context: { id: [second] } });
    }
    if (req.method === "GET") return { status: 200, body: present(record, type, listParam(req.query, "properties")) };
    if (req.method === "PATCH") {
      const meta = { operation: "update" as const, id: second, ...(idProperty ? { idProperty } : {}) };
      return { status: 200, body: present(store.update(type, record, asRecord(body.properties), meta)) };
    }
    if (req.method === "DELETE") {
      store.archive(type, record);
      return { status: 204 };
    }
  }
  return notFound(req);
}

function list(store: CrmStore, type: ObjectType, query: URLSearchParams): Reply {
  const limit = Math.min(Number(query.get("limit") ?? 10), 100);
  const offset = Number(query.get("after") ?? 0);
  const all = store.live(type);
  const page = all.slice(offset, offset + limit);
  const next = offset + limit < all.length ? { paging: { next: { after: String(offset + limit), link: "" } } } : {};
  return { status: 200, body: { results: page.map((r) => present(r, type, listParam(query, "properties"))), ...next } };
}

function batch(store: CrmStore, type: ObjectType, operation: string, body: Json): Reply {
  const startedAt = store.now();
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw validation("Invalid input JSON: inputs is required");
  if (inputs.length > maxBatch) {
    throw validation(`Batch input limit exceeded: ${inputs.length} inputs sent, the maximum is ${maxBatch}.`, {
      context: { limit: [String(maxBatch)] },
    });
  }
  const typed = inputs as Json[];
  const results: unknown[] = [];
  const errors: unknown[] = [];
  let okStatus = 200;

  if (operation === "create") {
    okStatus = 201;
    // Multi-status for batch create only when every input has an objectWriteTraceId (error-handling page).
    const traced = typed.length > 0 && typed.every((input) => typeof input.objectWriteTraceId === "string");
    const created: StoredObject[] = [];
    for (const input of typed) {
      const trace = typeof input.objectWriteTraceId === "string" ? input.objectWriteTraceId : undefined;
      try {
        const record = store.create(type, asRecord(input.properties), {
          operation: "create",
          ...(trace ? { objectWriteTraceId: trace } : {}),
        });
        try {
          store.associateInline(type, record.id, input.associations as InlineAssociation[] | undefined);
        } catch (error) {
          store.rollback(type, [record]);
          throw error;
        }
        created.push(record);
        results.push({ ...present(record), ...(trace ? { objectWriteTraceId: trace } : {}) });
      } catch (error) {
        if (!(error instanceof HubSpotError) || !traced) {
          store.rollback(type, created);
          throw error;
        }
        errors.push(error.batchEntry({ objectWriteTraceId: [trace ?? ""] }));
      }
    }
  } else if (operation === "read") {
    const idProperty = typeof body.idProperty === "string" ? body.idProperty : undefined;
    const ids = typed.map((input) => String(input.id ?? ""));
    rejectDuplicates(ids);
    const names = Array.isArray(body.properties) ? (body.properties as string[]) : [];
    const missing: string[] = [];
    for (const id of ids) {
      const record = store.find(type, id, idProperty);
      if (record) results.push(present(record, type, names));
      else missing.push(id);
    }
    if (missing.length > 0) {
      errors.push({
        status: "error",
        category: "OBJECT_NOT_FOUND",
        message: `Could not get some ${singularName(type).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
        errors: [],
        links: {},
      });
    }
  } else if (operation === "update") {
    rejectDuplicates(typed.map((input) => String(input.id ?? "")));
    for (const input of typed) {
      const id = String(input.id ?? "");
      const idProperty = typeof input.idProperty === "string" ? input.idProperty : undefined;
      try {
        const record = store.find(type, id, idProperty);
        if (!record) throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Object not found. ID: ${id}`);
        const meta = { operation: "update" as const, id, ...(idProperty ? { idProperty } : {}), ...trace(input) };
        results.push(present(store.update(type, record, asRecord(input.properties), meta)));
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        errors.push(error.batchEntry({ ids: [id] }));
      }
    }
  } else if (operation === "upsert") {
    const idProperty = typed[0]?.idProperty;
    for (const input of typed) {
      if (typeof input.idProperty !== "string" || input.idProperty !== idProperty) {
        throw validation("Every upsert input needs the same idProperty.");
      }
      if (!store.isIdProperty(type, input.idProperty)) {
        throw validation(
          `Property ${input.idProperty} is not a unique identifier property for ${singularName(type)} objects; upsert needs a property with hasUniqueValue.`,
        );
      }
    }
    rejectDuplicates(typed.map((input) => String(input.id ?? "")));
    for (const input of typed) {
      const id = String(input.id ?? "");
      const name = String(input.idProperty);
      try {
        const existing = store.find(type, id, name);
        const meta = { operation: "upsert" as const, id, idProperty: name, ...trace(input) };
        const record = existing
          ? store.update(type, existing, asRecord(input.properties), meta)
          : store.create(type, { ...asRecord(input.properties), [name]: id }, meta);
        results.push({ ...present(record), new: !existing, ...trace(input) });
      } catch (error) {
        if (!(error instanceof HubSpotError)) throw error;
        errors.push(error.batchEntry({ ids: [id] }));
      }
    }
  } else if (operation === "archive") {
    for (const input of typed) {
      const record = store.find(type, String(input.id ?? ""));
      if (record) store.archive(type, record);
    }
    return { status: 204 };
  } else {
    throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Unknown batch operation ${operation}`);
  }
  return batchReply(startedAt, store.now(), results, errors, okStatus);
}

function rejectDuplicates(ids: string[]): void {
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length > 0)
    throw validation(`Duplicate IDs found in batch input: [${[...new Set(dupes)].join(", ")}]. IDs must be unique`);
}

function trace(input: Json): { objectWriteTraceId?: string } {
  return typeof input.objectWriteTraceId === "string" ? { objectWriteTraceId: input.objectWriteTraceId } : {};
}

/**
 * An object as HubSpot answers it. Writes answer every stored property; reads answer the defaults,
 * or the asked-for properties plus the always-present ones, with `null` for unset ones.
 */
function present(record: StoredObject, type?: ObjectType, names?: string[]) {
  let props: Record<string, string | null> = { ...record.properties };
  if (type) {
    const wanted = names && names.length > 0 ? [...alwaysProperties[type], ...names] : defaultProperties[type];
    props = Object.fromEntries(wanted.map((name) => [name, record.properties[name] ?? null]));
  }
  return {
    id: record.id,
    properties: props,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: false,
  };
}

/** Query lists arrive repeated (`properties=a&properties=b`, the client's form) or comma-separated. */
function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(","))
    .filter(Boolean);
}
