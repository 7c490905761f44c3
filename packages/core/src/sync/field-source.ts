import * as z from "zod";
import type { Interaction } from "../interaction/schema";
import { fieldGetter, resolveField } from "../rule/fields";

/** A constant written as is (`{ value: "Social" }`); `null` clears the field. */
export const CrmConstant = z
  .object({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]) })
  .strict()
  .meta({ description: "a constant: { value }" });

/**
 * Where a mapped CRM field's value comes from: a dotted path into the Interaction (`"sentiment.label"`,
 * `"author.followers"`, `"tags"`), checked against the Interaction schema so a typo is refused where
 * it is configured, or a constant (`{ value: "Social" }`).
 */
export const CrmFieldSource = z
  .union([z.string(), CrmConstant], {
    error: 'expected an Interaction field path (text such as "sentiment.label") or { value: … }',
  })
  .superRefine((source, ctx) => {
    if (typeof source === "string" && !resolveField(source))
      ctx.addIssue({ code: "custom", message: `unknown Interaction field "${source}"` });
  });
export type CrmFieldSource = z.infer<typeof CrmFieldSource>;

const getters = new Map<string, (root: unknown) => unknown>();

/**
 * A mapped field's value for an interaction: the constant, or what the path reads. Lists (`tags`, or a
 * path through a list such as `attachments.type`) become `;`-joined text, as multi-select picklists
 * (Salesforce) and multiple checkboxes (HubSpot) take them; an object becomes its JSON. Undefined when
 * the path leads nowhere in this interaction: the field is left out.
 */
export function crmFieldValue(interaction: Interaction, source: CrmFieldSource): unknown {
  if (typeof source !== "string") return source.value;
  let getter = getters.get(source);
  if (!getter) {
    getter = fieldGetter(source);
    getters.set(source, getter);
  }
  const value = getter(interaction);
  if (Array.isArray(value)) return value.map(String).join(";");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value;
}
