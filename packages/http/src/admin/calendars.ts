import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  deleteCalendar,
  getCalendar,
  importCalendarHolidays,
  LocalDate,
  NamedCalendar,
  type RulesAdminDeps,
  saveCalendar,
} from "@scrm/core";
import * as z from "zod";
import { actorOf } from "../auth";
import { ActorHeader, errorResponse, json, security, unauthorized, WorkspaceQuery } from "./common";

const IdParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/) });
const tags = ["calendars"];
const notFound = errorResponse("no such calendar");

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/v1/calendars",
    tags,
    security,
    summary: "Extension: named business-hours calendars (rules' `withinBusinessHours`)",
    request: { query: WorkspaceQuery },
    responses: {
      200: { description: "calendars", content: json(z.object({ items: z.array(NamedCalendar) })) },
      401: unauthorized,
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/v1/calendars/{id}",
    tags,
    security,
    request: { params: IdParam, query: WorkspaceQuery },
    responses: { 200: { description: "the calendar", content: json(NamedCalendar) }, 401: unauthorized, 404: notFound },
  }),
  put: createRoute({
    method: "put",
    path: "/api/v1/calendars/{id}",
    tags,
    security,
    request: {
      params: IdParam,
      query: WorkspaceQuery,
      headers: ActorHeader,
      body: { content: json(NamedCalendar.omit({ id: true })), required: true },
    },
    responses: {
      200: { description: "stored", content: json(NamedCalendar) },
      400: errorResponse("invalid calendar"),
      401: unauthorized,
    },
  }),
  holidays: createRoute({
    method: "put",
    path: "/api/v1/calendars/{id}/holidays",
    tags,
    security,
    summary: "Extension: the calendar's holidays from an iCalendar file (.ics): its all-day events in a window",
    request: {
      params: IdParam,
      query: WorkspaceQuery.extend({
        from: LocalDate.optional().meta({
          description: "first local date taken; default 1 January of this year (of the year before `to` when given)",
        }),
        to: LocalDate.optional().meta({ description: "last local date taken; default 31 December of the next year" }),
        merge: z
          .stringbool()
          .default(false)
          .meta({ description: "`true`: add to the calendar's holidays instead of replacing them" }),
      }),
      headers: ActorHeader,
      body: {
        content: {
          "text/calendar": {
            schema: z.string().meta({ description: "an iCalendar file; recurring events (RRULE) are expanded" }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: { description: "the calendar with its new holidays", content: json(NamedCalendar) },
      400: errorResponse("not an iCalendar file, or a bad window"),
      401: unauthorized,
      404: notFound,
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/v1/calendars/{id}",
    tags,
    security,
    request: { params: IdParam, query: WorkspaceQuery, headers: ActorHeader },
    responses: { 204: { description: "deleted" }, 401: unauthorized, 404: notFound },
  }),
};

export function registerCalendarRoutes(app: OpenAPIHono, deps: RulesAdminDeps) {
  app.openapi(routes.list, async (c) =>
    c.json({ items: await deps.rules.listCalendars(c.req.valid("query").workspace) }, 200),
  );
  app.openapi(routes.get, async (c) =>
    c.json(await getCalendar(deps, c.req.valid("query").workspace, c.req.valid("param").id), 200),
  );
  app.openapi(routes.put, async (c) => {
    const calendar = await saveCalendar(
      deps,
      c.req.valid("query").workspace,
      c.req.valid("param").id,
      c.req.valid("json"),
      actorOf(c),
    );
    return c.json(calendar, 200);
  });
  app.openapi(routes.holidays, async (c) => {
    const { workspace, ...options } = c.req.valid("query");
    const calendar = await importCalendarHolidays(
      deps,
      workspace,
      c.req.valid("param").id,
      await c.req.text(),
      options,
      actorOf(c),
    );
    return c.json(calendar, 200);
  });
  app.openapi(routes.remove, async (c) => {
    await deleteCalendar(deps, c.req.valid("query").workspace, c.req.valid("param").id, actorOf(c));
    return c.body(null, 204);
  });
}
