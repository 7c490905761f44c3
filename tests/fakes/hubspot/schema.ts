import { type Incoming, type Json, notFound, type Reply, typeOf } from "./http";
import {
  HubSpotError,
  maxUniquePropertiesPerObject,
  type ObjectType,
  type PropertyDefinition,
  uniqueCapable,
  validation,
} from "./model";
import type { CrmStore } from "./store";

const propertyTypes = new Set(["string", "number", "date", "datetime", "enumeration", "bool"]);
const fieldTypes = new Set([
  "text",
  "textarea",
  "number",
  "select",
  "radio",
  "checkbox",
  "booleancheckbox",
  "date",
  "file",
  "html",
  "phonenumber",
  "calculation_equation",
]);

/** `/crm/v3/properties/{type}[/groups[/{name}]|/{name}]` */
export function properties(store: CrmStore, req: Incoming, [typeName, second, third]: string[]): Reply {
  const type = typeOf(typeName);
  const body = (req.body ?? {}) as Json;
  const defs = store.definitions.get(type) ?? [];
  const groups = store.groups.get(type) ?? [];
  if (second === "groups") {
    if (third === undefined && req.method === "GET") return { status: 200, body: { results: groups } };
    if (third === undefined && req.method === "POST") {
      if (typeof body.name !== "string" || typeof body.label !== "string")
        throw validation("name and label are required");
      if (groups.some((g) => g.name === body.name)) {
        throw new HubSpotError(409, "OBJECT_ALREADY_EXISTS", `Property group named '${body.name}' already exists.`);
      }
      const group = {
        name: body.name,
        label: body.label,
        displayOrder: Number(body.displayOrder ?? -1),
        archived: false,
      };
      groups.push(group);
      return { status: 201, body: group };
    }
    const group = groups.find((g) => g.name === third);
    if (group && req.method === "GET") return { status: 200, body: group };
    throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Unable to find property group ${String(third)}`);
  }
  if (second === undefined && req.method === "GET")
    return { status: 200, body: { results: defs.filter((d) => !d.archived) } };
  if (second === undefined && req.method === "POST") return { status: 201, body: createProperty(store, type, body) };
  const def = store.definition(type, second ?? "");
  if (!def) throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Unable to find property ${String(second)} on ${type}`);
  if (third === undefined && req.method === "GET") return { status: 200, body: def };
  if (third === undefined && req.method === "PATCH") {
    if (body.hasUniqueValue !== undefined && body.hasUniqueValue !== def.hasUniqueValue) {
      throw validation("hasUniqueValue can only be set when a property is created.");
    }
    for (const field of [
      "label",
      "description",
      "groupName",
      "displayOrder",
      "hidden",
      "formField",
      "options",
    ] as const) {
      if (body[field] !== undefined) (def as unknown as Json)[field] = body[field];
    }
    def.updatedAt = store.now();
    return { status: 200, body: def };
  }
  return notFound(req);
}

function createProperty(store: CrmStore, type: ObjectType, body: Json): PropertyDefinition {
  for (const field of ["name", "label", "type", "fieldType", "groupName"]) {
    if (typeof body[field] !== "string" || body[field] === "") throw validation(`${field} is required`);
  }
  const name = String(body.name);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw validation(
      `Property name '${name}' must start with a lowercase letter and hold only lowercase letters, digits and _.`,
    );
  }
  if (!propertyTypes.has(String(body.type))) throw validation(`Unknown property type ${String(body.type)}`);
  if (!fieldTypes.has(String(body.fieldType))) throw validation(`Unknown fieldType ${String(body.fieldType)}`);
  if (!(store.groups.get(type) ?? []).some((g) => g.name === body.groupName)) {
    throw validation(`Property group ${String(body.groupName)} does not exist.`);
  }
  if ((store.definitions.get(type) ?? []).some((d) => d.name === name)) {
    throw new HubSpotError(409, "OBJECT_ALREADY_EXISTS", `Property named '${name}' already exists.`);
  }
  const unique = body.hasUniqueValue === true;
  if (unique && !uniqueCapable.has(type)) throw validation(`${type} properties cannot have unique values.`);
  const uniqueCount = (store.definitions.get(type) ?? []).filter((d) => d.hasUniqueValue && !d.archived).length;
  if (unique && uniqueCount >= maxUniquePropertiesPerObject) {
    throw validation(`An object can have at most ${maxUniquePropertiesPerObject} unique properties.`);
  }
  const now = store.now();
  const options = Array.isArray(body.options) ? (body.options as PropertyDefinition["options"]) : [];
  const def: PropertyDefinition = {
    name,
    label: String(body.label),
    type: String(body.type),
    fieldType: String(body.fieldType),
    groupName: String(body.groupName),
    description: typeof body.description === "string" ? body.description : "",
    options,
    displayOrder: Number(body.displayOrder ?? -1),
    hasUniqueValue: unique,
    hidden: body.hidden === true,
    formField: body.formField === true,
    calculated: false,
    externalOptions: false,
    archived: false,
    createdAt: now,
    updatedAt: now,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
  };
  store.definitions.get(type)?.push(def);
  return def;
}

/** `/crm/v3/pipelines/tickets[/{id}]` */
export function pipelines(store: CrmStore, req: Incoming, [typeName, id, extra]: string[]): Reply {
  if (typeOf(typeName) !== "tickets")
    throw validation(`The fake serves only ticket pipelines, not ${String(typeName)}.`);
  if (req.method !== "GET" || extra !== undefined) return notFound(req);
  if (id === undefined) return { status: 200, body: { results: store.pipelines } };
  const pipeline = store.pipelines.find((p) => p.id === id);
  if (!pipeline) throw new HubSpotError(404, "OBJECT_NOT_FOUND", `Unable to find pipeline ${id}`);
  return { status: 200, body: pipeline };
}
