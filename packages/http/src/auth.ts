import { authError, constantTimeEqual } from "@scrm/core";
import type { Context, MiddlewareHandler } from "hono";

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

/**
 * Who is acting, for the audit log and overrides: the `X-Actor` header (a person's name or email,
 * set by the tool in front of the API), else `admin`. The bearer token proves access, not identity.
 */
export function actorOf(c: Context): string {
  const given = c.req.header("x-actor")?.trim();
  return given && given.length <= 200 && !/\p{Cc}/u.test(given) ? given : "admin";
}
