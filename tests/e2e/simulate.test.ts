import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Interaction, interactionId, normaliseMeta } from "@scrm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSample, sampleKinds } from "../../scripts/lib/meta-samples";
import { metaJson } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real script as `npm run simulate` would, in a child process. */
function simulate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/simulate.ts", ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The interaction ids the script printed, in order. */
const printedIds = (run: Run) => [...run.stdout.matchAll(/^interaction (\S+)$/gm)].map((match) => match[1]);

describe("npm run simulate -- meta <kind>", () => {
  let stack: TestStack;
  let env: Record<string, string>;
  const against = (kind: string, ...more: string[]) =>
    simulate(["meta", kind, "--url", stack.url, "--secret", testSecrets.appSecret, ...more], env);

  beforeAll(async () => {
    stack = await startTestStack();
    env = { ADMIN_TOKEN: testSecrets.adminToken, DATA_DIR: stack.dataDir };
  });
  afterAll(async () => {
    await stack.stop();
    removeDir(stack.dataDir);
  });

  it("sends a comment, waits for its interaction and prints it with a curl command", async () => {
    const run = await against("comment", "--text", "שלום, איפה ההזמנה? 📦");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^HTTP 200 accepted, deliveryId \S+$/m);
    const [id] = printedIds(run);
    expect(id).toMatch(/^facebook_/);
    expect(run.stdout).toContain(
      `curl -s -H "Authorization: Bearer ${testSecrets.adminToken}" ${stack.url}/api/v1/interactions/${id}`,
    );

    const { status, body } = await stack.api<Interaction>(`/api/v1/interactions/${id}`);
    expect(status).toBe(200);
    expect([body.platform, body.kind, body.direction, body.text]).toEqual([
      "facebook",
      "comment",
      "inbound",
      "שלום, איפה ההזמנה? 📦",
    ]);
    const remembered = JSON.parse(readFileSync(join(stack.dataDir, "simulate-last.json"), "utf8"));
    expect(remembered).toEqual({ commentId: body.externalId, postId: body.threadId, text: body.text });
  });

  it("edits the comment it sent last, keeping one interaction", async () => {
    const last = JSON.parse(readFileSync(join(stack.dataDir, "simulate-last.json"), "utf8"));
    const run = await against("edit", "--text", "הגיע, תודה!");
    expect(run.code, run.stderr).toBe(0);
    const [id] = printedIds(run);
    const { body } = await stack.api<Interaction>(`/api/v1/interactions/${id}`);
    expect(body.externalId).toBe(last.commentId);
    expect(body.text).toBe("הגיע, תודה!");
    expect(body.edited?.previousText).toBe(last.text);
  });

  it("sends a WhatsApp message", async () => {
    const run = await against("whatsapp");
    expect(run.code, run.stderr).toBe(0);
    const [id] = printedIds(run);
    const { body } = await stack.api<Interaction>(`/api/v1/interactions/${id}`);
    expect([body.platform, body.kind, body.direction, body.text]).toEqual([
      "whatsapp",
      "message",
      "inbound",
      "היי, קיבלתי פולים שרופים 😕 אפשר החזר?",
    ]);
  });

  it("sends a new interaction on every run", async () => {
    const [first, second] = [await against("messenger"), await against("messenger")];
    expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
    expect(printedIds(first)[0]).not.toBe(printedIds(second)[0]);
  });

  it("sends a batch whose every event becomes an interaction", async () => {
    const run = await against("batch");
    expect(run.code, run.stderr).toBe(0);
    const ids = printedIds(run);
    expect(ids).toHaveLength(3);
    const items = await Promise.all(ids.map((id) => stack.api<Interaction>(`/api/v1/interactions/${id}`)));
    expect(items.map(({ body }) => [body.platform, body.kind, body.direction])).toEqual([
      ["facebook", "comment", "inbound"],
      ["facebook", "post", "outbound"],
      ["messenger", "message", "inbound"],
    ]);
    expect(new Set(items.map(({ body }) => body.deliveryId)).size).toBe(1);
  });

  it("exits non-zero explaining that the server's META_APP_SECRET differs when the secret is wrong", async () => {
    const run = await simulate(["meta", "comment", "--url", stack.url, "--secret", "not-the-app-secret"], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("401");
    expect(run.stderr).toContain("META_APP_SECRET differs");
  });

  it("exits non-zero telling to start the server when nothing listens", async () => {
    const run = await simulate(["meta", "comment", "--url", "http://127.0.0.1:9", "--secret", "s"], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("npm start");
  });

  it("prints the usage with --help", async () => {
    const run = await simulate(["--help"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Usage: npm run simulate -- meta <kind>");
    expect(run.stdout).toContain("whatsapp-status");
  });
});

describe("the sample payloads", () => {
  const target = { commentId: "122141721440024251_1001", postId: "104523987654321_122141721440024251", text: "hi" };

  it.each(sampleKinds)("%s normalises into exactly the interactions it expects, nothing skipped", (kind) => {
    const sample = buildSample(kind, { seed: "1763800000123456", now: new Date("2026-03-10T10:00:00Z"), target });
    const result = normaliseMeta(JSON.parse(metaJson(sample.payload)));
    expect(result.skipped).toEqual([]);
    const ids = result.observations.map((o) => interactionId(o.draft.platform, o.draft.externalId));
    expect([...new Set(ids)]).toEqual(sample.expected.map((e) => interactionId(e.platform, e.externalId)));
  });

  it("derives every id from the seed, so two runs share none", () => {
    const now = new Date();
    const ids = (seed: string) => buildSample("batch", { seed, now }).expected.map((e) => e.externalId);
    const [first, second] = [ids("1763800000111111"), ids("1763800000222222")];
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
