import type { Interaction } from "../interaction/schema";

/** What every CRM connector writes for an interaction, whatever the CRM calls the field. */

/** The author's handle as the contact's unique value (`platform:handle`): a handle is unique per platform only. */
export const contactHandleOf = (interaction: Interaction) =>
  `${interaction.platform}:${interaction.author.handle ?? interaction.author.id}`;

/**
 * The contact's first and last name from the author's name (else handle, else id): the first word and
 * the rest; a single word is the last name alone, and no name at all `Unknown`.
 */
export function contactNameOf(interaction: Interaction): { first?: string; last: string } {
  const name = interaction.author.name?.trim() || interaction.author.handle || interaction.author.id;
  const [first = "", ...rest] = name.split(/\s+/);
  return rest.length ? { first, last: rest.join(" ") } : { last: first || "Unknown" };
}

/** A case's subject: the message on one line, cut at 80 characters; without text, its platform and kind. */
export const caseSubjectOf = (interaction: Interaction) =>
  interaction.text.replace(/\s+/g, " ").trim().slice(0, 80) || `${interaction.platform} ${interaction.kind}`;
