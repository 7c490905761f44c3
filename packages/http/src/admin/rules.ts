import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  createRule,
  deleteRule,
  getRule,
  listRules,
  Rule,
  RuleInput,
  type RulesAdminDeps,
  replaceRule,
  ruleVersions,
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

const RuleWithStats = Rule.extend({
  stats: z.object({ hits: z.number().int(), lastHitAt: z.string().optional() }),
}).meta({ id: "RuleWithStats", description: "a rule's current version with its hit count" });
const RuleVersion = Rule.extend({ deletedAt: z.string().optional() }).meta({ id: "RuleVersion" });

const tags = ["rules"];
const routes = {
  list: createRoute({
    method: "get",
    path: "/api/v1/rules",
    tags,
    security,
    request: { query: WorkspaceQuery },
    responses: {
      200: {
        description: "current rules in evaluation order",
        content: json(z.object({ items: z.array(RuleWithStats) })),
      },
      401: unauthorized,
    },
  }),
  create: createRoute({
    method: "post",
    path: "/api/v1/rules",
    tags,
    security,
    request: { query: WorkspaceQuery, headers: ActorHeader, body: { content: json(RuleInput), required: true } },
    responses: {
      201: { description: "version 1 of the new rule", content: json(Rule) },
      400: errorResponse("invalid rule: details name each path (`when.all[1].op`)"),
      401: unauthorized,
      409: errorResponse("a rule with that id exists"),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/v1/rules/{id}",
    tags,
    security,
    request: { params: VersionedIdParam, query: WorkspaceQuery },
    responses: {
      200: { description: "the current version", content: json(RuleWithStats) },
      401: unauthorized,
      404: errorResponse("no such rule"),
    },
  }),
  versions: createRoute({
    method: "get",
    path: "/api/v1/rules/{id}/versions",
    tags,
    security,
    summary: "Extension: every version of a rule, oldest first (a deletion is the last version)",
    request: { params: VersionedIdParam, query: WorkspaceQuery },
    responses: {
      200: { description: "versions", content: json(z.object({ items: z.array(RuleVersion) })) },
      401: unauthorized,
      404: errorResponse("no such rule"),
    },
  }),
  version: createRoute({
    method: "get",
    path: "/api/v1/rules/{id}/versions/{version}",
    tags,
    security,
    summary: "Extension: one version of a rule",
    request: { params: VersionedIdParam.extend({ version: z.coerce.number().int().min(1) }), query: WorkspaceQuery },
    responses: {
      200: { description: "the version", content: json(RuleVersion) },
      401: unauthorized,
      404: errorResponse("no such version"),
    },
  }),
  replace: createRoute({
    method: "put",
    path: "/api/v1/rules/{id}",
    tags,
    security,
    request: {
      params: VersionedIdParam,
      query: WorkspaceQuery,
      headers: IfMatchHeader,
      body: { content: json(RuleInput), required: true },
    },
    responses: {
      200: { description: "the new version (earlier ones stay readable)", content: json(Rule) },
      400: errorResponse("invalid rule"),
      401: unauthorized,
      409: staleVersion,
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/v1/rules/{id}",
    tags,
    security,
    request: { params: VersionedIdParam, query: WorkspaceQuery, headers: ActorHeader },
    responses: {
      204: { description: "deleted (a tombstone version; history stays readable)" },
      401: unauthorized,
      404: errorResponse("no such rule"),
    },
  }),
};

export function registerRuleRoutes(app: OpenAPIHono, deps: RulesAdminDeps) {
  app.openapi(routes.list, async (c) => {
    const { workspace } = c.req.valid("query");
    return c.json({ items: await listRules(deps, workspace) }, 200);
  });
  app.openapi(routes.create, async (c) => {
    const body = await bodyWithWorkspace(c, c.req.valid("query").workspace);
    return c.json(await createRule(deps, body, actorOf(c)), 201);
  });
  app.openapi(routes.get, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await getRule(deps, c.req.valid("query").workspace, id), 200);
  });
  app.openapi(routes.versions, async (c) => {
    const { id } = c.req.valid("param");
    return c.json({ items: await ruleVersions(deps, c.req.valid("query").workspace, id) }, 200);
  });
  app.openapi(routes.version, async (c) => {
    const { id, version } = c.req.valid("param");
    const versions = await ruleVersions(deps, c.req.valid("query").workspace, id);
    const found = versions.find((entry) => entry.version === version);
    if (!found)
      return c.json(
        { error: { code: "rule.version_not_found", message: `rule ${id} has no version ${version}` } },
        404,
      );
    return c.json(found, 200);
  });
  app.openapi(routes.replace, async (c) => {
    const { id } = c.req.valid("param");
    const rule = await replaceRule(
      deps,
      c.req.valid("query").workspace,
      id,
      await c.req.json(),
      actorOf(c),
      versionFromIfMatch(c.req.valid("header")["if-match"]),
    );
    return c.json(rule, 200);
  });
  app.openapi(routes.remove, async (c) => {
    const { id } = c.req.valid("param");
    await deleteRule(deps, c.req.valid("query").workspace, id, actorOf(c));
    return c.body(null, 204);
  });
}
