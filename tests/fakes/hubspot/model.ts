import { randomUUID } from "node:crypto";

/** The CRM object types the fake serves. */
export type ObjectType = "contacts" | "companies" | "tickets" | "notes";

export const objectTypes: readonly ObjectType[] = ["contacts", "companies", "tickets", "notes"];

/** HubSpot's object type ids, used in v4 association answers (`fromObjectTypeId`). */
export const objectTypeIds: Record<ObjectType, string> = {
  contacts: "0-1",
  companies: "0-2",
  tickets: "0-5",
  notes: "0-46",
};

const singular: Record<ObjectType, string> = {
  contacts: "contact",
  companies: "company",
  tickets: "ticket",
  notes: "note",
};

/** Accepts the forms HubSpot accepts in paths: `contacts`, `contact`, `0-1` (any case). */
export function resolveObjectType(name: string): ObjectType | undefined {
  const lower = name.toLowerCase();
  return objectTypes.find((type) => type === lower || singular[type] === lower || objectTypeIds[type] === lower);
}

export function singularName(type: ObjectType): string {
  return singular[type];
}

/** An object as stored by the fake (the shape HubSpot answers, with every property it holds). */
export interface StoredObject {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** A property definition, shaped like `GET /crm/v3/properties/{type}` results. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean; description?: string }>;
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined?: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/**
 * Properties answered when the caller names none: the defaults HubSpot's search guide lists per
 * object ("For contacts, a search will return createdate, email, firstname, hs_object_id,
 * lastmodifieddate, and lastname").
 */
export const defaultProperties: Record<ObjectType, readonly string[]> = {
  contacts: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
  companies: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
  tickets: [
    "content",
    "createdate",
    "hs_lastmodifieddate",
    "hs_object_id",
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_ticket_category",
    "hs_ticket_priority",
    "subject",
  ],
  notes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

/** Properties always answered alongside the ones asked for. */
export const alwaysProperties: Record<ObjectType, readonly string[]> = {
  contacts: ["createdate", "hs_object_id", "lastmodifieddate"],
  companies: ["createdate", "hs_lastmodifieddate", "hs_object_id"],
  tickets: ["createdate", "hs_lastmodifieddate", "hs_object_id"],
  notes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

/** Properties the API computes; writing them is a validation error. */
export const readOnlyProperties = new Set(["hs_object_id", "hs_lastmodifieddate", "lastmodifieddate", "hs_createdate"]);

/**
 * Required on create: notes need `hs_timestamp` (notes guide: "hs_timestamp: Required"); tickets
 * need a status, `hs_pipeline_stage` (tickets guide).
 */
export const requiredOnCreate: Record<ObjectType, readonly string[]> = {
  contacts: [],
  companies: [],
  tickets: ["hs_pipeline_stage"],
  notes: ["hs_timestamp"],
};

/** Object types that may hold properties with `hasUniqueValue` (changelog "Unique Properties support for newly created Contact properties"). */
export const uniqueCapable = new Set<ObjectType>(["contacts", "companies", "tickets"]);
export const maxUniquePropertiesPerObject = 10;

/** The property group of each object's built-in properties. The notes group name is the fake's own. */
export const defaultGroups: Record<ObjectType, PropertyGroup> = {
  contacts: { name: "contactinformation", label: "Contact information", displayOrder: -1, archived: false },
  companies: { name: "companyinformation", label: "Company information", displayOrder: -1, archived: false },
  tickets: { name: "ticketinformation", label: "Ticket information", displayOrder: -1, archived: false },
  notes: { name: "noteinformation", label: "Note information", displayOrder: -1, archived: false },
};

type Builtin = [name: string, type: string, fieldType: string, label: string];

const builtins: Record<ObjectType, Builtin[]> = {
  contacts: [
    ["email", "string", "text", "Email"],
    ["firstname", "string", "text", "First Name"],
    ["lastname", "string", "text", "Last Name"],
    ["phone", "string", "phonenumber", "Phone Number"],
    ["company", "string", "text", "Company Name"],
    ["website", "string", "text", "Website URL"],
    ["twitterhandle", "string", "text", "Twitter Username"],
    ["lifecyclestage", "enumeration", "radio", "Lifecycle Stage"],
    ["hubspot_owner_id", "enumeration", "select", "Contact owner"],
  ],
  companies: [
    ["name", "string", "text", "Company name"],
    ["domain", "string", "text", "Company Domain Name"],
    ["phone", "string", "phonenumber", "Phone Number"],
    ["website", "string", "text", "Website URL"],
    ["hubspot_owner_id", "enumeration", "select", "Company owner"],
  ],
  tickets: [
    ["subject", "string", "text", "Ticket name"],
    ["content", "string", "textarea", "Ticket description"],
    ["hs_pipeline", "enumeration", "select", "Pipeline"],
    ["hs_pipeline_stage", "enumeration", "select", "Ticket status"],
    ["hs_ticket_priority", "enumeration", "select", "Priority"],
    ["hs_ticket_category", "enumeration", "checkbox", "Category"],
    ["source_type", "enumeration", "select", "Source"],
    ["hubspot_owner_id", "enumeration", "select", "Ticket owner"],
  ],
  notes: [
    ["hs_note_body", "string", "html", "Note body"],
    ["hs_timestamp", "datetime", "date", "Activity date"],
    ["hs_attachment_ids", "enumeration", "checkbox", "Attachment IDs"],
    ["hubspot_owner_id", "enumeration", "select", "Activity assigned to"],
  ],
};

const computed: Record<ObjectType, Builtin[]> = {
  contacts: [
    ["hs_object_id", "number", "number", "Record ID"],
    ["createdate", "datetime", "date", "Create Date"],
    ["lastmodifieddate", "datetime", "date", "Last Modified Date"],
    ["hs_lastmodifieddate", "datetime", "date", "Object last modified date/time"],
  ],
  companies: [
    ["hs_object_id", "number", "number", "Record ID"],
    ["createdate", "datetime", "date", "Create Date"],
    ["hs_lastmodifieddate", "datetime", "date", "Last Modified Date"],
  ],
  tickets: [
    ["hs_object_id", "number", "number", "Record ID"],
    ["createdate", "datetime", "date", "Create date"],
    ["hs_lastmodifieddate", "datetime", "date", "Last modified date"],
  ],
  notes: [
    ["hs_object_id", "number", "number", "Record ID"],
    ["hs_createdate", "datetime", "date", "Create date"],
    ["createdate", "datetime", "date", "Create date"],
    ["hs_lastmodifieddate", "datetime", "date", "Last modified date"],
  ],
};

export function builtinProperties(type: ObjectType, now: string): PropertyDefinition[] {
  const group = defaultGroups[type].name;
  const define = ([name, propType, fieldType, label]: Builtin, index: number): PropertyDefinition => ({
    name,
    label,
    type: propType,
    fieldType,
    groupName: group,
    description: "",
    options: [],
    displayOrder: index,
    hasUniqueValue: false,
    hidden: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    archived: false,
    createdAt: now,
    updatedAt: now,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: readOnlyProperties.has(name) },
  });
  return [...builtins[type], ...computed[type]].map(define);
}

/** One HubSpot-defined association type, in one direction. */
export interface AssociationTypeDef {
  from: ObjectType;
  to: ObjectType;
  typeId: number;
  inverse: number;
  label: string | null;
  isDefault: boolean;
}

/** Type ids as in the client's `AssociationTypes` enum (contactToTicket = 15, noteToContact = 202, ...). */
const forward: AssociationTypeDef[] = [
  { from: "contacts", to: "companies", typeId: 279, inverse: 280, label: null, isDefault: true },
  { from: "contacts", to: "companies", typeId: 1, inverse: 2, label: "Primary", isDefault: false },
  { from: "contacts", to: "tickets", typeId: 15, inverse: 16, label: null, isDefault: true },
  { from: "contacts", to: "notes", typeId: 201, inverse: 202, label: null, isDefault: true },
  { from: "companies", to: "tickets", typeId: 340, inverse: 339, label: null, isDefault: true },
  { from: "companies", to: "tickets", typeId: 25, inverse: 26, label: "Primary", isDefault: false },
  { from: "companies", to: "notes", typeId: 189, inverse: 190, label: null, isDefault: true },
  { from: "tickets", to: "notes", typeId: 227, inverse: 228, label: null, isDefault: true },
];

export const associationTypes: readonly AssociationTypeDef[] = [
  ...forward,
  ...forward.map((def) => ({ ...def, from: def.to, to: def.from, typeId: def.inverse, inverse: def.typeId })),
];

export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationTypeDef | undefined {
  return associationTypes.find((def) => def.from === from && def.to === to && def.isDefault);
}

/** What HubSpot answers for an error, as a value the handlers throw and the server turns into a reply. */
export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The body HubSpot sends for a failed request (error-handling page: status, message, correlationId, category, errors). */
  body(): Record<string, unknown> {
    return {
      status: "error",
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...this.extra,
    };
  }

  /** The entry in a batch answer's `errors` (the `StandardError` shape). */
  batchEntry(context: Record<string, string[]>): Record<string, unknown> {
    const { errors = [], context: ownContext = {} } = this.extra as {
      errors?: unknown[];
      context?: Record<string, string[]>;
    };
    return {
      status: "error",
      category: this.category,
      message: this.message,
      context: { ...ownContext, ...context },
      errors,
      links: {},
    };
  }
}

export const validation = (message: string, extra?: Record<string, unknown>) =>
  new HubSpotError(400, "VALIDATION_ERROR", message, extra);

/** A write that fails property validation, worded like HubSpot's "Property values were not valid" answers. */
export function invalidProperty(name: string, error: string, message: string): HubSpotError {
  const detail = [{ isValid: false, message, error, name, localizedErrorMessage: message }];
  return validation(`Property values were not valid: ${JSON.stringify(detail)}`, {
    errors: [{ message, code: error, context: { propertyName: [name] } }],
  });
}
