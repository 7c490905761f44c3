import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  type AuditLog,
  type Enricher,
  Interaction,
  InteractionPatch,
  type InteractionStore,
  type OverrideDeps,
  overrideInteraction,
  type RulesAdminDeps,
  RuleTestRequest,
  testRules,
} from "@scrm/core";
import * as z from "zod";
import { actorOf } from "../auth";
import { ActorHeader, errorContent, json, security, unauthorized, WorkspaceQuery } from "./common";

const AuditEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    workspaceId: z.string(),
    actor: z.string(),
    action: z.string().meta({ examples: ["rule.updated", "interaction.overridden"] }),
    entity: z.object({ type: z.enum(["rule", "calendar", "interaction", "sla-policy"]), id: z.string() }),
    version: z.number().int().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "AuditEntry" });

const routes = {
  patch: createRoute({
    method: "patch",
    path: "/api/v1/interactions/{id}",
    tags: ["interactions"],
    security,
    summary: "A person's override: recorded with who and when; later automatic passes never overwrite it",
    request: {
      params: z.object({ id: z.string().min(1) }),
      headers: ActorHeader,
      body: { content: json(InteractionPatch), required: true },
    },
    responses: {
      200: { description: "the interaction after the override", content: json(Interaction) },
      400: { description: "invalid patch (details name the field)", content: errorContent },
      401: unauthorized,
      404: { description: "no such interaction", content: errorContent },
    },
  }),
  test: createRoute({
    method: "post",
    path: "/api/v1/rules/test",
    tags: ["rules"],
    security,
    summary:
      "Dry run: per rule and interaction, whether it matched, which conditions held, which actions would run. Changes nothing.",
    request: { body: { content: json(RuleTestRequest), required: true } },
    responses: {
      200: {
        description: "the report",
        content: json(
          z.object({ event: z.string(), rules: z.number(), results: z.array(z.record(z.string(), z.unknown())) }),
        ),
      },
      400: { description: "invalid request or rule (details name `rule.<path>`)", content: errorContent },
      401: unauthorized,
      404: { description: "no interaction with that id", content: errorContent },
    },
  }),
  audit: createRoute({
    method: "get",
    path: "/api/v1/audit",
    tags: ["audit"],
    security,
    summary: "Who changed which rule, calendar or interaction, when; newest first",
    request: {
      query: WorkspaceQuery.extend({
        entity: z.enum(["rule", "calendar", "interaction", "sla-policy"]).optional(),
        entityId: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "with `entity`: one rule's or interaction's changes" }),
        since: z.iso
          .datetime({ offset: true })
          .transform((value) => new Date(value).toISOString())
          .optional(),
        limit: z.coerce.number().int().min(1).max(100).default(50),
        cursor: z.string().min(1).optional(),
      }),
    },
    responses: {
      200: {
        description: "audit entries",
        content: json(z.object({ items: z.array(AuditEntry), nextCursor: z.string().optional() })),
      },
      401: unauthorized,
    },
  }),
};

export function registerDecisionRoutes(
  app: OpenAPIHono,
  deps: OverrideDeps & RulesAdminDeps & { interactions: InteractionStore; enricher: Enricher; audit: AuditLog },
) {
  app.openapi(routes.test, async (c) => c.json(await testRules(deps, c.req.valid("json")), 200));
  app.openapi(routes.patch, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await overrideInteraction(deps, id, c.req.valid("json"), actorOf(c)), 200);
  });
  app.openapi(routes.audit, async (c) => {
    const { workspace, entity, entityId, ...query } = c.req.valid("query");
    const page = await deps.audit.list({
      ...query,
      workspaceId: workspace,
      ...(entity ? { entityType: entity } : {}),
      ...(entityId ? { entityId } : {}),
    });
    return c.json(page, 200);
  });
}
