import type { Interaction, Logger, SyncItem } from "@scrm/core";
import { SalesforceConnector } from "@scrm/salesforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SalesforceFake, startSalesforceFake } from "../fakes/salesforce";
import { sampleInteraction } from "../support/interactions";

const logger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const item = (n: number, overrides: Partial<Interaction> = {}): SyncItem => ({
  interaction: sampleInteraction(n, { text: "where is my order", ...overrides }),
  caseKey: `thread-${n}`,
  caseState: "new",
});

describe("Salesforce's daily API allocation (Sforce-Limit-Info), against the fake with the real jsforce", () => {
  let fake: SalesforceFake;
  beforeAll(async () => {
    fake = await startSalesforceFake({ dailyApiLimit: 4 });
  });
  afterAll(() => fake.stop());

  it("past the share left to syncs, they wait without calling, with a clear error", async () => {
    const sf = new SalesforceConnector({
      auth: { instanceUrl: fake.url, accessToken: fake.accessToken },
      logger,
      social: "off",
      apiUsageCeiling: 0.5,
    });
    const calls = () => fake.requests.filter((request) => request.path.startsWith("/services/data/")).length;
    expect((await sf.sync([item(1)]))[0]?.ok).toBe(true);
    expect((await sf.sync([item(2)]))[0]?.ok).toBe(true);
    const before = calls();
    const [waiting] = await sf.sync([item(3)]);
    expect(calls()).toBe(before);
    expect(waiting).toMatchObject({ ok: false, retryable: true, error: { code: "crm.api_budget" } });
    expect(waiting && !waiting.ok ? waiting.retryAfterMs : 0).toBeGreaterThanOrEqual(60_000);
    expect(waiting && !waiting.ok ? waiting.error.message : "").toMatch(/2\/4 \(50%\)/);
  });
});
