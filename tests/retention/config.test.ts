import { parseConfig } from "@scrm/core";
import { describe, expect, it } from "vitest";

describe("DELIVERY_RETENTION_DAYS", () => {
  it("defaults to 30 days; unset and empty mean the default", () => {
    expect(parseConfig({}).DELIVERY_RETENTION_DAYS).toBe(30);
    expect(parseConfig({ DELIVERY_RETENTION_DAYS: "" }).DELIVERY_RETENTION_DAYS).toBe(30);
    expect(parseConfig({ DELIVERY_RETENTION_DAYS: "90" }).DELIVERY_RETENTION_DAYS).toBe(90);
    expect(parseConfig({ DELIVERY_RETENTION_DAYS: "8" }).DELIVERY_RETENTION_DAYS).toBe(8);
  });

  it("refuses less than 8 days (platforms retry for up to 7), fractions and words, naming the variable", () => {
    expect(() => parseConfig({ DELIVERY_RETENTION_DAYS: "7" })).toThrow(
      /DELIVERY_RETENTION_DAYS: must be at least 8 days/,
    );
    expect(() => parseConfig({ DELIVERY_RETENTION_DAYS: "0" })).toThrow(/DELIVERY_RETENTION_DAYS/);
    expect(() => parseConfig({ DELIVERY_RETENTION_DAYS: "10.5" })).toThrow(/DELIVERY_RETENTION_DAYS/);
    expect(() => parseConfig({ DELIVERY_RETENTION_DAYS: "forever" })).toThrow(/DELIVERY_RETENTION_DAYS/);
  });
});
