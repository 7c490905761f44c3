import { describe, expect, it } from "vitest";
import { linkedSecrets } from "./secrets";

/** Like SST's `Resource`: reading a name that is not linked throws; `in` tells whether it is. */
function linked(resources: Record<string, unknown>): object {
  return new Proxy(resources, {
    get(target, name) {
      if (typeof name === "string" && !(name in target)) throw new Error(`"${name}" is not linked`);
      return target[name as string];
    },
  });
}

describe("linkedSecrets", () => {
  it("maps each linked SST secret to the setting it fills", () => {
    const resources = linked({
      App: { name: "scrm-relay", stage: "dev" },
      MetaAppSecret: { type: "sst.sst.Secret", value: "app-secret" },
      MetaVerifyToken: { type: "sst.sst.Secret", value: "verify-token" },
      AdminToken: { type: "sst.sst.Secret", value: "admin-token" },
    });

    expect(linkedSecrets(["META_APP_SECRET", "META_VERIFY_TOKEN", "ADMIN_TOKEN"], resources)).toEqual({
      META_APP_SECRET: "app-secret",
      META_VERIFY_TOKEN: "verify-token",
      ADMIN_TOKEN: "admin-token",
    });
  });

  it("takes only the listed secrets, so the environment still applies to the others", () => {
    const resources = linked({ App: {}, AdminToken: { value: "admin-token" }, MetaAppSecret: { value: "s" } });

    expect(linkedSecrets(["ADMIN_TOKEN"], resources)).toEqual({ ADMIN_TOKEN: "admin-token" });
    expect({ ...{ META_VERIFY_TOKEN: "from-env" }, ...linkedSecrets(["ADMIN_TOKEN"], resources) }).toEqual({
      META_VERIFY_TOKEN: "from-env",
      ADMIN_TOKEN: "admin-token",
    });
  });

  it("reads an optional secret left at its empty placeholder as unset", () => {
    const resources = linked({
      App: {},
      HubSpotAccessToken: { value: "" },
      CrmMapping: { value: "hubspot:\n  mapping: { pipelineId: '7' }\n" },
    });

    expect(linkedSecrets(["HUBSPOT_ACCESS_TOKEN", "CRM_MAPPING"], resources)).toEqual({
      CRM_MAPPING: "hubspot:\n  mapping: { pipelineId: '7' }\n",
    });
  });

  it("is empty without SST links (tests, local runs)", () => {
    expect(linkedSecrets(["ADMIN_TOKEN"], linked({}))).toEqual({});
    expect(linkedSecrets(["ADMIN_TOKEN"])).toEqual({});
  });
});
