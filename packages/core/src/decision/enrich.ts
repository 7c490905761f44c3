import type { Interaction } from "../interaction/schema";
import type { Enricher, EnrichmentResult } from "../ports";

/**
 * Whether a trigger calls for (re-)enrichment: new text or edited text, or never enriched. Other
 * updates (delivery receipts, a person's override) keep what the machine found.
 */
export function needsEnrichment(interaction: Interaction, change: string | undefined): boolean {
  if (!interaction.text.trim()) return false;
  return !interaction.enrichment || change === "created" || change === "edited";
}

/**
 * Runs the enricher and folds its findings in, marked as machine-made (`enrichment.method`). A
 * sentiment or intent a person set is kept: the machine never overwrites a person's decision.
 */
export async function enrichInteraction(
  enricher: Enricher,
  interaction: Interaction,
  at: string,
): Promise<Interaction> {
  const result = await enricher.enrich({ text: interaction.text, platform: interaction.platform });
  return foldEnrichment(interaction, result, enricher.method, at);
}

export function foldEnrichment(
  interaction: Interaction,
  result: EnrichmentResult,
  method: string,
  at: string,
): Interaction {
  const next: Interaction = { ...interaction, enrichment: { method, at } };
  if (result.language) next.language = result.language;
  else delete next.language;
  if (!interaction.overrides?.sentiment) {
    if (result.sentiment) next.sentiment = result.sentiment;
    else delete next.sentiment;
  }
  if (!interaction.overrides?.intent) {
    if (result.intent) next.intent = result.intent;
    else delete next.intent;
  }
  next.history = [
    ...interaction.history,
    {
      at,
      type: "enriched",
      by: `machine:${method}`,
      detail: {
        ...(result.language ? { language: result.language } : {}),
        ...(result.sentiment ? { sentiment: result.sentiment } : {}),
        ...(result.intent ? { intent: result.intent } : {}),
        ...(interaction.overrides?.sentiment || interaction.overrides?.intent
          ? { kept: ["sentiment", "intent"].filter((field) => interaction.overrides?.[field]) }
          : {}),
      },
    },
  ];
  return next;
}
