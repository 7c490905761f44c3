import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { interactionId } from "@scrm/core";
import { afterAll, describe, expect, it } from "vitest";
import { feedCommentPayload } from "../../scripts/lib/meta-samples";
import { sendMetaDelivery } from "../../scripts/lib/meta-wire";
import { removeDir, startTestStack, type TestStack, testSecrets } from "../support/stack";

const rulesYaml = (afterHoursTag: string) => `
# Rules as code: validated like the admin API, versioned when they change.
calendars:
  - id: always-open
    timezone: Asia/Jerusalem
    week: { sun: [["00:00", "24:00"]], mon: [["00:00", "24:00"]], tue: [["00:00", "24:00"]], wed: [["00:00", "24:00"]],
            thu: [["00:00", "24:00"]], fri: [["00:00", "24:00"]], sat: [["00:00", "24:00"]] }
  - id: never-open
    timezone: America/New_York
    week: {}
rules:
  - id: office-hours
    name: Seen during office hours
    order: 10
    when: { field: occurredAt, op: withinBusinessHours, value: always-open }
    then: [{ type: tag, tags: [office-hours] }]
  - id: after-hours
    name: Nobody is in
    order: 20
    when: { not: { field: occurredAt, op: withinBusinessHours, value: never-open } }
    then: [{ type: tag, tags: [${afterHoursTag}] }, { type: assign, assignee: on-call }]
`;

interface Rule {
  id: string;
  version: number;
  updatedBy: string;
}

describe("rules as code (RULES_FILE) and business-hours calendars", () => {
  const dir = mkdtempSync(join(tmpdir(), "scrm-rules-"));
  const dataDir = mkdtempSync(join(tmpdir(), "scrm-rules-data-"));
  const file = join(dir, "rules.yaml");
  const start = () => startTestStack({ onDisk: true, dataDir, env: { RULES_FILE: file } });
  let stack: TestStack | undefined;

  afterAll(async () => {
    await stack?.stop();
    removeDir(dir);
    removeDir(dataDir);
  });

  it("loads the file at start, and the rules use the calendars in it", async () => {
    writeFileSync(file, rulesYaml("after-hours"));
    stack = await start();
    const rules = await stack.api<{ items: Rule[] }>("/api/v1/rules");
    expect(rules.body.items.map((rule) => [rule.id, rule.version, rule.updatedBy])).toEqual([
      ["office-hours", 1, `file:${file}`],
      ["after-hours", 1, `file:${file}`],
    ]);
    const calendars = await stack.api<{ items: Array<{ id: string }> }>("/api/v1/calendars");
    expect(calendars.body.items.map((calendar) => calendar.id).sort()).toEqual(["always-open", "never-open"]);

    const payload = feedCommentPayload({
      pageId: "104817932345678",
      postId: "9001",
      commentId: "1",
      author: { id: "920001", name: "Late Customer" },
      message: "anyone there?",
      createdTime: 1_763_800_000,
    });
    expect((await sendMetaDelivery(stack.url, testSecrets.appSecret, payload)).status).toBe(200);
    await stack.settled();
    const found = await stack.api<{ tags: string[]; assignee?: string }>(
      `/api/v1/interactions/${interactionId("facebook", "9001_1")}`,
    );
    expect(found.body.tags).toEqual(["office-hours", "after-hours"]);
    expect(found.body.assignee).toBe("on-call");
  });

  it("a restart with the same file makes no new version; a changed rule gets one", async () => {
    await stack?.stop();
    stack = await start();
    let rules = await stack.api<{ items: Rule[] }>("/api/v1/rules");
    expect(rules.body.items.map((rule) => rule.version)).toEqual([1, 1]);

    await stack.stop();
    writeFileSync(file, rulesYaml("night-shift"));
    stack = await start();
    rules = await stack.api<{ items: Rule[] }>("/api/v1/rules");
    expect(rules.body.items.map((rule) => [rule.id, rule.version])).toEqual([
      ["office-hours", 1],
      ["after-hours", 2],
    ]);
    const audit = await stack.api<{ items: Array<{ action: string; actor: string }> }>(
      "/api/v1/audit?entity=rule&entityId=after-hours",
    );
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ action: "rule.updated", actor: `file:${file}` }));
    await stack.stop();
    stack = undefined;
  });

  it("refuses to start with an invalid file, naming the file and every path", async () => {
    writeFileSync(
      file,
      rulesYaml("x").replace("op: withinBusinessHours, value: always-open", "op: containz, value: x"),
    );
    await expect(start()).rejects.toThrow(`${file}: rules[0].when.op: unknown operator "containz"`);
  });
});

describe("the shipped example rules file", () => {
  it("is valid, so `RULES_FILE=examples/rules.yaml npm start` works", async () => {
    const { parseRulesFile } = await import("@scrm/core");
    const { readFileSync } = await import("node:fs");
    const file = parseRulesFile(readFileSync("examples/rules.yaml", "utf8"), "examples/rules.yaml");
    expect(file.rules.map((rule) => rule.id)).toEqual(["spam", "vip-complaints", "hebrew-queue", "after-hours"]);
    expect(file.calendars.map((calendar) => calendar.id)).toEqual(["support-il"]);
  });
});
