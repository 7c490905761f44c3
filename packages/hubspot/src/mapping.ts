import {
  CrmFieldSource,
  caseSubjectOf,
  contactNameOf,
  crmFieldValue,
  type Interaction,
  overlayMapping,
  type SyncItem,
} from "@scrm/core";
import * as z from "zod";

/** A HubSpot property's internal name (`subject`, `scrm_case_key`, `brand`). */
export const HubSpotPropertyName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "not a HubSpot property name (letters, digits and _, starting with a letter)");

/** A pipeline or stage id: HubSpot's ids are numeric text, which YAML may read as a number. */
const HubSpotId = z.union([z.string().min(1), z.number().int().nonnegative().transform(String)], {
  error: "expected an id (text or a whole number)",
});

/**
 * Property names, pipeline and extra properties of the mapping (CONTRACT §7); configurable per
 * workspace (`HubSpotConnectorOptions.mappings`, or `CRM_MAPPING_FILE`).
 *
 * @example
 *   {
 *     caseKeyProperty: "scrm_case_key",
 *     handleProperty: "scrm_social_handle",
 *     interactionIdProperty: "scrm_interaction_id",
 *     pipelineId: "123",
 *     ticketProperties: { scrm_sentiment: "sentiment.label", source_type: { value: "SOCIAL" } },
 *   }
 */
export const HubSpotMapping = z
  .object({
    /** Unique ticket property holding the case key. */
    caseKeyProperty: HubSpotPropertyName,
    /** Unique contact property holding `${platform}:${handle}`. */
    handleProperty: HubSpotPropertyName,
    /** Note property holding the interaction id (notes cannot have unique properties: searched). */
    interactionIdProperty: HubSpotPropertyName,
    /** Ticket pipeline; absent: the default one ("0", else the first). */
    pipelineId: HubSpotId.optional(),
    /** Stage a new or reopened ticket gets; absent: the pipeline's first open stage. */
    stageId: HubSpotId.optional(),
    /**
     * Extra ticket properties: HubSpot property → Interaction path (of the case's earliest message in
     * the batch; lists joined with `;`, as multiple checkboxes take them) or constant. Written after
     * the defaults, so they win.
     */
    ticketProperties: z.record(HubSpotPropertyName, CrmFieldSource).optional(),
    /** Extra contact properties: HubSpot property → Interaction path or constant. */
    contactProperties: z.record(HubSpotPropertyName, CrmFieldSource).optional(),
  })
  .strict();
export type HubSpotMapping = z.infer<typeof HubSpotMapping>;

/** Settings over a mapping (any of its keys): the document's `mapping` and each workspace's. */
export const HubSpotMappingSettings = HubSpotMapping.partial();
export type HubSpotMappingSettings = z.infer<typeof HubSpotMappingSettings>;

/**
 * The `hubspot` section of the CRM mapping document (`CRM_MAPPING_FILE` / `CRM_MAPPING`): the
 * mapping of every workspace over the default, and per workspace id settings over that.
 */
export const HubSpotSettings = z
  .object({
    mapping: HubSpotMappingSettings.optional(),
    workspaces: z.record(z.string().min(1), HubSpotMappingSettings).optional(),
  })
  .strict();
export type HubSpotSettings = z.infer<typeof HubSpotSettings>;

export const defaultHubSpotMapping: HubSpotMapping = {
  caseKeyProperty: "scrm_case_key",
  handleProperty: "scrm_social_handle",
  interactionIdProperty: "scrm_interaction_id",
};

/**
 * Settings over a mapping: a property name or id given replaces the base's; extra properties are
 * added to the base's key by key.
 */
export function resolveHubSpotMapping(
  base: HubSpotMapping,
  settings: HubSpotMappingSettings | undefined,
): HubSpotMapping {
  return overlayMapping(base, settings, ["ticketProperties", "contactProperties"]);
}

/**
 * Extra properties for an interaction. HubSpot takes every value as text: `null` (a constant, or the
 * value read) clears the property (`""`); a path that leads nowhere leaves it out.
 */
function extraProperties(interaction: Interaction, extras: Record<string, CrmFieldSource> | undefined) {
  const out: Record<string, string> = {};
  for (const [name, source] of Object.entries(extras ?? {})) {
    const value = crmFieldValue(interaction, source);
    if (value !== undefined) out[name] = value === null ? "" : String(value);
  }
  return out;
}

const priorities: Record<Interaction["priority"], string> = {
  low: "LOW",
  normal: "MEDIUM",
  high: "HIGH",
  urgent: "HIGH",
};
const rank: Record<Interaction["priority"], number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The contact's unique value: the connector's name for it. */
export { contactHandleOf as handleOf } from "@scrm/core";

export function contactProperties(interaction: Interaction, mapping: HubSpotMapping): Record<string, string> {
  const { first, last } = contactNameOf(interaction);
  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(interaction.text)?.[0];
  return {
    ...(first === undefined ? {} : { firstname: first }),
    lastname: last,
    ...(email ? { email } : {}),
    ...extraProperties(interaction, mapping.contactProperties),
  };
}

/** Where a new or reopened ticket goes. */
export interface TicketStage {
  pipelineId: string;
  stageId: string;
}

/**
 * A ticket per case key from the case's items in the batch (earliest first): the earliest message
 * describes it, the highest priority wins, and the stage is set only on a new or reopened case, so
 * an agent's stage stays.
 */
export function ticketProperties(
  items: SyncItem[],
  stage: TicketStage,
  withStage: boolean,
  mapping: HubSpotMapping,
): Record<string, string> {
  const [first] = items;
  if (!first) throw new Error("a ticket needs at least one item");
  const { interaction } = first;
  const top = items.reduce((a, b) => (rank[b.interaction.priority] > rank[a.interaction.priority] ? b : a));
  return {
    subject: caseSubjectOf(interaction),
    content: interaction.text.slice(0, 65_000),
    hs_ticket_priority: priorities[top.interaction.priority],
    ...(withStage ? { hs_pipeline: stage.pipelineId, hs_pipeline_stage: stage.stageId } : {}),
    ...extraProperties(interaction, mapping.ticketProperties),
  };
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A note per interaction, timestamped when it happened. */
export function noteProperties(interaction: Interaction, mapping: HubSpotMapping): Record<string, string> {
  const who = interaction.author.name ?? interaction.author.handle ?? interaction.author.id;
  const header = `${interaction.direction === "inbound" ? "From" : "To"} ${who} on ${interaction.platform} (${interaction.kind})`;
  return {
    hs_timestamp: String(Date.parse(interaction.occurredAt)),
    hs_note_body: `<p><strong>${escapeHtml(header)}</strong></p><p>${escapeHtml(interaction.text).replace(/\n/g, "<br>")}</p>`,
    [mapping.interactionIdProperty]: interaction.id,
  };
}
