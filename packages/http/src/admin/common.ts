import { z } from "zod";
import { ErrorBody } from "../errors";

export const errorContent = { "application/json": { schema: ErrorBody } };
export const security = [{ bearer: [] }];
export const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

export const WorkspaceQuery = z.object({
  workspace: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("default")
    .meta({ description: "extension: the workspace (default `default`)" }),
});

export const ActorHeader = z.object({
  "x-actor": z
    .string()
    .max(200)
    .optional()
    .meta({ description: "extension: who is acting (audit log); default `admin`" }),
});

/** Optimistic concurrency on PUT: the version the client read. */
export const IfMatchHeader = ActorHeader.extend({
  "if-match": z.string().optional().meta({ description: 'the version you read (e.g. `"3"`); a newer one answers 409' }),
});

/** `If-Match: "3"` (quoted, bare or weak) as the version number; anything else: no condition. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header ?? "");
  return match ? Number(match[1]) : undefined;
}

export const unauthorized = { description: "missing or wrong bearer token", content: errorContent };
