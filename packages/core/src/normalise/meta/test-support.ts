import { readFileSync } from "node:fs";
import { DeliveryReport, Interaction, IsoDateTime } from "../../interaction/schema";
import type { NormaliseResult, Observation } from "../observation";

/** Test-only helpers (imported by the *.test.ts beside it, never by the normalisers). */
const fixtures = new URL("../../../../../tests/fixtures/meta/", import.meta.url);

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), "utf8"));
}

/** Exactly the draft fields of an Interaction, nothing else. */
export const DraftSchema = Interaction.pick({
  platform: true,
  kind: true,
  direction: true,
  externalId: true,
  threadId: true,
  parentId: true,
  account: true,
  author: true,
  text: true,
  attachments: true,
  occurredAt: true,
}).strict();

/** Throws (failing the test) when any observation would not make a valid Interaction. */
export function assertValid(result: NormaliseResult): NormaliseResult {
  for (const observation of result.observations) {
    DraftSchema.parse(observation.draft);
    if (observation.change === "edited" || observation.change === "deleted") IsoDateTime.parse(observation.at);
    if (observation.change === "delivery") DeliveryReport.parse(observation.report);
    if (!observation.eventKey) throw new Error("empty eventKey");
  }
  return result;
}

export const drafts = (result: NormaliseResult) => result.observations.map((o) => o.draft);
export const keys = (result: NormaliseResult) => result.observations.map((o) => o.eventKey);

/** The single observation of a result, failing when there is not exactly one. */
export function only(result: NormaliseResult): Observation {
  const [first, ...rest] = result.observations;
  if (!first || rest.length) throw new Error(`expected one observation, got ${result.observations.length}`);
  return first;
}

/** A Page feed body around one change value. */
export function feedBody(value: unknown, time: number | undefined = 1773216000, pageId = "104523987654321") {
  return { object: "page", entry: [{ id: pageId, time, changes: [{ field: "feed", value }] }] };
}
