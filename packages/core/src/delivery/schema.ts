import * as z from "zod";
import { IsoDateTime } from "../interaction/schema";

/** The webhook family a delivery came through (one route each), not the platform of each event in it. */
export const Source = z.enum(["meta"]);
export type Source = z.infer<typeof Source>;

export const SkippedItem = z.object({
  path: z.string(),
  kind: z.enum(["unrecognised", "ignored"]),
  reason: z.string(),
});

export const ProcessingReport = z.object({
  interactionIds: z.array(z.string()),
  /** Tenants of the interactions it produced: one POST may carry several brand accounts. */
  workspaceIds: z.array(z.string()).default([]),
  skipped: z.array(SkippedItem),
  error: z.string().optional(),
});
export type ProcessingReport = z.infer<typeof ProcessingReport>;

/**
 * A verified webhook body exactly as received, stored before it is acknowledged so that anything
 * can be re-processed. Its id is a hash of source and bytes: a platform's retry lands on the same item.
 */
export const RawDelivery = z
  .object({
    id: z.string(),
    source: Source,
    receivedAt: IsoDateTime,
    body: z.string().meta({ description: "the body as received (UTF-8)" }),
    status: z.enum(["pending", "processed", "unrecognised", "failed"]),
    attempts: z.number().int().nonnegative(),
    report: ProcessingReport.optional(),
  })
  .meta({ id: "RawDelivery" });
export type RawDelivery = z.infer<typeof RawDelivery>;
