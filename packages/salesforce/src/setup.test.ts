import { afterEach, describe, expect, it } from "vitest";
import { type SalesforceFake, type SalesforceFakeOptions, startSalesforceFake } from "../../../tests/fakes/salesforce";
import { checkSalesforceOrg, customFieldMetadata, formatSalesforceOrgReport, salesforceSetupFiles } from "./setup";

describe("checkSalesforceOrg against the Salesforce fake", () => {
  let fake: SalesforceFake | undefined;
  afterEach(() => fake?.stop());
  const check = async (options: SalesforceFakeOptions = {}) => {
    fake = await startSalesforceFake(options);
    return checkSalesforceOrg({ instanceUrl: fake.url, accessToken: fake.accessToken });
  };
  const byItem = (report: Awaited<ReturnType<typeof check>>) =>
    Object.fromEntries(report.checks.map((c) => [c.item, c]));

  it("a complete org is ready, with Social Customer Service and API usage", async () => {
    const report = await check();
    expect(report.ok).toBe(true);
    expect(report.socialCustomerService).toBe(true);
    expect(report.checks.every((c) => c.ok)).toBe(true);
    expect(Object.keys(byItem(report))).toEqual([
      "Case",
      "Contact",
      "Case.SCRM_Case_Key__c",
      "Contact.SCRM_Social_Handle__c",
      "SocialPersona",
      "SocialPost",
      "SocialPost.ExternalPostId",
    ]);
    expect(report.apiUsage?.max).toBe(100_000);
    expect(report.apiUsage?.used).toBeGreaterThan(0);
    expect(salesforceSetupFiles(report)).toEqual([]);
    expect(formatSalesforceOrgReport(report)).toContain("Salesforce org is ready.");
  });

  it("a missing key field fails with its CustomField metadata and a permission set", async () => {
    const report = await check({ missingFields: { Case: ["SCRM_Case_Key__c"] } });
    expect(report.ok).toBe(false);
    const missing = byItem(report)["Case.SCRM_Case_Key__c"];
    expect(missing).toMatchObject({ ok: false, required: true });
    const files = salesforceSetupFiles(report);
    expect(files.map((f) => f.path)).toEqual([
      "force-app/main/default/objects/Case/fields/SCRM_Case_Key__c.field-meta.xml",
      "force-app/main/default/permissionsets/SCRM_Relay_Integration.permissionset-meta.xml",
    ]);
    expect(files[0]?.content).toContain("<fullName>SCRM_Case_Key__c</fullName>");
    expect(files[0]?.content).toMatch(/<externalId>true<\/externalId>[\s\S]*<length>255<\/length>/);
    expect(files[0]?.content).toContain("<unique>true</unique>");
    expect(files[1]?.content).toContain("<field>Case.SCRM_Case_Key__c</field>");
    const text = formatSalesforceOrgReport(report);
    expect(text).toContain("MISSING Case.SCRM_Case_Key__c");
    expect(text).toContain("NOT ready");
  });

  it("an org without Social Customer Service is still ready (optional)", async () => {
    const report = await check({ withoutSocial: true });
    expect(report.ok).toBe(true);
    expect(report.socialCustomerService).toBe(false);
    expect(byItem(report).SocialPost).toMatchObject({ ok: false, required: false });
    expect(byItem(report)["SocialPost.ExternalPostId"]).toBeUndefined();
    expect(formatSalesforceOrgReport(report)).toContain("absent  SocialPost (optional)");
  });

  it("a missing object fails", async () => {
    const report = await check({ missingObjects: ["Contact"] });
    expect(report.ok).toBe(false);
    expect(byItem(report).Contact?.ok).toBe(false);
    expect(byItem(report)["Contact.SCRM_Social_Handle__c"]?.ok).toBe(false);
    expect(salesforceSetupFiles(report)[0]?.content).toContain("<object>Contact</object>");
  });
});

describe("customFieldMetadata", () => {
  it("escapes XML in labels and descriptions", () => {
    const xml = customFieldMetadata("Case", "X__c", "A & <B>", 'say "hi"');
    expect(xml).toContain("<label>A &amp; &lt;B&gt;</label>");
    expect(xml).toContain("<description>say &quot;hi&quot;</description>");
    expect(xml).toContain("<type>Text</type>");
    expect(xml).toContain("<fullName>X__c</fullName>");
    expect(customFieldMetadata("Case", "X__c", "X", "", "metadataApi")).toContain("<fullName>Case.X__c</fullName>");
  });
});
