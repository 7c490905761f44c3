import { parseConfig } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { createWebhookApp } from "./compose";

describe("createWebhookApp", () => {
  it("refuses to start without ADMIN_TOKEN and says which variable is missing", () => {
    const config = parseConfig({ META_APP_SECRET: "s", META_VERIFY_TOKEN: "v" });

    expect(() => createWebhookApp(config)).toThrow(/ADMIN_TOKEN/);
  });
});
