import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  type Bus,
  type Clock,
  type Logger,
  Notification,
  NotificationState,
  type NotificationStore,
  notFound,
  retryNotification,
} from "@scrm/core";
import * as z from "zod";
import { ErrorBody } from "../errors";

export interface NotificationRouteDeps {
  notifications: NotificationStore;
  clock: Clock;
  logger: Logger;
  /** When given, a retry is published at once rather than by the outbox sweeper. */
  bus?: Bus;
}

export const ListNotificationsQuery = z.object({
  workspace: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional()
    .meta({
      description: "the workspace to list (default `default`); without it, `state=failed` lists every workspace's",
    }),
  state: NotificationState.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional().meta({ description: "nextCursor of the previous page" }),
});

export const NotificationList = z
  .object({ items: z.array(Notification), nextCursor: z.string().optional() })
  .meta({ id: "NotificationList", description: "newest first; nextCursor absent on the last page" });

const errorContent = { "application/json": { schema: ErrorBody } };
const security = [{ bearer: [] }];
const unauthorised = { description: "missing or wrong bearer token", content: errorContent };
const params = z.object({ id: z.string().min(1) });

const list = createRoute({
  method: "get",
  path: "/api/v1/notifications",
  tags: ["notifications"],
  summary: "Extension: the signed POSTs of `notify` actions, with their attempts",
  security,
  request: { query: ListNotificationsQuery },
  responses: {
    200: { description: "a page of notifications", content: { "application/json": { schema: NotificationList } } },
    400: { description: "invalid filter (details name the field)", content: errorContent },
    401: unauthorised,
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/notifications/{id}",
  tags: ["notifications"],
  security,
  request: { params },
  responses: {
    200: {
      description: "the notification and its attempts",
      content: { "application/json": { schema: Notification } },
    },
    401: unauthorised,
    404: { description: "no such notification", content: errorContent },
  },
});

const retry = createRoute({
  method: "post",
  path: "/api/v1/notifications/{id}/retry",
  tags: ["notifications"],
  summary: "Extension: attempt a failed (or pending) notification again now, its retry schedule restartNotification",
  security,
  request: { params },
  responses: {
    202: {
      description: "pending and due now; the attempt runs in the background",
      content: { "application/json": { schema: Notification } },
    },
    401: unauthorised,
    404: { description: "no such notification", content: errorContent },
    409: { description: "delivered already (`notification.delivered`)", content: errorContent },
  },
});

export function registerNotificationRoutes(app: OpenAPIHono, deps: NotificationRouteDeps) {
  app.openapi(list, async (c) => {
    const { workspace, state, limit, cursor } = c.req.valid("query");
    const page =
      workspace === undefined && state === "failed"
        ? await deps.notifications.listFailed(limit, cursor)
        : await deps.notifications.list({
            workspaceId: workspace ?? "default",
            limit,
            ...(state ? { state } : {}),
            ...(cursor ? { cursor } : {}),
          });
    return c.json(page, 200);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const stored = await deps.notifications.get(id);
    if (!stored) throw notFound("notification.not_found", `no notification with id ${id}`);
    return c.json(stored.notification, 200);
  });

  app.openapi(retry, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await retryNotification(deps, id), 202);
  });
}
