import { ConfigSchema } from "@scrm/core";
import { describe, expect, it } from "vitest";
import { plainSettings, plainSettingsFrom, sstSecretNames } from "./secret-names";

describe("the settings a deploy passes to the functions", () => {
  it("takes the plain settings set in the deploying shell, and nothing else", () => {
    expect(
      plainSettingsFrom({
        WORKSPACE_ACCOUNTS: "acme=104817932345678",
        LOG_LEVEL: "debug",
        HUBSPOT_CLOSED_STAGES: "",
        META_APP_SECRET: "never in the environment",
        PATH: "/usr/bin",
      }),
    ).toEqual({ WORKSPACE_ACCOUNTS: "acme=104817932345678", LOG_LEVEL: "debug" });
  });

  it("every plain setting is a configuration variable, and none is also a secret", () => {
    const known = Object.keys(ConfigSchema.shape);
    for (const name of plainSettings) {
      expect(known, name).toContain(name);
      expect(Object.keys(sstSecretNames), name).not.toContain(name);
    }
  });
});
