import {
  CrmFieldSource,
  type CrmTarget,
  caseSubjectOf,
  contactHandleOf,
  contactNameOf,
  crmFieldValue,
  type Interaction,
  overlayMapping,
  type SyncItem,
} from "@scrm/core";
import * as z from "zod";

/** A Salesforce field's API name (`Subject`, `Brand__c`, `ns__Field__c`). */
export const SalesforceFieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "not a Salesforce field API name (letters, digits and _, starting with a letter)");

/** The default fields the connector writes that a workspace can rename (or drop with `null`). */
export const CaseDefaultField = z.enum(["Subject", "Description", "Origin", "Priority", "Status", "ContactId"]);
export type CaseDefaultField = z.infer<typeof CaseDefaultField>;
export const ContactDefaultField = z.enum(["FirstName", "LastName", "Email", "Phone"]);
export type ContactDefaultField = z.infer<typeof ContactDefaultField>;

/**
 * Field mapping (CONTRACT §7), configurable per workspace (`SalesforceConnectorOptions.mappings`, or
 * `CRM_MAPPING_FILE`). Only `caseKeyField` and `handleField` are required; everything else adds to
 * or renames the defaults.
 *
 * @example
 *   {
 *     caseKeyField: "SCRM_Case_Key__c",
 *     handleField: "SCRM_Social_Handle__c",
 *     caseRenames: { Origin: "Social_Channel__c", Priority: null },
 *     caseFields: { Sentiment__c: "sentiment.label", Type: { value: "Social" } },
 *     contactFields: { LeadSource: { value: "Social" } },
 *   }
 */
export const SalesforceMapping = z
  .object({
    /** External-id field of Case holding the case key. */
    caseKeyField: SalesforceFieldName,
    /** External-id field of Contact holding `platform:handle`. */
    handleField: SalesforceFieldName,
    /** Default Case fields written under another name, or not at all (`null`). */
    caseRenames: z.partialRecord(CaseDefaultField, SalesforceFieldName.nullable()).optional(),
    /** Default Contact fields written under another name, or not at all (`null`). */
    contactRenames: z.partialRecord(ContactDefaultField, SalesforceFieldName.nullable()).optional(),
    /**
     * Extra Case fields: Salesforce field → Interaction path (lists joined with `;`, as multi-select
     * picklists take them) or constant; written after the defaults, so they win.
     */
    caseFields: z.record(SalesforceFieldName, CrmFieldSource).optional(),
    /** Extra Contact fields: Salesforce field → Interaction path or constant. */
    contactFields: z.record(SalesforceFieldName, CrmFieldSource).optional(),
  })
  .strict();
export type SalesforceMapping = z.infer<typeof SalesforceMapping>;

/** Settings over a mapping (any of its keys): the document's `mapping` and each workspace's. */
export const SalesforceMappingSettings = SalesforceMapping.partial();
export type SalesforceMappingSettings = z.infer<typeof SalesforceMappingSettings>;

/**
 * The `salesforce` section of the CRM mapping document (`CRM_MAPPING_FILE` / `CRM_MAPPING`): Social
 * Customer Service records, the mapping of every workspace over the default, and per workspace id
 * settings over that.
 */
export const SalesforceSettings = z
  .object({
    social: z.enum(["auto", "on", "off"]).optional(),
    mapping: SalesforceMappingSettings.optional(),
    workspaces: z.record(z.string().min(1), SalesforceMappingSettings).optional(),
  })
  .strict();
export type SalesforceSettings = z.infer<typeof SalesforceSettings>;

export const defaultSalesforceMapping: SalesforceMapping = {
  caseKeyField: "SCRM_Case_Key__c",
  handleField: "SCRM_Social_Handle__c",
};

/**
 * Settings over a mapping: a field name given replaces the base's; renames and extra fields are
 * added to the base's key by key (a workspace adds its own to the org-wide ones, and can still
 * rename or drop a default).
 */
export function resolveMapping(
  base: SalesforceMapping,
  settings: SalesforceMappingSettings | undefined,
): SalesforceMapping {
  return overlayMapping(base, settings, ["caseRenames", "contactRenames", "caseFields", "contactFields"]);
}

const priorities: Record<Interaction["priority"], string> = {
  low: "Low",
  normal: "Medium",
  high: "High",
  urgent: "High",
};

/** The contact's external id: the connector's name for it. */
export { contactHandleOf as handleOf } from "@scrm/core";

/** An email address (an apostrophe may be inside the local part, as in o'brien@…, not at its start). */
const emailPattern = /[\w.+-][\w.+'-]*@[\w-]+(?:\.[\w-]+)+/;
/** A phone number written in a message: optional +, then at least 8 digits with the usual separators. */
const phonePattern = /(?<![\w+])\+?\d[\d ().-]{6,}\d(?!\w)/;

/** An email address and a phone number found in the message, if any. */
export function contactDetails(interaction: Interaction): { email?: string; phone?: string } {
  const email = emailPattern.exec(interaction.text)?.[0];
  const phoneText = phonePattern.exec(interaction.text.replace(emailPattern, " "))?.[0];
  const digits = phoneText?.replace(/\D/g, "") ?? "";
  const phone = digits.length >= 8 && digits.length <= 15 ? phoneText?.trim() : undefined;
  return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/** The spellings of a phone number worth looking up: as written, and digits only (with the + kept). */
export function phoneVariants(phone: string): string[] {
  const compact = `${phone.trim().startsWith("+") ? "+" : ""}${phone.replace(/\D/g, "")}`;
  return [...new Set([phone.trim(), compact])];
}

/** Applies renames to the default fields, then adds the extra fields. */
function mapped(
  interaction: Interaction,
  defaults: Record<string, unknown>,
  renames: Partial<Record<string, string | null>> | undefined,
  extras: Record<string, CrmFieldSource> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(defaults)) {
    const target = renames && name in renames ? renames[name] : name;
    if (target) out[target] = value;
  }
  for (const [name, source] of Object.entries(extras ?? {})) {
    const value = crmFieldValue(interaction, source);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function contactRecord(interaction: Interaction, mapping: SalesforceMapping) {
  const { first, last } = contactNameOf(interaction);
  const { email, phone } = contactDetails(interaction);
  const defaults = {
    ...(first === undefined ? {} : { FirstName: first }),
    LastName: last,
    ...(email ? { Email: email } : {}),
    ...(phone ? { Phone: phone } : {}),
  };
  return {
    attributes: { type: "Contact" },
    [mapping.handleField]: contactHandleOf(interaction),
    ...mapped(interaction, defaults, mapping.contactRenames, mapping.contactFields),
  };
}

/**
 * The relationship name of a lookup field, through which the parent can be given by an external id
 * (`ContactId` → `Contact`, `Customer__c` → `Customer__r`).
 */
export function relationshipOf(field: string): string | undefined {
  if (field.endsWith("__c")) return `${field.slice(0, -3)}__r`;
  if (field.endsWith("Id") && field.length > 2) return field.slice(0, -2);
  return undefined;
}

/**
 * A case per case key; the status only on a new or reopened case, so an agent's status stays. The
 * contact is given by its handle (`"Contact": { SCRM_Social_Handle__c: … }`), so the case can be
 * upserted in the same Composite request as the contacts, without their ids.
 */
export function caseRecord(item: SyncItem, mapping: SalesforceMapping, contactHandle: string | undefined) {
  const { interaction } = item;
  const defaults = {
    Subject: caseSubjectOf(interaction),
    Description: interaction.text.slice(0, 32_000),
    Origin: interaction.platform,
    Priority: priorities[interaction.priority],
    ...(item.caseState === "open" ? {} : { Status: "New" }),
  };
  const renames = mapping.caseRenames;
  const contactField = renames && "ContactId" in renames ? renames.ContactId : "ContactId";
  const relationship = contactField ? relationshipOf(contactField) : undefined;
  return {
    attributes: { type: "Case" },
    [mapping.caseKeyField]: item.caseKey,
    ...(contactHandle && relationship ? { [relationship]: { [mapping.handleField]: contactHandle } } : {}),
    ...mapped(interaction, defaults, renames, mapping.caseFields),
  };
}

/**
 * The Social Customer Service `Provider` picklist value of a platform (SocialPost / SocialPersona,
 * Object Reference); a platform it has no value for is `Other`.
 */
const providers: Record<string, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  messenger: "Messenger",
  whatsapp: "WhatsApp",
  x: "Twitter",
  twitter: "Twitter",
  youtube: "YouTube",
  linkedin: "LinkedIn",
};
export const providerOf = (platform: string) => providers[platform] ?? "Other";

/** A persona is identified by the author's id on the network and the network. */
export const personaKey = (interaction: Interaction) =>
  `${providerOf(interaction.platform)}\u0000${interaction.author.id}`;

/**
 * A SocialPersona, child of its author's Contact — given by the contact's handle (external id), so it
 * can be created in the same Composite request that upserts the contact.
 */
export function personaRecord(interaction: Interaction, mapping: SalesforceMapping) {
  const { author } = interaction;
  return {
    attributes: { type: "SocialPersona" },
    Name: (author.handle ?? author.name ?? author.id).slice(0, 255),
    Provider: providerOf(interaction.platform),
    ExternalId: author.id,
    Parent: { attributes: { type: "Contact" }, [mapping.handleField]: contactHandleOf(interaction) },
    ...(author.name ? { RealName: author.name.slice(0, 255) } : {}),
  };
}

const sentiments = { positive: "Positive", neutral: "Neutral", negative: "Negative" } as const;

/**
 * A SocialPost per interaction, upserted by `ExternalPostId` (the interaction's id on the network); its
 * case given by the case key (`"Parent": { SCRM_Case_Key__c: … }`). `personaId` may be a Composite
 * reference (`@{personas[0].id}`) to a persona created earlier in the same request.
 */
export function postRecord(
  interaction: Interaction,
  caseKey: string,
  mapping: SalesforceMapping,
  personaId: string | undefined,
) {
  const handle = interaction.author.handle ?? interaction.author.name ?? interaction.author.id;
  const text = interaction.text.replace(/\s+/g, " ").trim();
  return {
    attributes: { type: "SocialPost" },
    ExternalPostId: interaction.externalId,
    Name: (text ? `${handle}: ${text}` : `${providerOf(interaction.platform)} ${interaction.kind} by ${handle}`).slice(
      0,
      80,
    ),
    Provider: providerOf(interaction.platform),
    Handle: handle.slice(0, 255),
    Content: interaction.text.slice(0, 32_000),
    IsOutbound: interaction.direction === "outbound",
    ...(interaction.sentiment ? { Sentiment: sentiments[interaction.sentiment.label] } : {}),
    Parent: { [mapping.caseKeyField]: caseKey },
    ...(personaId ? { PersonaId: personaId } : {}),
    Posted: interaction.occurredAt,
  };
}

export const salesforceTarget: CrmTarget = "salesforce";
