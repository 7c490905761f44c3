import { Client } from "@hubspot/api-client";
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties";
import { isClientError } from "./errors";
import { defaultHubSpotMapping, type HubSpotMapping } from "./mapping";

/** The property group the custom properties go in. */
export const scrmPropertyGroup = "scrm";

export interface HubSpotSetupOptions {
  accessToken: string;
  basePath?: string;
  mapping?: HubSpotMapping;
}

/**
 * Creates the custom properties the connector needs when they are missing: the unique
 * `scrm_social_handle` on contacts and `scrm_case_key` on tickets, and `scrm_interaction_id` on
 * notes (notes cannot hold unique values), in a `scrm` group. Idempotent; answers what it created
 * as `objectType.property`.
 */
export async function ensureHubSpotProperties(target: Client | HubSpotSetupOptions): Promise<string[]> {
  const client =
    target instanceof Client
      ? target
      : new Client({
          accessToken: target.accessToken,
          ...(target.basePath ? { basePath: target.basePath } : {}),
          numberOfApiCallRetries: 2,
        });
  const mapping = (target instanceof Client ? undefined : target.mapping) ?? defaultHubSpotMapping;
  const wanted = [
    { objectType: "contacts", name: mapping.handleProperty, label: "Social handle", unique: true },
    { objectType: "tickets", name: mapping.caseKeyProperty, label: "Social case key", unique: true },
    { objectType: "notes", name: mapping.interactionIdProperty, label: "Social interaction id", unique: false },
  ];
  const created: string[] = [];
  for (const { objectType, name, label, unique } of wanted) {
    const existing = await client.crm.properties.coreApi.getAll(objectType);
    if (existing.results.some((property) => property.name === name)) continue;
    if (!existing.results.some((property) => property.groupName === scrmPropertyGroup)) {
      await ignoreConflict(
        client.crm.properties.groupsApi.create(objectType, { name: scrmPropertyGroup, label: "Social CRM relay" }),
      );
    }
    const made = await ignoreConflict(
      client.crm.properties.coreApi.create(objectType, {
        name,
        label,
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        groupName: scrmPropertyGroup,
        hasUniqueValue: unique,
        description: "Written by scrm-relay; do not edit.",
      }),
    );
    if (made) created.push(`${objectType}.${name}`);
  }
  return created;
}

/** A 409 means someone else made it meanwhile: fine. Answers whether this call made it. */
async function ignoreConflict(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if (isClientError(error) && error.code === 409) return false;
    throw error;
  }
}
