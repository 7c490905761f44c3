import type { Logger, RuleHits, RuleStore } from "../ports";
import { type CompiledRuleSet, compileRules } from "../rule";

/**
 * Compiled rule sets per workspace, compiled once per revision: every pass reads the revision
 * (one small consistent read) and compiles again only when a rule or calendar changed.
 */
export class RuleSets {
  private readonly cache = new Map<string, { revision: number; set: CompiledRuleSet }>();

  constructor(
    private readonly store: RuleStore,
    private readonly logger: Logger,
  ) {}

  async current(workspaceId: string): Promise<CompiledRuleSet> {
    const revision = await this.store.revision(workspaceId);
    const cached = this.cache.get(workspaceId);
    if (cached && cached.revision === revision) return cached.set;
    const [rules, calendars] = await Promise.all([this.store.list(workspaceId), this.store.listCalendars(workspaceId)]);
    const set = compileRules(rules, { calendars: new Map(calendars.map((calendar) => [calendar.id, calendar])) });
    if (set.warnings.length)
      this.logger.warn("rule set compiled with warnings", { workspaceId, warnings: set.warnings });
    this.cache.set(workspaceId, { revision, set });
    return set;
  }
}

/**
 * Counts rule hits in memory and writes them in one go (every few seconds on the embedded stack,
 * at the end of an invocation on AWS): a hot rule must not turn every match into a write.
 */
export class RuleHitCounter {
  private pending = new Map<string, Map<string, RuleHits>>();

  add(workspaceId: string, ruleIds: string[], at: string, count = 1): void {
    if (!ruleIds.length) return;
    const byRule = this.pending.get(workspaceId) ?? new Map<string, RuleHits>();
    for (const ruleId of ruleIds) {
      const known = byRule.get(ruleId);
      const lastAt = known && known.lastAt > at ? known.lastAt : at;
      byRule.set(ruleId, { ruleId, count: (known?.count ?? 0) + count, lastAt });
    }
    this.pending.set(workspaceId, byRule);
  }

  async flush(store: RuleStore): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    for (const [workspaceId, byRule] of batch) {
      try {
        await store.recordHits(workspaceId, [...byRule.values()]);
      } catch (error) {
        // Counts are statistics: keep them for the next flush rather than fail a pass.
        for (const hits of byRule.values()) this.add(workspaceId, [hits.ruleId], hits.lastAt, hits.count);
        throw error;
      }
    }
  }
}
