import { describe, expect, it } from "vitest";
import { jwtAudience } from "./auth";

describe("jwtAudience", () => {
  it.each([
    ["https://login.salesforce.com", "https://login.salesforce.com"],
    ["https://test.salesforce.com/", "https://test.salesforce.com"],
    ["https://acme.my.salesforce.com", "https://login.salesforce.com"],
    ["https://acme--uat.sandbox.my.salesforce.com", "https://test.salesforce.com"],
    ["https://acme.my.site.com/customers/", "https://acme.my.site.com/customers"],
    ["http://127.0.0.1:4567", "http://127.0.0.1:4567"],
  ])("%s → %s", (loginUrl, audience) => {
    expect(jwtAudience(loginUrl)).toBe(audience);
  });
});
