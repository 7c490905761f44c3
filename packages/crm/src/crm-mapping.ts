import { readFileSync } from "node:fs";
import { type Config, formatOfFile, inputError, parseSettingsDocument } from "@scrm/core";
import { HubSpotSettings } from "@scrm/hubspot";
import { SalesforceSettings } from "@scrm/salesforce";
import * as z from "zod";

/**
 * The CRM mapping document (`CRM_MAPPING_FILE` / `CRM_MAPPING`): one section per CRM, each validated
 * by its connector's own schema.
 *
 * @example
 *   salesforce:
 *     social: auto
 *     workspaces:
 *       acme: { caseFields: { Brand__c: { value: "Acme" } } }
 *   hubspot:
 *     workspaces:
 *       acme: { pipelineId: "123", stageId: "456" }
 */
export const CrmMappingDocument = z
  .object({ salesforce: SalesforceSettings.optional(), hubspot: HubSpotSettings.optional() })
  .strict();
export type CrmMappingDocument = z.infer<typeof CrmMappingDocument>;

/**
 * Reads and validates the CRM mapping document: the file `CRM_MAPPING_FILE` (YAML by its `.yaml`/
 * `.yml` extension, JSON by `.json`), or the text of `CRM_MAPPING` (JSON, else YAML); empty when
 * neither is set. Throws an input error naming the source and every problem with its path.
 */
export function readCrmMapping(config: Pick<Config, "CRM_MAPPING_FILE" | "CRM_MAPPING">): CrmMappingDocument {
  const { CRM_MAPPING_FILE: file, CRM_MAPPING: inline } = config;
  if (file && inline)
    throw inputError("config.invalid", "set CRM_MAPPING_FILE or CRM_MAPPING, not both", { variable: "CRM_MAPPING" });
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw inputError(
        "settings.unreadable",
        `CRM_MAPPING_FILE: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return parseSettingsDocument(CrmMappingDocument, text, file, formatOfFile(file));
  }
  if (inline) return parseSettingsDocument(CrmMappingDocument, inline, "CRM_MAPPING", "auto");
  return {};
}
