import { parseConfig } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { createAdminApiApp } from "./admin-app";
import { createWebhookApp } from "./webhook-app";

const config = parseConfig({
  META_APP_SECRET: "s",
  META_VERIFY_TOKEN: "v",
  ADMIN_TOKEN: "admin-token",
  DYNAMODB_TABLE: "unused",
  AWS_REGION: "eu-west-1",
});

describe("the two AWS apps", () => {
  it("the admin app refuses to start without ADMIN_TOKEN and says which variable is missing", () => {
    expect(() => createAdminApiApp({ ...config, ADMIN_TOKEN: undefined })).toThrow(/ADMIN_TOKEN/);
  });

  it("the webhook app serves webhooks and /healthz only: no admin API, no admin token needed", async () => {
    const app = createWebhookApp({ ...config, ADMIN_TOKEN: undefined });
    expect((await app.request("/healthz")).status).toBe(200);
    const handshake = await app.request("/webhooks/meta?hub.mode=subscribe&hub.verify_token=v&hub.challenge=42");
    expect(await handshake.text()).toBe("42");
    expect((await app.request("/api/v1/rules", { headers: { authorization: "Bearer admin-token" } })).status).toBe(404);
    expect((await app.request("/openapi.json")).status).toBe(404);
  });

  it("the admin app serves the admin API and an OpenAPI document that still describes the webhooks", async () => {
    const app = createAdminApiApp(config);
    expect((await app.request("/api/v1/rules")).status).toBe(401);
    const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/webhooks/meta", "/webhooks/hubspot", "/webhooks/salesforce", "/api/v1/rules"]),
    );
    expect((await app.request("/webhooks/meta", { method: "POST", body: "{}" })).status).toBe(404);
  });
});
