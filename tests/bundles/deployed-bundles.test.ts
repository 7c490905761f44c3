import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdminApiApp } from "@scrm/aws";
import { interactionId, newDelivery, parseConfig } from "@scrm/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, EventBridgeEvent, ScheduledEvent } from "aws-lambda";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sstBuildOptions } from "../../bench/bundles";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { startFunctionEnvironment } from "../support/aws-functions";
import { busEvent, httpApiEvent, scheduledEvent } from "../support/lambda-events";

/**
 * The functions as they are deployed, not as the tests import them: bundled the way SST bundles
 * them (minified, tree-shaken, our packages marked free of side effects), loaded in a fresh Node
 * process and handed a real HTTP API event. A module that tree shaking dropped but that was needed
 * shows up here, and nowhere else before a deploy.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const appSecret = "bundle-app-secret";
const environmentVariables: Record<string, string> = {
  META_APP_SECRET: appSecret,
  META_VERIFY_TOKEN: "bundle-verify",
  ADMIN_TOKEN: "bundle-admin-token",
};

let environment: Awaited<ReturnType<typeof startFunctionEnvironment>>;
let dir: string;

beforeAll(async () => {
  environment = await startFunctionEnvironment("scrm-relay-bundles-test", environmentVariables);
  // Inside the repository, so what the bundles leave out resolves to node_modules (the runtime's copy on Lambda).
  mkdirSync(join(root, "bench", ".bundles"), { recursive: true });
  dir = mkdtempSync(join(root, "bench", ".bundles", "test-"));
  for (const name of ["webhook", "process-delivery", "run-rules", "admin-api", "recover-deliveries"]) {
    await build({ ...sstBuildOptions(`functions/${name}.ts`, join(dir, `${name}.mjs`)), metafile: false });
  }
}, 60_000);

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  await environment?.stop();
});

/** Loads the bundle in a fresh process with the function's environment and hands its handler one event. */
function invokeBundle(name: string, event: APIGatewayProxyEventV2): Promise<Exclude<APIGatewayProxyResultV2, string>>;
function invokeBundle(name: string, event: EventBridgeEvent<string, unknown> | ScheduledEvent): Promise<unknown>;
function invokeBundle(name: string, event: object): Promise<unknown> {
  const script = `
    const { handler } = await import(${JSON.stringify(`file://${join(dir, `${name}.mjs`)}`)});
    const event = JSON.parse(await new Response(process.stdin).text());
    process.stdout.write(JSON.stringify((await handler(event)) ?? null));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--no-warnings", "--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH ?? "", ...pick(process.env) },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`${name} bundle exited with ${code}: ${err.slice(0, 2000)}`));
      else resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify(event));
  });
}

/** The variables the stack would set (and the local endpoints standing in for AWS). */
function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = [
    "DYNAMODB_ENDPOINT",
    "DYNAMODB_TABLE",
    "EVENTBRIDGE_ENDPOINT",
    "EVENT_BUS_NAME",
    "AWS_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "LOG_LEVEL",
    ...Object.keys(environmentVariables),
  ];
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name] as string]])));
}

describe("the deployed bundles, loaded fresh and invoked", () => {
  it("webhook → process-delivery → run-rules: a signed base64 delivery stored, normalised, enriched", async () => {
    const body = JSON.stringify(
      feedCommentPayload({
        pageId: "104000000000001",
        postId: "900",
        commentId: "901",
        author: { id: "5550009", name: "דנה" },
        message: "the bundle works 🎉",
        createdTime: 1767225600,
      }),
    );
    const signature = `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
    environment.eventBridge.reset();

    const answer = await invokeBundle(
      "webhook",
      httpApiEvent({ method: "POST", path: "/webhooks/meta", headers: { "x-hub-signature-256": signature }, body }),
    );

    expect(answer.statusCode).toBe(200);
    const { deliveryId } = JSON.parse(answer.body ?? "{}") as { deliveryId: string };
    expect(await environment.deliveries.get(deliveryId)).toMatchObject({ source: "meta", body });
    expect(environment.eventBridge.entries.map((entry) => entry.DetailType)).toEqual(["delivery.received"]);

    // What EventBridge hands the next functions: each takes the event the one before published.
    const handOn = async (name: string, type: string) => {
      const entry = environment.eventBridge.entries.find((published) => published.DetailType === type);
      expect(entry, `${type} published`).toBeDefined();
      environment.eventBridge.reset();
      await invokeBundle(name, busEvent(type, JSON.parse(entry?.Detail ?? "{}")));
    };
    await handOn("process-delivery", "delivery.received");
    const id = interactionId("facebook", "900_901");
    const normalised = (await environment.interactions.get(id))?.interaction;
    expect(normalised).toMatchObject({ text: "the bundle works 🎉" });
    expect(normalised?.sentiment).toBeUndefined();
    await handOn("run-rules", "interaction.received");
    expect((await environment.interactions.get(id))?.interaction).toMatchObject({ sentiment: expect.any(Object) });
  });

  it("admin-api: /openapi.json describes the same routes and schemas as the unbundled app", async () => {
    const answer = await invokeBundle("admin-api", httpApiEvent({ method: "GET", path: "/openapi.json" }));
    expect(answer.statusCode).toBe(200);
    const bundled = JSON.parse(answer.body ?? "{}") as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };

    const app = createAdminApiApp(parseConfig({ ...process.env }));
    const unbundled = (await (await app.request("/openapi.json")).json()) as typeof bundled;

    expect(Object.keys(bundled.paths).sort()).toEqual(Object.keys(unbundled.paths).sort());
    expect(Object.keys(bundled.components.schemas).sort()).toEqual(Object.keys(unbundled.components.schemas).sort());
    expect(Object.keys(bundled.paths)).toContain("/webhooks/meta");
  });

  it("admin-api: the bundled admin API answers with the token and refuses without it", async () => {
    const unauthorised = await invokeBundle("admin-api", httpApiEvent({ method: "GET", path: "/api/v1/rules" }));
    expect(unauthorised.statusCode).toBe(401);
    const rules = await invokeBundle(
      "admin-api",
      httpApiEvent({
        method: "GET",
        path: "/api/v1/rules",
        headers: { authorization: `Bearer ${environmentVariables.ADMIN_TOKEN}` },
      }),
    );
    expect(rules.statusCode).toBe(200);
  });

  it("recover-deliveries: the scheduled run republishes a stranded delivery and sweeps the outbox", async () => {
    const stranded = newDelivery(
      "meta",
      JSON.stringify({ object: "page", entry: [] }),
      new Date(Date.now() - 5 * 60_000),
    );
    await environment.deliveries.save(stranded);
    environment.eventBridge.reset();

    const result = (await invokeBundle("recover-deliveries", scheduledEvent())) as { republished: number };

    expect(result.republished).toBeGreaterThanOrEqual(1);
    const republished = environment.eventBridge.entries.filter((entry) => entry.DetailType === "delivery.received");
    expect(republished.map((entry) => (JSON.parse(entry.Detail) as { deliveryId: string }).deliveryId)).toContain(
      stranded.id,
    );
  });
});
