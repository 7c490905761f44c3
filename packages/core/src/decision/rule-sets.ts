import type { NamedCalendar } from "../calendar";
import type { Logger, RuleHits, RuleStore } from "../ports";
import { type CompiledRuleSet, compileRules } from "../rule";
import type { ResolvedPolicy } from "../sla/clock";

/** A workspace's SLA policies, each with the business hours its clocks run in. */
export interface WorkspacePolicies {
  get(id: string): ResolvedPolicy | undefined;
  /** Enabled policies in `order`, then id: the first whose conditions hold is picked by itself. */
  readonly enabled: readonly ResolvedPolicy[];
  /** The named calendars their conditions may use (`withinBusinessHours`). */
  readonly calendars: ReadonlyMap<string, NamedCalendar>;
}

interface Compiled {
  revision: number;
  set: CompiledRuleSet;
  policies: WorkspacePolicies;
}

/**
 * Compiled rule sets (and SLA policies) per workspace, compiled once per revision: every pass reads
 * the revision (one small consistent read) and compiles again only when a rule, calendar or policy
 * changed.
 */
export class RuleSets {
  private readonly cache = new Map<string, Compiled>();

  constructor(
    private readonly store: RuleStore,
    private readonly logger: Logger,
  ) {}

  async current(workspaceId: string): Promise<CompiledRuleSet> {
    return (await this.compiled(workspaceId)).set;
  }

  async policies(workspaceId: string): Promise<WorkspacePolicies> {
    return (await this.compiled(workspaceId)).policies;
  }

  /** Rules and policies of one revision, for a pass that needs both (one revision read, not two). */
  async both(workspaceId: string): Promise<{ rules: CompiledRuleSet; policies: WorkspacePolicies }> {
    const { set, policies } = await this.compiled(workspaceId);
    return { rules: set, policies };
  }

  private async compiled(workspaceId: string): Promise<Compiled> {
    const revision = await this.store.revision(workspaceId);
    const cached = this.cache.get(workspaceId);
    if (cached && cached.revision === revision) return cached;
    const [rules, calendarList, policyList] = await Promise.all([
      this.store.list(workspaceId),
      this.store.listCalendars(workspaceId),
      this.store.listPolicies(workspaceId),
    ]);
    const calendars = new Map(calendarList.map((calendar) => [calendar.id, calendar]));
    const set = compileRules(rules, { calendars });
    if (set.warnings.length)
      this.logger.warn("rule set compiled with warnings", { workspaceId, warnings: set.warnings });
    const resolved = new Map<string, ResolvedPolicy>();
    for (const policy of policyList) {
      const calendar = policy.businessHours ?? (policy.calendar ? calendars.get(policy.calendar) : undefined);
      if (policy.calendar && !calendar)
        this.logger.warn("SLA policy names a missing calendar; its clocks run 24/7", {
          workspaceId,
          policy: policy.id,
        });
      resolved.set(policy.id, { policy, calendar });
    }
    const enabled = [...resolved.values()]
      .filter(({ policy }) => policy.enabled)
      .sort((a, b) => a.policy.order - b.policy.order || a.policy.id.localeCompare(b.policy.id));
    const entry = { revision, set, policies: { get: (id: string) => resolved.get(id), enabled, calendars } };
    this.cache.set(workspaceId, entry);
    return entry;
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
