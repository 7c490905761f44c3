import { OpenAPIHono } from "@hono/zod-openapi";
import { errorResponse, validationDetails } from "./errors";
import { documentHealth } from "./health-route";
import { type AppBasics, withBasics } from "./plain-app";

/** An OpenAPI app with the shared error handling and `/healthz`, before any routes: the admin API's. */
export function baseApp(deps: AppBasics) {
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
  documentHealth(app);
  return withBasics(app, deps);
}

export type BaseApp = ReturnType<typeof baseApp>;
