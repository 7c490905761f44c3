import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicy,
  listSlaPolicies,
  type RulesAdminDeps,
  replaceSlaPolicy,
  SlaPolicy,
  SlaPolicyInput,
} from "@scrm/core";
import * as z from "zod";
import { actorOf } from "../auth";
import {
  ActorHeader,
  bodyWithWorkspace,
  errorResponse,
  IfMatchHeader,
  json,
  security,
  staleVersion,
  unauthorized,
  VersionedIdParam,
  versionFromIfMatch,
  WorkspaceQuery,
} from "./common";

const tags = ["sla-policies"];
const invalid = errorResponse(
  "invalid policy: details name each path (`escalations[0].at`); a `calendar` that does not exist is named too",
);
const notFound = errorResponse("no such SLA policy");

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/v1/sla-policies",
    tags,
    security,
    summary: "SLA policies (CONTRACT §6), in the order they are tried",
    request: { query: WorkspaceQuery },
    responses: {
      200: { description: "policies", content: json(z.object({ items: z.array(SlaPolicy) })) },
      401: unauthorized,
    },
  }),
  create: createRoute({
    method: "post",
    path: "/api/v1/sla-policies",
    tags,
    security,
    request: { query: WorkspaceQuery, headers: ActorHeader, body: { content: json(SlaPolicyInput), required: true } },
    responses: {
      201: { description: "version 1 of the new policy (id given, or the slug of its name)", content: json(SlaPolicy) },
      400: invalid,
      401: unauthorized,
      409: errorResponse("a policy with that id exists"),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/v1/sla-policies/{id}",
    tags,
    security,
    request: { params: VersionedIdParam, query: WorkspaceQuery },
    responses: { 200: { description: "the policy", content: json(SlaPolicy) }, 401: unauthorized, 404: notFound },
  }),
  replace: createRoute({
    method: "put",
    path: "/api/v1/sla-policies/{id}",
    tags,
    security,
    summary: "Replaces the policy (or creates it); `If-Match` with the version read makes a stale write a 409",
    request: {
      params: VersionedIdParam,
      query: WorkspaceQuery,
      headers: IfMatchHeader,
      body: { content: json(SlaPolicyInput), required: true },
    },
    responses: {
      200: { description: "the new version", content: json(SlaPolicy) },
      400: invalid,
      401: unauthorized,
      409: staleVersion,
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/v1/sla-policies/{id}",
    tags,
    security,
    request: { params: VersionedIdParam, query: WorkspaceQuery, headers: ActorHeader },
    responses: { 204: { description: "deleted" }, 401: unauthorized, 404: notFound },
  }),
};

export function registerSlaPolicyRoutes(app: OpenAPIHono, deps: RulesAdminDeps) {
  app.openapi(routes.list, async (c) =>
    c.json({ items: await listSlaPolicies(deps, c.req.valid("query").workspace) }, 200),
  );
  app.openapi(routes.create, async (c) => {
    const body = await bodyWithWorkspace(c, c.req.valid("query").workspace);
    return c.json(await createSlaPolicy(deps, body, actorOf(c)), 201);
  });
  app.openapi(routes.get, async (c) =>
    c.json(await getSlaPolicy(deps, c.req.valid("query").workspace, c.req.valid("param").id), 200),
  );
  app.openapi(routes.replace, async (c) => {
    const policy = await replaceSlaPolicy(
      deps,
      c.req.valid("query").workspace,
      c.req.valid("param").id,
      await c.req.json(),
      actorOf(c),
      versionFromIfMatch(c.req.valid("header")["if-match"]),
    );
    return c.json(policy, 200);
  });
  app.openapi(routes.remove, async (c) => {
    await deleteSlaPolicy(deps, c.req.valid("query").workspace, c.req.valid("param").id, actorOf(c));
    return c.body(null, 204);
  });
}
