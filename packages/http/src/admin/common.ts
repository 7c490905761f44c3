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

export const unauthorized = { description: "missing or wrong bearer token", content: errorContent };
