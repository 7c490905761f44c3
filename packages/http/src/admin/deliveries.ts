import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { type DeliveryStore, RawDelivery } from "@scrm/core";
import { z } from "zod";
import { ErrorBody } from "../errors";

const list = createRoute({
  method: "get",
  path: "/api/v1/deliveries",
  tags: ["deliveries"],
  summary:
    "Extension: raw deliveries that need attention: pending (not yet processed), unrecognised (held parts we do not model), failed",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      status: z.enum(["pending", "unrecognised", "failed"]).default("unrecognised"),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: {
    200: {
      description: "deliveries, with the report of what was skipped and why",
      content: { "application/json": { schema: z.object({ items: z.array(RawDelivery) }) } },
    },
    401: { description: "missing or wrong bearer token", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function registerDeliveryRoutes(app: OpenAPIHono, deliveries: DeliveryStore) {
  app.openapi(list, async (c) => {
    const { status, limit } = c.req.valid("query");
    return c.json({ items: await deliveries.listByStatus(status, limit) }, 200);
  });
}
