import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  type Clock,
  durationMs,
  type InteractionStore,
  IsoDuration,
  type RuleSets,
  SlaMetricName,
  type SlaTimerStore,
  slaAtRisk,
  slaStats,
} from "@scrm/core";
import * as z from "zod";
import { ErrorBody } from "../errors";

const errorContent = { "application/json": { schema: ErrorBody } };
const security = [{ bearer: [] }];
const Workspace = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/)
  .default("default")
  .meta({ description: "the workspace (default `default`)" });

const AtRiskClock = z
  .object({
    interactionId: z.string(),
    metric: SlaMetricName,
    policy: z.string(),
    dueAt: z.string(),
    remaining: z.string().meta({ description: "working time left, ISO-8601" }),
    state: z.literal("running"),
    platform: z.string(),
    threadId: z.string(),
    priority: z.string(),
    assignee: z.string().optional(),
  })
  .meta({ id: "SlaAtRiskClock" });

const atRisk = createRoute({
  method: "get",
  path: "/api/v1/sla/at-risk",
  tags: ["sla"],
  security,
  request: {
    query: z.object({
      workspace: Workspace,
      within: IsoDuration.default("PT24H").meta({ description: "how far ahead to look (default PT24H)" }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "running clocks that breach within the window, soonest first",
      content: { "application/json": { schema: z.object({ items: z.array(AtRiskClock), asOf: z.string() }) } },
    },
    400: { description: "invalid query (details name the field)", content: errorContent },
    401: { description: "missing or wrong bearer token", content: errorContent },
  },
});

const Counts = z.object({ met: z.number(), breached: z.number(), running: z.number(), paused: z.number() });
const stats = createRoute({
  method: "get",
  path: "/api/v1/sla/stats",
  tags: ["sla"],
  security,
  request: {
    query: z.object({
      workspace: Workspace,
      since: z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString()),
      until: z.iso
        .datetime({ offset: true })
        .transform((value) => new Date(value).toISOString())
        .optional()
        .meta({ description: "default: now" }),
    }),
  },
  responses: {
    200: {
      description: "clocks per policy and metric, for interactions that occurred in [since, until)",
      content: {
        "application/json": {
          schema: z
            .object({
              since: z.string(),
              until: z.string(),
              scanned: z.number(),
              truncated: z.boolean(),
              policies: z.record(z.string(), z.record(z.string(), Counts)),
            })
            .meta({ id: "SlaStats" }),
        },
      },
    },
    400: { description: "invalid query (details name the field)", content: errorContent },
    401: { description: "missing or wrong bearer token", content: errorContent },
  },
});

export function registerSlaRoutes(
  app: OpenAPIHono,
  deps: { interactions: InteractionStore; timers: SlaTimerStore; ruleSets: RuleSets; clock: Clock },
) {
  app.openapi(atRisk, async (c) => {
    const { workspace, within, limit } = c.req.valid("query");
    return c.json(await slaAtRisk(deps, workspace, { withinMs: durationMs(within), limit }), 200);
  });
  app.openapi(stats, async (c) => {
    const { workspace, since, until } = c.req.valid("query");
    const end = until ?? deps.clock.now().toISOString();
    return c.json(await slaStats(deps.interactions, workspace, since, end), 200);
  });
}
