/**
 * The objects and fields the Salesforce fake knows, shaped like the DescribeSObjectResult of the
 * REST API (`GET /sobjects/{SObject}/describe`) and the global describe (`GET /sobjects`).
 * Field types, lengths and properties follow the Object Reference where it documents them
 * (e.g. SocialPost.Content is a 32,000-character textarea that cannot be filtered).
 */

export type FieldType =
  | "id"
  | "string"
  | "textarea"
  | "picklist"
  | "boolean"
  | "datetime"
  | "reference"
  | "email"
  | "phone";

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  filterable: boolean;
  externalId: boolean;
  unique: boolean;
  /** Filled in by the platform when a create leaves it out (booleans, picklist defaults, system fields). */
  defaultedOnCreate: boolean;
  defaultValue: string | boolean | null;
  picklist: string[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  autoNumber: boolean;
  custom: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

/** The fields every object carries and the platform maintains. */
const systemFields = (label: string): FieldDef[] => [
  field("Id", `${label} ID`, "id", { length: 18, createable: false, updateable: false, nillable: false }),
  field("CreatedDate", "Created Date", "datetime", { createable: false, updateable: false, nillable: false }),
  field("LastModifiedDate", "Last Modified Date", "datetime", {
    createable: false,
    updateable: false,
    nillable: false,
  }),
  field("SystemModstamp", "System Modstamp", "datetime", { createable: false, updateable: false, nillable: false }),
];

function field(name: string, label: string, type: FieldType, overrides: Partial<FieldDef> = {}): FieldDef {
  const base: FieldDef = {
    name,
    label,
    type,
    length: type === "textarea" ? 32000 : type === "id" || type === "reference" ? 18 : type === "boolean" ? 0 : 255,
    createable: true,
    updateable: true,
    nillable: true,
    filterable: type !== "textarea",
    externalId: false,
    unique: false,
    defaultedOnCreate: false,
    defaultValue: null,
    picklist: [],
    restrictedPicklist: false,
    referenceTo: [],
    autoNumber: false,
    custom: name.endsWith("__c"),
  };
  const merged = { ...base, ...overrides };
  if (type === "boolean") return { ...merged, nillable: false, defaultedOnCreate: true, defaultValue: false };
  if (merged.defaultValue !== null) return { ...merged, defaultedOnCreate: true };
  return merged;
}

const externalKey = (name: string, label: string): FieldDef =>
  field(name, label, "string", { externalId: true, unique: true });

const allObjects: ObjectDef[] = [
  {
    name: "Case",
    label: "Case",
    labelPlural: "Cases",
    keyPrefix: "500",
    fields: [
      ...systemFields("Case"),
      field("CaseNumber", "Case Number", "string", {
        length: 30,
        createable: false,
        updateable: false,
        nillable: false,
        autoNumber: true,
        defaultedOnCreate: true,
      }),
      field("Subject", "Subject", "string"),
      field("Description", "Description", "textarea"),
      field("Origin", "Case Origin", "picklist", { length: 40, picklist: ["Phone", "Email", "Web"] }),
      field("Priority", "Priority", "picklist", {
        length: 40,
        picklist: ["High", "Medium", "Low"],
        defaultValue: "Medium",
      }),
      field("Status", "Status", "picklist", {
        length: 40,
        picklist: ["New", "Working", "Escalated", "Closed"],
        restrictedPicklist: true,
        defaultValue: "New",
      }),
      field("IsClosed", "Closed", "boolean", { createable: false, updateable: false }),
      field("ClosedDate", "Closed Date", "datetime", { createable: false, updateable: false }),
      field("ContactId", "Contact ID", "reference", { referenceTo: ["Contact"] }),
      externalKey("SCRM_Case_Key__c", "SCRM Case Key"),
    ],
  },
  {
    name: "Contact",
    label: "Contact",
    labelPlural: "Contacts",
    keyPrefix: "003",
    fields: [
      ...systemFields("Contact"),
      field("FirstName", "First Name", "string", { length: 40 }),
      field("LastName", "Last Name", "string", { length: 80, nillable: false }),
      field("Name", "Full Name", "string", { length: 121, createable: false, updateable: false, nillable: false }),
      field("Email", "Email", "email", { length: 80 }),
      field("Phone", "Business Phone", "phone", { length: 40 }),
      externalKey("SCRM_Social_Handle__c", "SCRM Social Handle"),
    ],
  },
  {
    name: "SocialPersona",
    label: "Social Persona",
    labelPlural: "Social Personas",
    keyPrefix: "0SP",
    fields: [
      ...systemFields("Social Persona"),
      field("Name", "Social Handle", "string", { nillable: false }),
      field("Provider", "Social Network", "picklist", {
        nillable: false,
        restrictedPicklist: true,
        picklist: providers(),
      }),
      field("ExternalId", "External ID", "string"),
      field("ParentId", "Parent ID", "reference", { nillable: false, referenceTo: ["Contact"] }),
      field("RealName", "Real Name", "string"),
    ],
  },
  {
    name: "SocialPost",
    label: "Social Post",
    labelPlural: "Social Posts",
    keyPrefix: "0ST",
    fields: [
      ...systemFields("Social Post"),
      field("Name", "Title", "string", { nillable: false }),
      field("ExternalPostId", "External Post Id", "string", { externalId: true }),
      field("Provider", "Social Network", "picklist", { restrictedPicklist: true, picklist: providers() }),
      field("Handle", "Social Handle", "string"),
      field("Content", "Message", "textarea"),
      field("IsOutbound", "Is Outbound", "boolean"),
      field("Sentiment", "Sentiment", "picklist", { length: 40, picklist: ["Positive", "Neutral", "Negative"] }),
      field("ParentId", "Parent ID", "reference", { referenceTo: ["Case"] }),
      field("PersonaId", "Persona ID", "reference", { referenceTo: ["SocialPersona"] }),
      field("Posted", "Posted Date", "datetime"),
    ],
  },
  {
    name: "CaseComment",
    label: "Case Comment",
    labelPlural: "Case Comments",
    keyPrefix: "00a",
    fields: [
      ...systemFields("Case Comment"),
      field("ParentId", "Parent ID", "reference", { nillable: false, updateable: false, referenceTo: ["Case"] }),
      field("CommentBody", "Body", "textarea", { length: 4000 }),
      field("IsPublished", "Published", "boolean"),
    ],
  },
];

function providers(): string[] {
  return ["Facebook", "Instagram", "LinkedIn", "Messenger", "Other", "Twitter", "WhatsApp", "YouTube"];
}

export const socialObjects = ["SocialPersona", "SocialPost"] as const;
export type SObjectName = "Case" | "Contact" | "SocialPersona" | "SocialPost" | "CaseComment";

export interface SchemaOptions {
  /** The org has no Social Customer Service: SocialPersona and SocialPost do not exist. */
  withoutSocial?: boolean;
  /** Objects the org lacks altogether. */
  missingObjects?: string[];
  /** Fields the org lacks, by object (e.g. our custom fields before the package is installed). */
  missingFields?: Partial<Record<string, string[]>>;
  /** Further custom fields an admin added, by object: Text(255) unless a type is given (`Brand__c`). */
  customFields?: Partial<Record<string, Array<string | { name: string; type: FieldType }>>>;
}

/** An org's schema: objects by name, looked up case-insensitively as Salesforce does. */
export class Schema {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly fieldIndex = new Map<string, Map<string, FieldDef>>();

  constructor(options: SchemaOptions = {}) {
    const dropped = new Set([...(options.missingObjects ?? []), ...(options.withoutSocial ? socialObjects : [])]);
    for (const def of allObjects) {
      if (dropped.has(def.name)) continue;
      const missing = new Set(options.missingFields?.[def.name] ?? []);
      const fields = def.fields.filter(
        (f) => !missing.has(f.name) && !(f.referenceTo.length > 0 && f.referenceTo.every((to) => dropped.has(to))),
      );
      for (const custom of options.customFields?.[def.name] ?? []) {
        const { name, type } = typeof custom === "string" ? { name: custom, type: "string" as const } : custom;
        fields.push(field(name, name.replace(/__c$/, "").replace(/_/g, " "), type));
      }
      const kept = { ...def, fields };
      this.objects.set(def.name.toLowerCase(), kept);
      this.fieldIndex.set(def.name.toLowerCase(), new Map(fields.map((f) => [f.name.toLowerCase(), f])));
    }
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(object: string, name: string): FieldDef | undefined {
    return this.fieldIndex.get(object.toLowerCase())?.get(name.toLowerCase());
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  /** The object whose key prefix starts this id. */
  objectForId(id: string): ObjectDef | undefined {
    return this.all().find((def) => id.startsWith(def.keyPrefix));
  }
}
