import type { Context } from "hono";
import * as z from "zod";
import { ErrorBody } from "../errors";

export const errorContent = { "application/json": { schema: ErrorBody } };
/** An error status of a route: when it is answered, with the error body. */
export const errorResponse = (description: string) => ({ description, content: errorContent });
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

/** The `{id}` of a rule or an SLA policy in a path. */
export const VersionedIdParam = z.object({ id: z.string().min(1).max(64) });

/** The 409 of a PUT whose `If-Match` is not the current version. */
export const staleVersion = errorResponse("changed since the version in If-Match");

/**
 * A POST body with the query's workspace as its `workspaceId` unless the body names one. The raw
 * body, not the validated one: the schema's defaults (workspaceId) must not hide the query's workspace.
 */
export async function bodyWithWorkspace(c: Context, workspace: string): Promise<object> {
  return { workspaceId: workspace, ...((await c.req.json()) as object) };
}

export const unauthorized = errorResponse("missing or wrong bearer token");
