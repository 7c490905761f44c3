import { OpenAPIHono } from "@hono/zod-openapi";
import { type Notification, newNotification } from "@scrm/core";
import { DynamoNotificationStore, DynamoOutbox } from "@scrm/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Not exported by @scrm/http: the app registers these routes itself.
import { registerNotificationRoutes } from "../../packages/http/src/admin/notifications";
import { toErrorResponse } from "../../packages/http/src/errors";
import { freshTable } from "../support/dynamo";

const quiet = { info() {}, warn() {}, error() {} };

function notification(n: number, workspaceId = "default"): Notification {
  return newNotification(
    {
      notificationId: `ntf_route_${n}`,
      workspaceId,
      interactionId: `facebook_${n}`,
      url: "https://example.com/hook",
      rule: { id: "vip", version: 1, name: "VIP" },
      trigger: { type: "interaction.received", eventId: `evt-${n}` },
    },
    new Date(Date.UTC(2026, 5, 1, 12, 0, n)),
  );
}

describe("admin notification routes (on dynalite)", () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let notifications: DynamoNotificationStore;
  let app: OpenAPIHono;
  const now = new Date("2026-06-05T08:00:00.000Z");

  beforeAll(async () => {
    table = await freshTable("dynalite");
    notifications = new DynamoNotificationStore(table.documents, table.tableName);
    app = new OpenAPIHono();
    app.onError((error, c) => toErrorResponse(c, error, () => undefined));
    registerNotificationRoutes(app, { notifications, clock: { now: () => now }, logger: quiet });
    await notifications.create(notification(1));
    await notifications.create({ ...notification(2), state: "failed", lastError: "HTTP 410 Gone" });
    await notifications.create({ ...notification(3), state: "delivered" });
    await notifications.create({ ...notification(4, "acme"), state: "failed", lastError: "HTTP 410 Gone" });
  });
  afterAll(() => table.stop());

  const ids = (body: unknown) => (body as { items: Notification[] }).items.map((item) => item.id);

  it("lists a workspace newest first, by state, and failed ones of every workspace", async () => {
    const all = await app.request("/api/v1/notifications?limit=2");
    expect(all.status).toBe(200);
    const page = (await all.json()) as { items: Notification[]; nextCursor?: string };
    expect(ids(page)).toEqual(["ntf_route_3", "ntf_route_2"]);
    const rest = await app.request(`/api/v1/notifications?limit=2&cursor=${page.nextCursor}`);
    expect(ids(await rest.json())).toEqual(["ntf_route_1"]);

    expect(ids(await (await app.request("/api/v1/notifications?state=failed&workspace=default")).json())).toEqual([
      "ntf_route_2",
    ]);
    expect(ids(await (await app.request("/api/v1/notifications?state=failed")).json())).toEqual([
      "ntf_route_4",
      "ntf_route_2",
    ]);
    expect((await app.request("/api/v1/notifications?state=lost")).status).toBe(400);
    expect((await app.request("/api/v1/notifications?cursor=nope")).status).toBe(400);
  });

  it("answers one by id, 404 for an unknown one", async () => {
    const found = await app.request("/api/v1/notifications/ntf_route_1");
    expect(await found.json()).toEqual(notification(1));
    const missing = await app.request("/api/v1/notifications/ntf_nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "notification.not_found" } });
  });

  it("retries a failed one (202, pending, due now, in the outbox), refuses a delivered one, 404s an unknown one", async () => {
    const retried = await app.request("/api/v1/notifications/ntf_route_2/retry", { method: "POST" });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({
      id: "ntf_route_2",
      state: "pending",
      nextAttemptAt: now.toISOString(),
    });
    const due = await new DynamoOutbox(table.documents, table.tableName).listDue(now, 10);
    expect(due.flatMap((entry) => entry.events.map((event) => event.id))).toEqual(["ntf_route_2#1"]);

    const delivered = await app.request("/api/v1/notifications/ntf_route_3/retry", { method: "POST" });
    expect(delivered.status).toBe(409);
    expect((await app.request("/api/v1/notifications/ntf_nope/retry", { method: "POST" })).status).toBe(404);
  });

  it("documents the Notification schema in OpenAPI", () => {
    const document = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(Object.keys(document.paths ?? {})).toEqual([
      "/api/v1/notifications",
      "/api/v1/notifications/{id}",
      "/api/v1/notifications/{id}/retry",
    ]);
    expect(document.components?.schemas?.Notification).toBeDefined();
  });
});
