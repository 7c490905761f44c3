import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { CrmError, type RetrySyncDeps, retryAllSyncFailures, retrySyncFailure } from "@scrm/core";
import * as z from "zod";
import { actorOf } from "../auth";
import { ActorHeader, errorContent, json, security, unauthorized, WorkspaceQuery } from "./common";

const SyncFailure = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    interactionId: z.string(),
    target: z.enum(["salesforce", "hubspot"]),
    failedAt: z.string(),
    attempts: z.number().int(),
    error: CrmError,
  })
  .meta({ id: "SyncFailure", description: "a sync the CRM refused after its retry budget, with the CRM's own error" });
const Retried = z.object({
  id: z.string(),
  interactionId: z.string(),
  target: z.string(),
  state: z.literal("pending"),
});
const tags = ["sync"];

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/v1/sync/failures",
    tags,
    security,
    request: {
      query: WorkspaceQuery.extend({
        limit: z.coerce.number().int().min(1).max(100).default(50),
        cursor: z.string().min(1).optional(),
      }),
    },
    responses: {
      200: {
        description: "failed syncs",
        content: json(z.object({ items: z.array(SyncFailure), nextCursor: z.string().optional() })),
      },
      401: unauthorized,
    },
  }),
  retry: createRoute({
    method: "post",
    path: "/api/v1/sync/failures/{id}/retry",
    tags,
    security,
    request: { params: z.object({ id: z.string().min(1) }), query: WorkspaceQuery, headers: ActorHeader },
    responses: {
      202: { description: "pending again, due now", content: json(Retried) },
      401: unauthorized,
      404: { description: "no such failure", content: errorContent },
    },
  }),
  retryAll: createRoute({
    method: "post",
    path: "/api/v1/sync/failures/retry",
    tags,
    security,
    summary: "Extension: retry every listed failure of the workspace (100 per call; `more` says whether to call again)",
    request: { query: WorkspaceQuery, headers: ActorHeader },
    responses: {
      202: { description: "retried", content: json(z.object({ retried: z.number().int(), more: z.boolean() })) },
      401: unauthorized,
    },
  }),
};

export function registerSyncRoutes(app: OpenAPIHono, deps: RetrySyncDeps) {
  app.openapi(routes.list, async (c) => {
    const { workspace, limit, cursor } = c.req.valid("query");
    return c.json(await deps.failures.list(workspace, limit, cursor), 200);
  });
  app.openapi(routes.retryAll, async (c) =>
    c.json(await retryAllSyncFailures(deps, c.req.valid("query").workspace, actorOf(c)), 202),
  );
  app.openapi(routes.retry, async (c) =>
    c.json(await retrySyncFailure(deps, c.req.valid("query").workspace, c.req.valid("param").id, actorOf(c)), 202),
  );
}
