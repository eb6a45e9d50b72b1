// Apply, phase 3: turns a drift report into the IAM calls that make IAM match the files, withholding calls on foreign resources.
import { minify } from '../policy-compare';
import type { Tag } from '../types';
import type { DriftItem, DriftReport } from './drift';
import type { LocalAccount } from './local';
import { MANAGED_TAG } from './ownership';

/** IAM keeps at most 5 versions of a managed policy. */
export const MAX_POLICY_VERSIONS = 5;

export type PlanStep =
  | { op: 'CreatePolicy'; account: string; policyName: string; path: string; arn: string; document: string; summary: string }
  | { op: 'DeletePolicyVersion'; account: string; arn: string; versionId: string; summary: string }
  | { op: 'CreatePolicyVersion'; account: string; arn: string; document: string; summary: string }
  | { op: 'CreateRole'; account: string; roleName: string; path: string; arn: string; trustPolicy: string; summary: string }
  | { op: 'UpdateAssumeRolePolicy'; account: string; roleName: string; trustPolicy: string; summary: string }
  | { op: 'AttachRolePolicy'; account: string; roleName: string; policyArn: string; summary: string }
  | { op: 'AttachUserPolicy'; account: string; userName: string; policyArn: string; summary: string }
  | { op: 'CreateInstanceProfile'; account: string; name: string; path: string; summary: string }
  | { op: 'AddRoleToInstanceProfile'; account: string; name: string; roleName: string; summary: string }
  | { op: 'TagRole'; account: string; roleName: string; arn: string; tags: Tag[]; summary: string }
  | { op: 'TagPolicy'; account: string; policyName: string; arn: string; tags: Tag[]; summary: string };

/** An existing role or managed policy without our tag: someone else's, left alone unless adopted by name. */
export interface ForeignResource {
  kind: 'role' | 'policy';
  name: string;
  arn: string;
  /** The calls apply would make on it if it were adopted (empty: it already matches the files). */
  changes: string[];
  adopted: boolean;
}

export interface PlanOptions {
  /** Names of foreign roles / managed policies the user chose to hand over to apply (it tags them, then changes them). */
  adopt?: readonly string[];
}

export interface AccountPlan {
  account: string;
  accountId: string;
  steps: PlanStep[];
  /** Differences to show before confirming (missing or differing documents). */
  diffs: DriftItem[];
  /** Things the plan will not do, with the reason and what the user can do instead (foreign resources are in `foreign`). */
  blocked: string[];
  /** Every existing role and managed policy of the plan that apply did not create (see `foreignMessage`). */
  foreign: ForeignResource[];
}

/** Turns a drift report into the calls that make IAM match the local files. Nothing is ever deleted except old versions of our own policies. */
export function planFromDrift(local: LocalAccount, drift: DriftReport, options: PlanOptions = {}): AccountPlan {
  const steps: PlanStep[] = [];
  const blocked = [...local.problems];
  const account = local.name;
  for (const p of local.policies) {
    const f = drift.facts.policies.get(p.arn);
    const document = minify(p.document);
    if (!f?.exists) {
      steps.push({
        op: 'CreatePolicy',
        account,
        policyName: p.name,
        path: '/',
        arn: p.arn,
        document,
        summary: `Create managed policy ${p.name} from ${p.file}`,
      });
    } else if (!f.same) {
      const versions = f.versions ?? [];
      if (versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = versions.filter((v) => !v.isDefault).sort(byAge)[0];
        if (!oldest) {
          blocked.push(
            `Managed policy ${p.name} already has ${versions.length} versions and none of them can be deleted: run \`aws iam delete-policy-version --policy-arn ${p.arn} --version-id <old version>\` and apply again.`,
          );
          continue;
        }
        steps.push({
          op: 'DeletePolicyVersion',
          account,
          arn: p.arn,
          versionId: oldest.versionId,
          summary: `Delete the oldest non-default version ${oldest.versionId} of ${p.name} (IAM keeps at most 5)`,
        });
      }
      steps.push({ op: 'CreatePolicyVersion', account, arn: p.arn, document, summary: `Set a new default version of ${p.name} from ${p.file}` });
    }
  }
  const r = local.role;
  const role = drift.facts.role;
  if (r) {
    if (!role?.exists) {
      if (r.trust)
        steps.push({
          op: 'CreateRole',
          account,
          roleName: r.name,
          path: r.path,
          arn: r.arn,
          trustPolicy: minify(r.trust.document),
          summary: `Create role ${r.name} with the trust policy ${r.trust.file}`,
        });
    } else if (r.trust && !role.sameTrust) {
      steps.push({
        op: 'UpdateAssumeRolePolicy',
        account,
        roleName: r.name,
        trustPolicy: minify(r.trust.document),
        summary: `Replace the trust policy of ${r.name} with ${r.trust.file}`,
      });
    }
    for (const name of role?.inline ?? []) {
      blocked.push(
        `Role ${r.name} has an inline policy ${name} that no local file describes; apply leaves it: remove it with \`aws iam delete-role-policy --role-name ${r.name} --policy-name ${name}\` if it should not be there.`,
      );
    }
    const canAttach = role?.exists || !!r.trust;
    for (const p of local.policies) {
      if (!canAttach || role?.attached.includes(p.arn)) continue;
      steps.push({ op: 'AttachRolePolicy', account, roleName: r.name, policyArn: p.arn, summary: `Attach ${p.name} to role ${r.name}` });
    }
    const ip = local.instanceProfile;
    const live = drift.facts.instanceProfile;
    if (ip && canAttach) {
      if (!live?.exists)
        steps.push({ op: 'CreateInstanceProfile', account, name: ip.name, path: ip.path, summary: `Create instance profile ${ip.name} for the access nodes` });
      if (!live?.roleNames.includes(r.name)) {
        if (live?.exists && live.roleNames.length > 0) {
          blocked.push(
            `Instance profile ${ip.name} already holds role ${live.roleNames.join(', ')} (an instance profile holds one role): remove it yourself or rename the admin role.`,
          );
        } else {
          steps.push({
            op: 'AddRoleToInstanceProfile',
            account,
            name: ip.name,
            roleName: r.name,
            summary: `Add role ${r.name} to instance profile ${ip.name}`,
          });
        }
      }
    }
  }
  const u = local.user;
  const user = drift.facts.user;
  if (u && user) {
    if (!user.exists) {
      blocked.push(
        `IAM user ${u.name} (from \`hypervisor.userArn\`) does not exist, so no policies are attached to it: create the user and its access key yourself (this extension never creates IAM users or keys) and apply again.`,
      );
    } else {
      for (const p of local.policies) {
        if (user.attached.includes(p.arn)) continue;
        steps.push({ op: 'AttachUserPolicy', account, userName: u.name, policyArn: p.arn, summary: `Attach ${p.name} to user ${u.name}` });
      }
    }
  }
  const diffs = drift.items.filter((i) => i.status !== 'in-sync' && i.resource !== 'attachment' && i.resource !== 'instance-profile');
  const owned = withholdForeign(local, drift, steps, options.adopt ?? []);
  return { account, accountId: local.accountId, steps: owned.steps, diffs, blocked, foreign: owned.foreign };
}

/**
 * Keeps apply off what it does not own: a call that changes an existing role or managed policy without our tag is
 * withheld (and listed) unless that resource is adopted by name; an adopted one is tagged first, so the next plan
 * knows it as ours. New resources are created with the tag.
 */
function withholdForeign(
  local: LocalAccount,
  drift: DriftReport,
  steps: PlanStep[],
  adopt: readonly string[],
): { steps: PlanStep[]; foreign: ForeignResource[] } {
  const account = local.name;
  const foreign: ForeignResource[] = [];
  const byArn = new Map<string, ForeignResource>();
  for (const p of local.policies) {
    const f = drift.facts.policies.get(p.arn);
    if (f?.exists && !f.managed) byArn.set(p.arn, { kind: 'policy', name: p.name, arn: p.arn, changes: [], adopted: adopt.includes(p.name) });
  }
  const role = drift.facts.role;
  if (local.role && role?.exists && !role.managed)
    byArn.set(local.role.arn, { kind: 'role', name: local.role.name, arn: local.role.arn, changes: [], adopted: adopt.includes(local.role.name) });
  foreign.push(...byArn.values());

  const target = (s: PlanStep): ForeignResource | undefined => {
    switch (s.op) {
      case 'CreatePolicyVersion':
      case 'DeletePolicyVersion':
        return byArn.get(s.arn);
      case 'UpdateAssumeRolePolicy':
      case 'AttachRolePolicy':
      case 'AddRoleToInstanceProfile':
        return local.role && s.roleName === local.role.name ? byArn.get(local.role.arn) : undefined;
      default:
        return undefined;
    }
  };
  const kept: PlanStep[] = [];
  for (const s of steps) {
    const owner = target(s);
    if (owner) owner.changes.push(s.summary);
    if (!owner || owner.adopted) kept.push(s);
  }
  const tags: PlanStep[] = foreign
    .filter((r) => r.adopted)
    .map((r) =>
      r.kind === 'role'
        ? {
            op: 'TagRole' as const,
            account,
            roleName: r.name,
            arn: r.arn,
            tags: [MANAGED_TAG],
            summary: `Adopt role ${r.name}: tag it ${MANAGED_TAG.key}=${MANAGED_TAG.value} so apply may change it`,
          }
        : {
            op: 'TagPolicy' as const,
            account,
            policyName: r.name,
            arn: r.arn,
            tags: [MANAGED_TAG],
            summary: `Adopt managed policy ${r.name}: tag it ${MANAGED_TAG.key}=${MANAGED_TAG.value} so apply may change it`,
          },
    );
  return { steps: [...tags, ...kept], foreign };
}

/** What to tell the user about a foreign resource the plan leaves alone (editor and CLI say the same). */
export function foreignMessage(r: ForeignResource): string {
  const what = r.kind === 'role' ? 'Role' : 'Managed policy';
  const withheld = r.changes.length ? ` Withheld: ${r.changes.join('; ')}.` : '';
  return `${what} ${r.name} exists but apply did not create it (no \`${MANAGED_TAG.key}\` tag): it is someone else's, so it is left as it is.${withheld} If it is yours to manage, adopt it by name (VS Code: the "Adopt…" choice when applying; CLI: \`--adopt ${r.name}\`).`;
}

function byAge(a: { versionId: string; createDate?: Date }, b: { versionId: string; createDate?: Date }): number {
  const t = (a.createDate?.getTime() ?? 0) - (b.createDate?.getTime() ?? 0);
  return t !== 0 ? t : versionNumber(a.versionId) - versionNumber(b.versionId);
}

function versionNumber(id: string): number {
  return Number(/\d+/.exec(id)?.[0] ?? 0);
}
