import { authError, constantTimeEqual } from "@scrm/core";
import type { MiddlewareHandler } from "hono";

/**
 * Bearer-token auth for the admin API.
 *
 * @example app.use("/api/v1/*", bearerAuth(() => config.adminToken))
 */
export function bearerAuth(token: string): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) throw authError("auth.missing_token", "Authorization: Bearer <ADMIN_TOKEN> is required");
    if (!constantTimeEqual(match[1].trim(), token))
      throw authError("auth.invalid_token", "the bearer token is not valid");
    await next();
  };
}
