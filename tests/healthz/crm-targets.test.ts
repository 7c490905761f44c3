import { createWebhookApp } from "@scrm/aws/webhook-app";
import { configuredIntegrations, parseConfig } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startTestStack, type TestStack } from "../support/stack";

/** What the webhook function gets on AWS: the platforms' secrets and plain settings, never a CRM credential. */
const webhookFunction = {
  META_APP_SECRET: "s",
  META_VERIFY_TOKEN: "v",
  DYNAMODB_TABLE: "unused",
  AWS_REGION: "eu-west-1",
  SALESFORCE_WEBHOOK_SECRET: "callout-secret",
};

describe("CRM_TARGETS: which CRMs are configured, for processes without their credentials", () => {
  it("parses a comma list of known CRMs, and refuses an unknown one, naming it", () => {
    expect(parseConfig({ CRM_TARGETS: " Salesforce, hubspot ,salesforce" }).CRM_TARGETS).toEqual([
      "salesforce",
      "hubspot",
    ]);
    expect(parseConfig({}).CRM_TARGETS).toEqual([]);
    expect(parseConfig({ CRM_TARGETS: "" }).CRM_TARGETS).toEqual([]);
    expect(() => parseConfig({ CRM_TARGETS: "salesforce,zendesk" })).toThrow(/CRM_TARGETS: unknown CRM "zendesk"/);
  });

  it("stands in for credentials this process does not hold", () => {
    const none = configuredIntegrations(parseConfig(webhookFunction)).crms;
    expect(none).toEqual({ salesforce: false, hubspot: false });
    const both = configuredIntegrations(parseConfig({ ...webhookFunction, CRM_TARGETS: "salesforce,hubspot" })).crms;
    expect(both).toEqual({ salesforce: true, hubspot: true });
    const one = configuredIntegrations(parseConfig({ ...webhookFunction, CRM_TARGETS: "hubspot" })).crms;
    expect(one).toEqual({ salesforce: false, hubspot: true });
  });

  it("never overrides credentials the process does hold: a half-set group stays not configured", () => {
    const halfSet = parseConfig({
      ...webhookFunction,
      CRM_TARGETS: "salesforce",
      SALESFORCE_LOGIN_URL: "https://login.salesforce.com",
    });
    expect(configuredIntegrations(halfSet).crms.salesforce).toBe(false);
    const complete = parseConfig({
      HUBSPOT_ACCESS_TOKEN: "pat-1",
      SALESFORCE_INSTANCE_URL: "https://x",
      SALESFORCE_ACCESS_TOKEN: "t",
    });
    expect(configuredIntegrations(complete).crms).toEqual({ salesforce: true, hubspot: true });
  });

  it("is ignored when the caller says its credentials alone decide (the embedded stack)", () => {
    const config = parseConfig({ ...webhookFunction, CRM_TARGETS: "salesforce,hubspot" });
    expect(configuredIntegrations(config, { declaredCrms: false }).crms).toEqual({ salesforce: false, hubspot: false });
  });

  it("the AWS webhook function's /healthz reports the CRMs the stack names, without their secrets", async () => {
    const before = createWebhookApp(parseConfig(webhookFunction));
    expect(await (await before.request("/healthz")).json()).toMatchObject({
      mode: "aws",
      crms: { salesforce: false, hubspot: false },
    });
    const app = createWebhookApp(parseConfig({ ...webhookFunction, CRM_TARGETS: "salesforce,hubspot" }));
    const health = await app.request("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      mode: "aws",
      platforms: { meta: true },
      crms: { salesforce: true, hubspot: true },
    });
  });
});

describe("the embedded stack's /healthz with CRM_TARGETS set", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ env: { CRM_TARGETS: "salesforce,hubspot", HUBSPOT_ACCESS_TOKEN: "pat-local" } });
  });
  afterAll(async () => {
    await stack?.stop();
    if (stack) removeDir(stack.dataDir);
  });

  it("is unchanged: only the credentials it holds count", async () => {
    const health = await fetch(`${stack.url}/healthz`);
    expect(await health.json()).toMatchObject({ mode: "embedded", crms: { salesforce: false, hubspot: true } });
  });
});
