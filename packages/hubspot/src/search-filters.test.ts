import { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubSpotFake, startHubSpotFake } from "../../../tests/fakes/hubspot";
import { inFilterGroups, type SearchFilter, searchFilterGroups, searchFilters, searchLimits } from "./search-filters";

const eq = (propertyName: string, value: string): SearchFilter => ({ propertyName, operator: "EQ", value });

describe("searchFilterGroups", () => {
  it("renders typed filters in the client's shape, values as strings", () => {
    expect(
      searchFilterGroups([
        [eq("scrm_case_key", "t1"), { propertyName: "hs_ticket_priority", operator: "IN", values: ["HIGH", 2, true] }],
        [{ propertyName: "createdate", operator: "BETWEEN", value: 1, highValue: 2 }],
        [{ propertyName: "email", operator: "HAS_PROPERTY" }],
      ]),
    ).toEqual([
      {
        filters: [
          { propertyName: "scrm_case_key", operator: "EQ", value: "t1" },
          { propertyName: "hs_ticket_priority", operator: "IN", values: ["HIGH", "2", "true"] },
        ],
      },
      { filters: [{ propertyName: "createdate", operator: "BETWEEN", value: "1", highValue: "2" }] },
      { filters: [{ propertyName: "email", operator: "HAS_PROPERTY" }] },
    ]);
  });

  it.each<[string, () => unknown]>([
    ["a bad property name", () => searchFilters(eq("name' OR 1", "x"))],
    ["an empty property name", () => searchFilters(eq("", "x"))],
    ["too many groups", () => searchFilterGroups(Array.from({ length: 6 }, () => [eq("a", "1")]))],
    ["too many filters in a group", () => searchFilters(...Array.from({ length: 11 }, () => eq("a", "1")))],
    ["too many filters in all", () => searchFilterGroups(Array.from({ length: 5 }, () => Array(6).fill(eq("a", "1"))))],
    ["an empty group", () => searchFilterGroups([[]])],
    ["101 IN values", () => searchFilters({ propertyName: "a", operator: "IN", values: Array(101).fill("x") })],
    ["an empty IN", () => searchFilters({ propertyName: "a", operator: "IN", values: [] })],
    ["a NaN value", () => searchFilters({ propertyName: "a", operator: "GT", value: Number.NaN })],
    ["an unknown operator", () => searchFilters({ propertyName: "a", operator: "LIKE", value: "x" } as never)],
  ])("refuses %s", (_, build) => {
    expect(build).toThrow(expect.objectContaining({ code: "hubspot.search_filter" }));
  });

  it("splits a long IN into 100-value groups", () => {
    const groups = inFilterGroups(
      "scrm_interaction_id",
      Array.from({ length: 250 }, (_, i) => `id${i}`),
    );
    expect(groups.map((g) => g.filters[0]?.values?.length)).toEqual([100, 100, 50]);
    expect(() => inFilterGroups("a", Array(501).fill("x"))).toThrow();
    expect(searchLimits).toEqual({ groups: 5, filtersPerGroup: 10, filters: 25, values: 100 });
  });
});

describe("against the HubSpot fake", () => {
  let fake: HubSpotFake;
  let client: Client;
  beforeAll(async () => {
    fake = await startHubSpotFake({ withProperties: true });
    client = new Client({ accessToken: "test-token", basePath: fake.url, numberOfApiCallRetries: 0 });
    for (const key of ["a'b", "שלום", "c\\d"]) fake.insert("tickets", { subject: key, scrm_case_key: key });
  });
  afterAll(() => fake.stop());

  it("finds tickets by a built IN filter", async () => {
    const page = await client.crm.tickets.searchApi.doSearch({
      filterGroups: searchFilters({ propertyName: "scrm_case_key", operator: "IN", values: ["a'b", "שלום", "zzz"] }),
      properties: ["scrm_case_key"],
      limit: 10,
    });
    expect(page.results.map((r) => r.properties.scrm_case_key).sort()).toEqual(["a'b", "שלום"].sort());
  });
});
