import type * as z from "zod";
import type { DeliveryReport, Interaction } from "../interaction/schema";

/**
 * What a normaliser saw, before the domain decides what it means for the stored interaction.
 * Normalisers are pure: they never read the store, the clock or the environment.
 */
export type InteractionDraft = Pick<
  Interaction,
  | "platform"
  | "kind"
  | "direction"
  | "externalId"
  | "threadId"
  | "parentId"
  | "account"
  | "author"
  | "text"
  | "attachments"
  | "occurredAt"
>;

export type Observation =
  | {
      /** The platform reported a new item (Facebook `verb: add`, a Messenger message, …). */
      change: "created";
      /** Unique per platform event: a redelivery yields the same key, so it has no second effect. */
      eventKey: string;
      draft: InteractionDraft;
    }
  | {
      /** The author edited it; `draft.text` is the new text, `at` when the edit happened. */
      change: "edited";
      eventKey: string;
      at: string;
      draft: InteractionDraft;
    }
  | {
      change: "deleted";
      eventKey: string;
      at: string;
      draft: InteractionDraft;
    }
  | {
      /** Delivery status of the brand's own message (WhatsApp `statuses`): recorded against the thread. */
      change: "delivery";
      eventKey: string;
      report: z.infer<typeof DeliveryReport>;
      draft: InteractionDraft;
    };

/** Something in a delivery that did not become an interaction, with the reason, for the report. */
export interface Skipped {
  /** JSON path inside the delivery, e.g. `entry[0].changes[1]`. */
  path: string;
  /** `unrecognised`: a shape or object type we do not know; `ignored`: known, but not an interaction (read receipts). */
  kind: "unrecognised" | "ignored";
  reason: string;
}

export interface NormaliseResult {
  observations: Observation[];
  skipped: Skipped[];
}

export const emptyResult = (): NormaliseResult => ({ observations: [], skipped: [] });
