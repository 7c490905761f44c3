import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod";

const healthRoute = createRoute({
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

/** `/healthz` in the OpenAPI document; served by `serveHealth` on every app. */
export function documentHealth(app: OpenAPIHono) {
  app.openAPIRegistry.registerPath(healthRoute);
}
