import { ApiError, error, failed, notWritable, rolledBack, type SaveError, type SaveResult } from "./errors";
import type { FieldDef, Schema } from "./schema";
import { compileQuery } from "./soql";
import { isWellFormedId, makeId, sameId, sfDate } from "./values";

/**
 * The org's data and its DML rules: what a create, update or upsert does to the stored records
 * and which SaveResult / UpsertResult it answers. Messages and status codes follow the platform's
 * (SOAP API StatusCode table, REST API examples) where they are documented or well known.
 */

export type SfRecord = Record<string, unknown>;
export type { SaveError, SaveResult } from "./errors";
export { ApiError } from "./errors";

export type WriteOp =
  | { kind: "create"; type: string; fields: SfRecord }
  | { kind: "update"; type: string; fields: SfRecord }
  | { kind: "upsert"; type: string; externalIdField: string; fields: SfRecord };

/** Consulted before each record is written; a returned error fails that record. */
export type WriteHook = (op: WriteOp) => SaveError | undefined;

const textTypes = new Set(["string", "textarea", "picklist", "email", "phone"]);

export class Org {
  private tables = new Map<string, SfRecord[]>();
  private serial = 0;
  private caseNumber = 1000;
  private lastTime = 0;
  beforeWrite: WriteHook = () => undefined;

  constructor(readonly schema: Schema) {}

  records(type: string): SfRecord[] {
    return structuredClone(this.table(type));
  }

  clear(): void {
    this.tables.clear();
  }

  /** Seeds a record as it would exist in the org: system fields may be given, nothing is validated. */
  seed(type: string, fields: SfRecord): SfRecord {
    const object = this.schema.object(type);
    if (!object) throw new Error(`the fake org has no ${type} object`);
    const given: SfRecord = {};
    for (const [key, value] of Object.entries(fields)) {
      const def = this.schema.field(object.name, key);
      if (!def) throw new Error(`the fake org has no field ${object.name}.${key}`);
      given[def.name] = def.type === "datetime" && typeof value === "string" ? sfDate(Date.parse(value)) : value;
    }
    const record = this.fresh(object.name, given);
    this.table(object.name).push(record);
    return structuredClone(record);
  }

  remove(type: string, id: string): boolean {
    const table = this.table(type);
    const index = table.findIndex((r) => sameId(r.Id, id));
    if (index >= 0) table.splice(index, 1);
    return index >= 0;
  }

  get(type: string, id: string): SfRecord | undefined {
    return this.table(type).find((r) => sameId(r.Id, id));
  }

  findBy(type: string, field: FieldDef, value: unknown): SfRecord[] {
    const key = String(value).toLowerCase();
    return this.table(type).filter((r) => r[field.name] != null && String(r[field.name]).toLowerCase() === key);
  }

  /** Reads a JSON record body the way the API's deserializer does: unknown fields or wrong JSON types fail the call. */
  deserialize(type: string, body: unknown): SfRecord {
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new ApiError(
        400,
        "JSON_PARSER_ERROR",
        `Cannot deserialize instance of ${type} from ${JSON.stringify(body)}`,
      );
    const out: SfRecord = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === "attributes") continue;
      const def = this.schema.field(type, key);
      if (!def) {
        const ref = this.relationship(type, key, value);
        if (!ref) throw new ApiError(400, "INVALID_FIELD", `No such column '${key}' on sobject of type ${type}`, [key]);
        out[ref.field.name] = ref.value;
        continue;
      }
      out[def.name] = coerce(def, value);
    }
    return out;
  }

  /**
   * A lookup given through its relationship by the parent's external id (REST API: "Insert or
   * update records using a foreign key / external ID"): `"Contact": { "Handle__c": "x" }` for
   * ContactId, `"Account__r": {…}` for Account__c; `attributes.type` names the parent's type. The
   * parent is found when the record is written (unknown: that record fails with INVALID_FIELD).
   */
  private relationship(type: string, key: string, value: unknown): { field: FieldDef; value: ExternalRef } | undefined {
    const lower = key.toLowerCase();
    const field = this.schema
      .object(type)
      ?.fields.find(
        (f) =>
          f.type === "reference" &&
          ((f.name.endsWith("__c") && `${f.name.slice(0, -3)}__r`.toLowerCase() === lower) ||
            (f.name.endsWith("Id") && f.name.slice(0, -2).toLowerCase() === lower)),
      );
    if (!field) return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new ApiError(
        400,
        "JSON_PARSER_ERROR",
        `Cannot deserialize instance of ${key} from ${JSON.stringify(value)}`,
      );
    const { attributes, ...rest } = value as { attributes?: { type?: unknown } } & SfRecord;
    const named = typeof attributes?.type === "string" ? attributes.type : field.referenceTo[0];
    const parent = named ? this.schema.object(named) : undefined;
    if (!parent || !field.referenceTo.includes(parent.name))
      throw new ApiError(400, "INVALID_TYPE", `Invalid type ${String(named)} for relationship ${key}`, [key]);
    const entries = Object.entries(rest);
    const [only] = entries;
    if (entries.length !== 1 || !only)
      throw new ApiError(400, "INVALID_FIELD", `A reference through ${key} takes exactly one external id field`, [key]);
    const externalId = this.schema.field(parent.name, only[0]);
    if (!externalId?.externalId)
      throw new ApiError(400, "INVALID_FIELD", `Field ${only[0]} on ${parent.name} is not an external id field`, [key]);
    return { field, value: new ExternalRef(parent.name, externalId, only[1]) };
  }

  /** Parents given by external id, to their Ids; a missing or ambiguous one is the record's error. */
  private resolve(op: WriteOp): SaveError | undefined {
    for (const [name, value] of Object.entries(op.fields)) {
      if (!(value instanceof ExternalRef)) continue;
      const matches = this.findBy(value.type, value.field, value.value);
      if (matches.length === 0)
        return error(
          "INVALID_FIELD",
          `Foreign key external ID: ${String(value.value)} not found for field ${value.field.name} in entity ${value.type}`,
          [name],
        );
      if (matches.length > 1)
        return error(
          "INVALID_FIELD",
          `More than 1 record found for external id field: ${value.field.name} in entity ${value.type}`,
          [name],
        );
      op.fields[name] = matches[0]?.Id;
    }
    return undefined;
  }

  /** A copy of every table, to roll back to (Composite `allOrNone`). */
  snapshot(): unknown {
    return structuredClone(this.tables);
  }

  restore(snapshot: unknown): void {
    this.tables = snapshot as Map<string, SfRecord[]>;
  }

  /** One write, applied at once if it succeeds. */
  apply(op: WriteOp): SaveResult {
    const unresolved = this.resolve(op);
    if (unresolved) return failed(unresolved);
    const hooked = this.beforeWrite(op);
    if (hooked) return failed(hooked);
    if (op.kind === "create") return this.create(op.type, op.fields);
    if (op.kind === "update") return this.update(op.type, op.fields);
    return this.upsert(op.type, op.externalIdField, op.fields);
  }

  /** A collections call: in order; with allOrNone one failure undoes the lot and marks the rest rolled back. */
  batch(ops: WriteOp[], allOrNone: boolean): SaveResult[] {
    const duplicates = duplicateExternalIds(ops);
    const before = allOrNone ? structuredClone(this.tables) : undefined;
    const results = ops.map((op, i) => {
      const duplicate = duplicates.get(i);
      return duplicate ? failed(duplicate) : this.apply(op);
    });
    if (!before || results.every((r) => r.success)) return results;
    this.tables = before;
    return results.map((r) => (r.success ? failed(rolledBack) : r));
  }

  query(soql: string, version: string) {
    const query = compileQuery(soql, this.schema);
    const rows = this.table(query.object.name)
      .filter((r) => query.matches(r))
      .sort((a, b) => query.compare(a, b))
      .slice(query.offset, query.limit === undefined ? undefined : query.offset + query.limit);
    return {
      totalSize: rows.length,
      done: true,
      records: rows.map((r) => ({
        attributes: {
          type: query.object.name,
          url: `/services/data/v${version}/sobjects/${query.object.name}/${r.Id}`,
        },
        ...Object.fromEntries(query.fields.map((f) => [f.name, r[f.name] ?? null])),
      })),
    };
  }

  private table(type: string): SfRecord[] {
    const name = this.schema.object(type)?.name ?? type;
    let table = this.tables.get(name);
    if (!table) {
      table = [];
      this.tables.set(name, table);
    }
    return table;
  }

  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return sfDate(this.lastTime);
  }

  private create(type: string, fields: SfRecord): SaveResult {
    if ("Id" in fields)
      return failed(error("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", ["Id"]));
    const readOnly = this.fieldsOf(type, fields).filter((f) => !f.createable);
    if (readOnly.length > 0) return failed(notWritable(readOnly));
    const record = this.fresh(type, fields);
    const problem = this.validate(type, record, Object.keys(fields), true);
    if (problem) return failed(problem);
    this.table(type).push(record);
    return { id: record.Id as string, success: true, errors: [] };
  }

  private update(type: string, fields: SfRecord): SaveResult {
    const { Id: id, ...changes } = fields;
    if (id == null) return failed(error("MISSING_ARGUMENT", "Id not specified in an update call"));
    const label = this.schema.field(type, "Id")?.label ?? "Id";
    if (!isWellFormedId(id))
      return failed(error("MALFORMED_ID", `${label}: id value of incorrect type: ${id}`, ["Id"]));
    const table = this.table(type);
    const index = table.findIndex((r) => sameId(r.Id, id));
    const existing = table[index];
    if (!existing) return failed(error("ENTITY_IS_DELETED", "entity is deleted"));
    const readOnly = this.fieldsOf(type, changes).filter((f) => !f.updateable);
    if (readOnly.length > 0) return failed(notWritable(readOnly));
    const record = { ...existing, ...changes };
    const problem = this.validate(type, record, Object.keys(changes), false);
    if (problem) return failed(problem);
    this.derive(type, record, existing);
    record.LastModifiedDate = record.SystemModstamp = this.now();
    table[index] = record;
    return { id: existing.Id as string, success: true, errors: [] };
  }

  private upsert(type: string, externalIdField: string, fields: SfRecord): SaveResult {
    const value = fields[externalIdField];
    if ("Id" in fields)
      return failed(
        error(
          "INVALID_FIELD",
          `Cannot specify both an external ID reference ${externalIdField} and a salesforce id, Id`,
          ["Id"],
        ),
      );
    if (value == null || value === "")
      return failed(error("MISSING_ARGUMENT", `${externalIdField} not specified`, [externalIdField]));
    const def = this.schema.field(type, externalIdField) as FieldDef;
    const matches = this.findBy(type, def, value);
    if (matches.length > 1)
      return failed(error("DUPLICATE_EXTERNAL_ID", `Duplicate external id specified: ${value}`, [externalIdField]));
    const match = matches[0];
    if (!match) return { ...this.create(type, fields), created: true };
    const { [def.name]: _same, ...changes } = fields;
    const result = this.update(type, { ...changes, Id: match.Id });
    return result.success ? { ...result, created: false } : result;
  }

  private fieldsOf(type: string, fields: SfRecord): FieldDef[] {
    return Object.keys(fields).flatMap((name) => this.schema.field(type, name) ?? []);
  }

  /** A new record with every field present: given values, then defaults, then what the platform derives. */
  private fresh(type: string, given: SfRecord): SfRecord {
    const object = this.schema.object(type);
    if (!object) throw new Error(`no ${type}`);
    const now = this.now();
    const record: SfRecord = {};
    for (const f of object.fields) record[f.name] = f.defaultValue;
    Object.assign(record, { Id: makeId(object.keyPrefix, ++this.serial), CreatedDate: now }, given);
    record.LastModifiedDate = record.SystemModstamp = given.LastModifiedDate ?? record.CreatedDate;
    if ("CaseNumber" in record && record.CaseNumber == null)
      record.CaseNumber = String(++this.caseNumber).padStart(8, "0");
    this.derive(object.name, record, undefined);
    return record;
  }

  private derive(type: string, record: SfRecord, before: SfRecord | undefined): void {
    if (type === "Case") {
      record.IsClosed = record.Status === "Closed";
      if (!record.IsClosed) record.ClosedDate = null;
      else if (!before?.IsClosed) record.ClosedDate ??= this.now();
    }
    if (type === "Contact") record.Name = [record.FirstName, record.LastName].filter(Boolean).join(" ");
  }

  private validate(type: string, record: SfRecord, changed: string[], creating: boolean): SaveError | undefined {
    const object = this.schema.object(type);
    if (!object) return error("INVALID_TYPE", `sObject type '${type}' is not supported.`);
    const missing = object.fields.filter(
      (f) =>
        !f.nillable &&
        f.createable &&
        !f.defaultedOnCreate &&
        (record[f.name] == null || record[f.name] === "") &&
        (creating || changed.includes(f.name)),
    );
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      return error("REQUIRED_FIELD_MISSING", `Required fields are missing: [${names.join(", ")}]`, names);
    }
    for (const name of changed) {
      const def = this.schema.field(type, name);
      const value = record[name];
      if (!def || value == null) continue;
      const problem = this.checkValue(type, def, value, record.Id);
      if (problem) return problem;
    }
    return undefined;
  }

  private checkValue(type: string, def: FieldDef, value: unknown, selfId: unknown): SaveError | undefined {
    const text = String(value);
    if (textTypes.has(def.type) && text.length > def.length)
      return error("STRING_TOO_LONG", `${def.label}: data value too large: ${text} (max length=${def.length})`, [
        def.name,
      ]);
    if (def.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text))
      return error("INVALID_EMAIL_ADDRESS", `${def.label}: invalid email address: ${text}`, [def.name]);
    if (def.restrictedPicklist && !def.picklist.includes(text))
      return error(
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        `${def.label}: bad value for restricted picklist field: ${text}`,
        [def.name],
      );
    if (def.type === "reference") {
      if (!isWellFormedId(text))
        return error("MALFORMED_ID", `${def.label}: id value of incorrect type: ${text}`, [def.name]);
      const target = this.schema.objectForId(text);
      if (!target || !def.referenceTo.includes(target.name))
        return error("FIELD_INTEGRITY_EXCEPTION", `${def.label}: id value of incorrect type: ${text}`, [def.name]);
      if (!this.get(target.name, text))
        return error("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [def.name]);
    }
    if (def.unique) {
      const other = this.findBy(type, def, value).find((r) => !sameId(r.Id, selfId));
      if (other)
        return error(
          "DUPLICATE_VALUE",
          `duplicate value found: ${def.name} duplicates value on record with id: ${other.Id}`,
        );
    }
    return undefined;
  }
}

/** A parent given by its external id, found when the record is written. */
export class ExternalRef {
  constructor(
    readonly type: string,
    readonly field: FieldDef,
    readonly value: unknown,
  ) {}
}

/** Upserts in one call that share an external id value all fail (the platform cannot order them). */
function duplicateExternalIds(ops: WriteOp[]): Map<number, SaveError> {
  const seen = new Map<string, number[]>();
  ops.forEach((op, i) => {
    if (op.kind !== "upsert") return;
    const value = op.fields[op.externalIdField];
    if (value == null || value === "") return;
    const key = String(value).toLowerCase();
    seen.set(key, [...(seen.get(key) ?? []), i]);
  });
  const out = new Map<number, SaveError>();
  for (const indexes of seen.values()) {
    if (indexes.length < 2) continue;
    for (const i of indexes) {
      const op = ops[i] as Extract<WriteOp, { kind: "upsert" }>;
      const value = String(op.fields[op.externalIdField]);
      out.set(i, error("DUPLICATE_VALUE", `Duplicate external id specified: ${value}`, [op.externalIdField]));
    }
  }
  return out;
}

/** JSON to field value, as the deserializer would take it; wrong JSON types fail the whole request. */
function coerce(def: FieldDef, value: unknown): unknown {
  if (value === null) return null;
  const reject = () =>
    new ApiError(
      400,
      "JSON_PARSER_ERROR",
      `Cannot deserialize instance of ${def.type === "datetime" ? "datetime" : def.type} from ${typeof value === "string" ? "VALUE_STRING" : typeof value} value ${JSON.stringify(value)} or request may be missing a required field`,
      [def.name],
    );
  if (def.type === "boolean") {
    if (typeof value !== "boolean") throw reject();
    return value;
  }
  if (def.type === "datetime") {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw reject();
    return sfDate(Date.parse(value));
  }
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") throw reject();
  return value;
}
