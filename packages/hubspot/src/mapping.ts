import type { Interaction, SyncItem } from "@scrm/core";

/** Property names and pipeline of the default mapping (CONTRACT §7); a workspace can change them. */
export interface HubSpotMapping {
  /** Unique ticket property holding the case key. */
  caseKeyProperty: string;
  /** Unique contact property holding `${platform}:${handle}`. */
  handleProperty: string;
  /** Note property holding the interaction id (notes cannot have unique properties: searched). */
  interactionIdProperty: string;
  /** Ticket pipeline; absent: the default one ("0", else the first). */
  pipelineId?: string;
  /** Stage a new or reopened ticket gets; absent: the pipeline's first open stage. */
  stageId?: string;
}

export const defaultHubSpotMapping: HubSpotMapping = {
  caseKeyProperty: "scrm_case_key",
  handleProperty: "scrm_social_handle",
  interactionIdProperty: "scrm_interaction_id",
};

const priorities: Record<Interaction["priority"], string> = {
  low: "LOW",
  normal: "MEDIUM",
  high: "HIGH",
  urgent: "HIGH",
};
const rank: Record<Interaction["priority"], number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** The author's handle as the contact's unique value: unique per platform. */
export const handleOf = (interaction: Interaction) =>
  `${interaction.platform}:${interaction.author.handle ?? interaction.author.id}`;

export function contactProperties(interaction: Interaction): Record<string, string> {
  const name = interaction.author.name?.trim() || interaction.author.handle || interaction.author.id;
  const [first, ...rest] = name.split(/\s+/);
  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(interaction.text)?.[0];
  return {
    ...(rest.length ? { firstname: first ?? "", lastname: rest.join(" ") } : { lastname: first || "Unknown" }),
    ...(email ? { email } : {}),
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
export function ticketProperties(items: SyncItem[], stage: TicketStage, withStage: boolean): Record<string, string> {
  const [first] = items;
  if (!first) throw new Error("a ticket needs at least one item");
  const { interaction } = first;
  const subject =
    interaction.text.replace(/\s+/g, " ").trim().slice(0, 80) || `${interaction.platform} ${interaction.kind}`;
  const top = items.reduce((a, b) => (rank[b.interaction.priority] > rank[a.interaction.priority] ? b : a));
  return {
    subject,
    content: interaction.text.slice(0, 65_000),
    hs_ticket_priority: priorities[top.interaction.priority],
    ...(withStage ? { hs_pipeline: stage.pipelineId, hs_pipeline_stage: stage.stageId } : {}),
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
