import type { Logger } from "@scrm/core";
import { type Env, Hono } from "hono";
import { errorResponse, toErrorResponse } from "./errors";
import { serveHealth } from "./health";

export interface AppBasics {
  logger: Logger;
  describe?: (() => Record<string, unknown>) | undefined;
}

/** The error handling every app shares, and `/healthz`. */
export function withBasics<App extends Hono<Env>>(app: App, deps: AppBasics): App {
  app.onError((error, c) => toErrorResponse(c, error, (message, fields) => deps.logger.error(message, fields)));
  app.notFound((c) => errorResponse(c, 404, "route.not_found", `no route for ${c.req.method} ${c.req.path}`));
  serveHealth(app, deps.describe);
  return app;
}

/**
 * A plain Hono app with the shared error handling and `/healthz`: what the webhook function serves
 * on, so it loads neither the OpenAPI generator nor zod's whole API (the platforms time out after
 * a few seconds, cold starts included).
 */
export function plainApp(deps: AppBasics) {
  return withBasics(new Hono<Env>(), deps);
}
