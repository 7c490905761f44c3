import type { CrmTarget, Interaction, SyncItem } from "@scrm/core";

/** Field names of the default mapping (CONTRACT §7); a workspace can rename them. */
export interface SalesforceMapping {
  caseKeyField: string;
  handleField: string;
}

export const defaultSalesforceMapping: SalesforceMapping = {
  caseKeyField: "SCRM_Case_Key__c",
  handleField: "SCRM_Social_Handle__c",
};

const priorities: Record<Interaction["priority"], string> = {
  low: "Low",
  normal: "Medium",
  high: "High",
  urgent: "High",
};

/** The author's handle as the contact's external id: unique per platform. */
export const handleOf = (interaction: Interaction) =>
  `${interaction.platform}:${interaction.author.handle ?? interaction.author.id}`;

export function contactRecord(interaction: Interaction, mapping: SalesforceMapping) {
  const name = interaction.author.name?.trim() || interaction.author.handle || interaction.author.id;
  const [first, ...rest] = name.split(/\s+/);
  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(interaction.text)?.[0];
  return {
    attributes: { type: "Contact" },
    [mapping.handleField]: handleOf(interaction),
    ...(rest.length ? { FirstName: first, LastName: rest.join(" ") } : { LastName: first || "Unknown" }),
    ...(email ? { Email: email } : {}),
  };
}

/** A case per case key; the status only on a new or reopened case, so an agent's status stays. */
export function caseRecord(item: SyncItem, mapping: SalesforceMapping, contactId: string | undefined) {
  const { interaction } = item;
  const subject =
    interaction.text.replace(/\s+/g, " ").trim().slice(0, 80) || `${interaction.platform} ${interaction.kind}`;
  return {
    attributes: { type: "Case" },
    [mapping.caseKeyField]: item.caseKey,
    Subject: subject,
    Description: interaction.text.slice(0, 32_000),
    Origin: interaction.platform,
    Priority: priorities[interaction.priority],
    ...(item.caseState === "open" ? {} : { Status: "New" }),
    ...(contactId ? { ContactId: contactId } : {}),
  };
}

export const salesforceTarget: CrmTarget = "salesforce";
