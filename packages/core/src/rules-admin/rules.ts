import { randomBytes } from "node:crypto";
import { ConflictError, notFound, RelayError } from "../errors";
import type { AuditLog, Clock, RuleHits, RuleStore, RuleVersion } from "../ports";
import { parseRuleInput, type Rule, type RuleInput } from "../rule";
import { slugOf } from "./slug";
import { auditVersion, checkExpectedVersion, ruleKind, saveVersion } from "./versioned";

export interface RulesAdminDeps {
  rules: RuleStore;
  audit: AuditLog;
  clock: Clock;
}

export type RuleWithStats = Rule & { stats: { hits: number; lastHitAt?: string } };

export async function listRules(deps: RulesAdminDeps, workspaceId: string): Promise<RuleWithStats[]> {
  const [rules, hits] = await Promise.all([deps.rules.list(workspaceId), deps.rules.hits(workspaceId)]);
  return rules
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((rule) => withStats(rule, hits.get(rule.id)));
}

export async function getRule(deps: RulesAdminDeps, workspaceId: string, id: string): Promise<RuleWithStats> {
  const rule = await deps.rules.get(workspaceId, id);
  if (!rule) throw notFound("rule.not_found", `no rule with id ${id} in workspace ${workspaceId}`);
  const hits = await deps.rules.hits(workspaceId);
  return withStats(rule, hits.get(id));
}

export async function ruleVersions(deps: RulesAdminDeps, workspaceId: string, id: string): Promise<RuleVersion[]> {
  const versions = await deps.rules.versions(workspaceId, id);
  if (!versions.length) throw notFound("rule.not_found", `no rule with id ${id} in workspace ${workspaceId}`);
  return versions;
}

/** `POST /rules`: version 1 of a new rule. */
export async function createRule(deps: RulesAdminDeps, body: unknown, actor: string): Promise<Rule> {
  const input = parseRuleInput(body);
  // Without an id, the slug of the name, made unique with a short suffix when taken.
  const wanted = input.id ?? slugOf(input.name, "rule");
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = input.id || attempt === 0 ? wanted : `${wanted.slice(0, 58)}-${randomBytes(3).toString("hex")}`;
    const rule = stamp({ ...input, id }, 1, actor, deps.clock.now().toISOString());
    try {
      await deps.rules.save(rule, undefined);
    } catch (error) {
      if (error instanceof ConflictError && !input.id) continue;
      if (error instanceof ConflictError) {
        throw new RelayError(
          "conflict",
          "rule.exists",
          `a rule with id ${id} exists already: PUT /rules/${id} changes it`,
        );
      }
      throw error;
    }
    await auditVersion(deps.audit, ruleKind, rule, actor, "rule.created");
    return rule;
  }
  throw new RelayError("conflict", "rule.exists", `could not find a free id for "${input.name}"`);
}

/**
 * `PUT /rules/:id`: a new version replacing the rule (creating it when absent). `expectedVersion`
 * (from `If-Match`) makes a concurrent edit fail instead of silently winning.
 */
export async function replaceRule(
  deps: RulesAdminDeps,
  workspaceId: string,
  id: string,
  body: unknown,
  actor: string,
  expectedVersion?: number,
): Promise<Rule> {
  const input = parseRuleInput({ workspaceId, ...(body as object), id });
  const current = await deps.rules.get(input.workspaceId, id);
  checkExpectedVersion(ruleKind, id, current?.version, expectedVersion);
  const latest = current ? current.version : await latestVersion(deps, input.workspaceId, id);
  const rule = stamp({ ...input, id }, latest + 1, actor, deps.clock.now().toISOString(), current?.createdAt);
  await saveVersion(ruleKind, id, () => deps.rules.save(rule, latest || undefined));
  await auditVersion(deps.audit, ruleKind, rule, actor, current ? "rule.updated" : "rule.created");
  return rule;
}

/** `DELETE /rules/:id`: a tombstone version, so every earlier version stays readable. */
export async function deleteRule(deps: RulesAdminDeps, workspaceId: string, id: string, actor: string): Promise<void> {
  const current = await deps.rules.get(workspaceId, id);
  if (!current) throw notFound("rule.not_found", `no rule with id ${id} in workspace ${workspaceId}`);
  const at = deps.clock.now().toISOString();
  const tombstone: RuleVersion = {
    ...current,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: actor,
    deletedAt: at,
  };
  await deps.rules.save(tombstone, current.version);
  await auditVersion(deps.audit, ruleKind, tombstone, actor, "rule.deleted");
}

/** Rules as code: the same as a PUT for each rule whose content differs from the stored version. */
export async function applyRuleInputs(deps: RulesAdminDeps, inputs: RuleInput[], actor: string): Promise<string[]> {
  const changed: string[] = [];
  for (const input of inputs) {
    if (!input.id) throw new RelayError("input", "rule.invalid", `rule "${input.name}" needs an id to be kept as code`);
    const current = await deps.rules.get(input.workspaceId, input.id);
    if (current && sameContent(current, input)) continue;
    await replaceRule(deps, input.workspaceId, input.id, input, actor, current?.version);
    changed.push(input.id);
  }
  return changed;
}

async function latestVersion(deps: RulesAdminDeps, workspaceId: string, id: string): Promise<number> {
  const versions = await deps.rules.versions(workspaceId, id);
  return versions.at(-1)?.version ?? 0;
}

function stamp(
  input: RuleInput & { id: string },
  version: number,
  actor: string,
  at: string,
  createdAt?: string,
): Rule {
  return { ...input, id: input.id, version, createdAt: createdAt ?? at, updatedAt: at, updatedBy: actor } as Rule;
}

function sameContent(rule: Rule, input: RuleInput): boolean {
  const { version: _v, createdAt: _c, updatedAt: _u, updatedBy: _b, ...content } = rule;
  return JSON.stringify(sortKeys(content)) === JSON.stringify(sortKeys({ ...input, id: rule.id }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

function withStats(rule: Rule, hits: RuleHits | undefined): RuleWithStats {
  return { ...rule, stats: { hits: hits?.count ?? 0, ...(hits ? { lastHitAt: hits.lastAt } : {}) } };
}
