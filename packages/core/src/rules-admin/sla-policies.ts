import { ConflictError, inputError, notFound, RelayError } from "../errors";
import type { FieldIssue } from "../rule";
import { parseSlaPolicyInput, type SlaPolicy, type SlaPolicyInput } from "../sla/policy";
import type { RulesAdminDeps } from "./rules";
import { slugOf } from "./slug";
import { auditVersion, checkExpectedVersion, saveVersion, slaPolicyKind } from "./versioned";

/** `GET /sla-policies`: in the order they are tried (`order`, then `id`). */
export async function listSlaPolicies(deps: RulesAdminDeps, workspaceId: string): Promise<SlaPolicy[]> {
  const policies = await deps.rules.listPolicies(workspaceId);
  return policies.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export async function getSlaPolicy(deps: RulesAdminDeps, workspaceId: string, id: string): Promise<SlaPolicy> {
  const policy = await deps.rules.getPolicy(workspaceId, id);
  if (!policy) throw policyNotFound(workspaceId, id);
  return policy;
}

/**
 * `POST /sla-policies`: version 1 of a new policy. Its id is the one given or the slug of its name;
 * never a made-up unique one, because rules name the policy (`startSla`) and must be able to guess it.
 */
export async function createSlaPolicy(deps: RulesAdminDeps, body: unknown, actor: string): Promise<SlaPolicy> {
  const input = await validPolicy(deps, body);
  const id = input.id ?? slugOf(input.name ?? "", "");
  if (!id) {
    throw invalid([{ field: "id", message: "required when there is no name with letters or digits to make it from" }]);
  }
  const policy = stamp(input, id, 1, actor, deps.clock.now().toISOString());
  try {
    await deps.rules.savePolicy(policy, undefined);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    throw new RelayError(
      "conflict",
      "sla_policy.exists",
      `an SLA policy with id ${id} exists already in workspace ${policy.workspaceId}: PUT /sla-policies/${id} changes it`,
    );
  }
  await auditVersion(deps.audit, slaPolicyKind, policy, actor, "sla_policy.created");
  return policy;
}

/**
 * `PUT /sla-policies/:id`: replaces the policy (creating it when absent). `expectedVersion` (from
 * `If-Match`) makes a concurrent edit fail instead of silently winning.
 */
export async function replaceSlaPolicy(
  deps: RulesAdminDeps,
  workspaceId: string,
  id: string,
  body: unknown,
  actor: string,
  expectedVersion?: number,
): Promise<SlaPolicy> {
  const input = await validPolicy(deps, { workspaceId, ...(body as object), id });
  const current = await deps.rules.getPolicy(input.workspaceId, id);
  checkExpectedVersion(slaPolicyKind, id, current?.version, expectedVersion);
  const policy = stamp(input, id, (current?.version ?? 0) + 1, actor, deps.clock.now().toISOString());
  await saveVersion(slaPolicyKind, id, () => deps.rules.savePolicy(policy, current?.version));
  await auditVersion(deps.audit, slaPolicyKind, policy, actor, current ? "sla_policy.updated" : "sla_policy.created");
  return policy;
}

export async function deleteSlaPolicy(
  deps: RulesAdminDeps,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<void> {
  // Read first only so the audit entry can say which version was deleted.
  const current = await getSlaPolicy(deps, workspaceId, id);
  if (!(await deps.rules.removePolicy(workspaceId, id))) throw policyNotFound(workspaceId, id);
  const deleted = { ...current, updatedAt: deps.clock.now().toISOString() };
  await auditVersion(deps.audit, slaPolicyKind, deleted, actor, "sla_policy.deleted");
}

/** The schema's checks, then the one it cannot make alone: a named calendar must exist in the policy's workspace. */
async function validPolicy(deps: RulesAdminDeps, body: unknown): Promise<SlaPolicyInput> {
  const input = parseSlaPolicyInput(body);
  if (input.calendar !== undefined && !(await deps.rules.getCalendar(input.workspaceId, input.calendar))) {
    throw invalid([
      {
        field: "calendar",
        message: `no calendar with id ${input.calendar} in workspace ${input.workspaceId}: PUT /calendars/${input.calendar} first`,
      },
    ]);
  }
  return input;
}

function stamp(input: SlaPolicyInput, id: string, version: number, actor: string, at: string): SlaPolicy {
  return { ...input, id, version, updatedAt: at, updatedBy: actor };
}

const invalid = (details: FieldIssue[]) =>
  inputError("sla_policy.invalid", details.map((d) => `${d.field}: ${d.message}`).join("; "), details);

const policyNotFound = (workspaceId: string, id: string) =>
  notFound("sla_policy.not_found", `no SLA policy with id ${id} in workspace ${workspaceId}`);
