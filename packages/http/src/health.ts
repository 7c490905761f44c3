import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";

const health = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  responses: {
    200: {
      description: "serving",
      content: { "application/json": { schema: z.object({ ok: z.literal(true) }).catchall(z.unknown()) } },
    },
  },
});

export function registerHealth(app: OpenAPIHono, describe?: () => Record<string, unknown>) {
  app.openapi(health, (c) => c.json({ ok: true as const, ...describe?.() }, 200));
}
