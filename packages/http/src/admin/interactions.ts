import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  type Clock,
  Interaction,
  type InteractionStore,
  notFound,
  Platform,
  type RuleSets,
  Status,
  withRemaining,
} from "@scrm/core";
import * as z from "zod";
import { ErrorBody } from "../errors";

export const ListInteractionsQuery = z.object({
  platform: Platform.optional(),
  tag: z.string().min(1).optional(),
  status: Status.optional(),
  since: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value).toISOString())
    .optional()
    .meta({ description: "only interactions that occurred at or after this instant (ISO-8601)" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional().meta({ description: "nextCursor of the previous page" }),
  workspace: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("default")
    .meta({ description: "extension: the workspace to list (default `default`)" }),
});

export const InteractionList = z
  .object({ items: z.array(Interaction), nextCursor: z.string().optional() })
  .meta({ id: "InteractionList", description: "newest first; nextCursor absent on the last page" });

const errorContent = { "application/json": { schema: ErrorBody } };
const security = [{ bearer: [] }];

const list = createRoute({
  method: "get",
  path: "/api/v1/interactions",
  tags: ["interactions"],
  security,
  request: { query: ListInteractionsQuery },
  responses: {
    200: { description: "a page of interactions", content: { "application/json": { schema: InteractionList } } },
    400: { description: "invalid filter (details name the field)", content: errorContent },
    401: { description: "missing or wrong bearer token", content: errorContent },
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/interactions/{id}",
  tags: ["interactions"],
  security,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: "the interaction", content: { "application/json": { schema: Interaction } } },
    401: { description: "missing or wrong bearer token", content: errorContent },
    404: { description: "no such interaction", content: errorContent },
  },
});

export function registerInteractionRoutes(
  app: OpenAPIHono,
  { interactions, ruleSets, clock }: { interactions: InteractionStore; ruleSets: RuleSets; clock: Clock },
) {
  // Each open SLA clock is answered with its working time left as of the request.
  const answer = (interaction: Interaction) => withRemaining(ruleSets, interaction, clock.now());

  app.openapi(list, async (c) => {
    const { workspace, ...query } = c.req.valid("query");
    const page = await interactions.list({ ...query, workspaceId: workspace });
    return c.json({ ...page, items: await Promise.all(page.items.map(answer)) }, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const stored = await interactions.get(id);
    if (!stored) throw notFound("interaction.not_found", `no interaction with id ${id}`);
    return c.json(await answer(stored.interaction), 200);
  });
}
