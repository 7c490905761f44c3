import { existsSync, readFileSync } from "node:fs";
import { routes } from "@scrm/core";
import { describe, expect, it } from "vitest";

const handlers = [...new Set(routes.map((route) => route.handler))];
const source = (handler: string) => readFileSync(new URL(`./${handler}.ts`, import.meta.url), "utf8");

describe("the routing table and the Lambda entry points stacks/bus.ts builds from it", () => {
  it.each(handlers)("%s has functions/<handler>.ts exporting `handler`", (handler) => {
    expect(existsSync(new URL(`./${handler}.ts`, import.meta.url))).toBe(true);
    expect(source(handler)).toMatch(/export const handler\b/);
  });

  it("a batched route's function consumes SQS batches with partial responses; the others take EventBridge events", () => {
    for (const handler of handlers) {
      const batched = routes.some((route) => route.handler === handler && route.batch);
      expect(source(handler).includes("sqsBatchHandler"), handler).toBe(batched);
    }
  });
});
