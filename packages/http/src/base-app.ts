import { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "@scrm/core";
import { errorResponse, toErrorResponse, validationDetails } from "./errors";
import { registerHealth } from "./health";

/** An app with the shared error handling and `/healthz`, before any routes. */
export function baseApp(deps: { logger: Logger; describe?: (() => Record<string, unknown>) | undefined }) {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = validationDetails(result.error);
        const problems = details.map((detail) =>
          detail.field ? `${detail.field}: ${detail.message}` : detail.message,
        );
        return errorResponse(c, 400, "request.invalid", `invalid ${result.target}: ${problems.join("; ")}`, details);
      }
    },
  });
  app.onError((error, c) => toErrorResponse(c, error, (message, fields) => deps.logger.error(message, fields)));
  app.notFound((c) => errorResponse(c, 404, "route.not_found", `no route for ${c.req.method} ${c.req.path}`));
  registerHealth(app, deps.describe);
  return app;
}

export type BaseApp = ReturnType<typeof baseApp>;
