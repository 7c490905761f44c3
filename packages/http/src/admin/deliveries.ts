import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { type Bus, type DeliveryStore, deliveryReceivedEvent, notFound, RawDelivery } from "@scrm/core";
import * as z from "zod";
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

const retry = createRoute({
  method: "post",
  path: "/api/v1/deliveries/{id}/retry",
  tags: ["deliveries"],
  summary:
    "Extension: process a stored delivery again (a failed one after a fix, or any one to re-derive its interactions); idempotent",
  security: [{ bearer: [] }],
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    202: {
      description: "queued for processing; its attempts start again from zero",
      content: { "application/json": { schema: z.object({ id: z.string(), status: z.literal("pending") }) } },
    },
    401: { description: "missing or wrong bearer token", content: { "application/json": { schema: ErrorBody } } },
    404: { description: "no such delivery", content: { "application/json": { schema: ErrorBody } } },
  },
});

export function registerDeliveryRoutes(app: OpenAPIHono, deliveries: DeliveryStore, bus: Bus) {
  app.openapi(retry, async (c) => {
    const { id } = c.req.valid("param");
    const delivery = await deliveries.get(id);
    if (!delivery) throw notFound("delivery.not_found", `no delivery with id ${id}`);
    const again: RawDelivery = { ...delivery, status: "pending", attempts: 0 };
    await deliveries.settle(id, { status: "pending", attempts: 0, report: delivery.report });
    await bus.publish([deliveryReceivedEvent(again)]);
    return c.json({ id, status: "pending" as const }, 202);
  });

  app.openapi(list, async (c) => {
    const { status, limit } = c.req.valid("query");
    return c.json({ items: await deliveries.listByStatus(status, limit) }, 200);
  });
}
