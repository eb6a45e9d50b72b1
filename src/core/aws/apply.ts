// Apply policies: reads an account's local policy files, compares them with IAM (drift), plans the calls, and runs the plan.
import type { AdminAccount, TenantAccount } from '../topology/model';
import type { AccountsInput } from './assume-role-test';
import { classifyError, type Failure } from './failures';
import { minify, parsePolicy, pretty, samePolicy, type Json } from './policy-compare';
import { parseArn } from './trust-hints';
import type { IamApi, Tag } from './types';

/** Marks what this extension created, so it only ever deletes (old policy versions) from its own policies. */
export const OWNER_TAG: Tag = { key: 'managed-by', value: 'cross-account-backup' };
/**
 * Managed policies are marked by their description rather than a tag: it cannot be edited after creation,
 * and tagging a policy on create would need iam:TagPolicy as well.
 */
export const OWNER_DESCRIPTION = 'Managed by Cross-Account Backup for AWS';
export const MAX_POLICY_VERSIONS = 5;

export interface LocalPolicy {
  name: string;
  arn: string;
  file: string;
  document: Json;
}

/** What the accounts file and its policy files say one account should have. */
export interface LocalAccount {
  kind: 'admin' | 'tenant';
  name: string;
  accountId: string;
  profile?: string;
  region?: string;
  policies: LocalPolicy[];
  role?: { name: string; path: string; arn: string; trust?: { file: string; document: Json } };
  /** For `iamRole` admins: the access nodes get the role through an instance profile of the same name. */
  instanceProfile?: { name: string; path: string };
  /** For `accessKey` admins: the IAM user (from `hypervisor.userArn`) the permissions policies are attached to. It is never created here. */
  user?: { name: string; arn: string };
  /** Local problems (missing or invalid files); those parts are left out of the plan. */
  problems: string[];
}

export async function readLocalAccount(accounts: AccountsInput, account: AdminAccount | TenantAccount, kind: 'admin' | 'tenant'): Promise<LocalAccount> {
  const problems: string[] = [];
  const hv = account.hypervisor;
  const roleArn = hv?.roleArn;
  const parsedRole = roleArn ? parseArn(roleArn) : undefined;
  const partition = parsedRole?.partition ?? 'aws';
  const local: LocalAccount = { kind, name: account.name, accountId: account.accountId, profile: account.profile, region: account.region, policies: [], problems };

  const load = async (file: string): Promise<Json | undefined> => {
    const text = await accounts.readFile(file).catch(() => undefined);
    if (text === undefined) {
      problems.push(`${file} (named by account \`${account.name}\`) cannot be read: create it or fix the path in the accounts file.`);
      return undefined;
    }
    try {
      return parsePolicy(text, file);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };

  for (const file of account.policies?.permissions ?? []) {
    const document = await load(file);
    if (document === undefined) continue;
    const name = policyNameFor(file);
    local.policies.push({ name, file, document, arn: `arn:${partition}:iam::${account.accountId}:policy/${name}` });
  }
  if (roleArn) {
    if (!parsedRole || parsedRole.service !== 'iam' || !parsedRole.resource.startsWith('role/')) {
      problems.push(`\`hypervisor.roleArn\` of \`${account.name}\` is not an IAM role ARN (arn:aws:iam::<account>:role/<name>): fix it in the accounts file.`);
    } else if (parsedRole.account !== account.accountId) {
      problems.push(`\`hypervisor.roleArn\` of \`${account.name}\` is in account ${parsedRole.account}, not ${account.accountId}: the role must live in the account it belongs to.`);
    } else {
      const parts = parsedRole.resource.split('/');
      const name = parts[parts.length - 1];
      const path = parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
      const trustFile = account.policies?.trust;
      const trustDoc = trustFile ? await load(trustFile) : undefined;
      local.role = { name, path, arn: roleArn, trust: trustFile && trustDoc !== undefined ? { file: trustFile, document: trustDoc } : undefined };
      if (!trustFile) problems.push(`Account \`${account.name}\` has a role but no \`policies.trust\` file: the role cannot be created without a trust policy.`);
      if (kind === 'admin' && hv.authentication === 'iamRole') local.instanceProfile = { name, path };
    }
  }
  if (kind === 'admin' && hv?.authentication === 'accessKey') {
    const userArn = hv.userArn;
    const parsedUser = userArn ? parseArn(userArn) : undefined;
    if (!userArn) {
      problems.push(`Admin \`${account.name}\` authenticates with an access key but its hypervisor has no \`userArn\`: add the IAM user's ARN so its permissions policies can be attached.`);
    } else if (!parsedUser || parsedUser.service !== 'iam' || !parsedUser.resource.startsWith('user/')) {
      problems.push(`\`hypervisor.userArn\` of \`${account.name}\` is not an IAM user ARN (arn:aws:iam::<account>:user/<name>): fix it in the accounts file.`);
    } else if (parsedUser.account !== account.accountId) {
      problems.push(`\`hypervisor.userArn\` of \`${account.name}\` is in account ${parsedUser.account}, not ${account.accountId}: the user must live in the account it belongs to.`);
    } else {
      // The user name is the last path segment: user/division/backup → backup.
      local.user = { name: parsedUser.resource.split('/').pop()!, arn: userArn };
    }
  }
  return local;
}

/** File name → managed policy name: the stem, restricted to IAM's characters. */
export function policyNameFor(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.jsonc?$/i, '').replace(/[^\w+=,.@-]/g, '-').slice(0, 128) || 'policy';
}

export type DriftStatus = 'in-sync' | 'missing' | 'differs';

export interface DriftItem {
  account: string;
  /** `inline-policy`: a policy embedded in the role that no local file describes (apply never removes it). */
  resource: 'policy' | 'trust' | 'attachment' | 'instance-profile' | 'inline-policy';
  /** Policy or role name. */
  name: string;
  arn: string;
  status: DriftStatus;
  detail: string;
  file?: string;
  /** Canonical pretty JSON of each side, for a diff editor (absent when the side does not exist). */
  live?: string;
  local?: string;
}

export interface LiveFacts {
  policies: Map<string, { exists: boolean; ours: boolean; defaultVersionId?: string; same?: boolean; versions?: { versionId: string; isDefault: boolean; createDate?: Date }[] }>;
  role?: { exists: boolean; sameTrust?: boolean; attached: string[]; inline?: string[] };
  instanceProfile?: { exists: boolean; roleNames: string[] };
  user?: { exists: boolean; attached: string[] };
}

export interface DriftReport {
  account: string;
  items: DriftItem[];
  facts: LiveFacts;
}

/** Reads IAM for everything the local files describe and compares. Read-only. */
export async function checkDrift(local: LocalAccount, iam: IamApi, signal?: AbortSignal): Promise<DriftReport> {
  const o = { signal };
  const items: DriftItem[] = [];
  const facts: LiveFacts = { policies: new Map() };
  for (const p of local.policies) {
    const live = await iam.getPolicy(p.arn, o);
    if (!live) {
      facts.policies.set(p.arn, { exists: false, ours: false });
      items.push({ account: local.name, resource: 'policy', name: p.name, arn: p.arn, status: 'missing', detail: `Managed policy ${p.name} does not exist.`, file: p.file, local: pretty(p.document) });
      continue;
    }
    const text = await iam.getPolicyVersion(p.arn, live.defaultVersionId, o);
    const liveDoc = safeParse(text);
    const same = liveDoc !== undefined && samePolicy(liveDoc, p.document);
    const ours = live.description === OWNER_DESCRIPTION || live.tags.some((t) => t.key === OWNER_TAG.key && t.value === OWNER_TAG.value);
    const fact: LiveFacts['policies'] extends Map<string, infer V> ? V : never = { exists: true, ours, defaultVersionId: live.defaultVersionId, same };
    if (!same) fact.versions = await iam.listPolicyVersions(p.arn, o);
    facts.policies.set(p.arn, fact);
    items.push({
      account: local.name,
      resource: 'policy',
      name: p.name,
      arn: p.arn,
      status: same ? 'in-sync' : 'differs',
      detail: same ? `Managed policy ${p.name} matches ${p.file}.` : `The default version (${live.defaultVersionId}) of ${p.name} differs from ${p.file}.`,
      file: p.file,
      live: liveDoc === undefined ? text : pretty(liveDoc),
      local: pretty(p.document),
    });
  }
  if (local.role) {
    const r = local.role;
    const live = await iam.getRole(r.name, o);
    if (!live) {
      facts.role = { exists: false, attached: [] };
      items.push({ account: local.name, resource: 'trust', name: r.name, arn: r.arn, status: 'missing', detail: `Role ${r.name} does not exist.`, file: r.trust?.file, local: r.trust ? pretty(r.trust.document) : undefined });
      for (const p of local.policies) items.push({ account: local.name, resource: 'attachment', name: `${r.name} ← ${p.name}`, arn: p.arn, status: 'missing', detail: `${p.name} is not attached to ${r.name} (the role does not exist).` });
    } else {
      const liveDoc = safeParse(live.trustPolicy);
      const sameTrust = r.trust ? liveDoc !== undefined && samePolicy(liveDoc, r.trust.document) : undefined;
      const attached = await iam.listAttachedRolePolicies(r.name, o);
      facts.role = { exists: true, sameTrust, attached };
      if (r.trust) {
        items.push({
          account: local.name,
          resource: 'trust',
          name: r.name,
          arn: r.arn,
          status: sameTrust ? 'in-sync' : 'differs',
          detail: sameTrust ? `The trust policy of ${r.name} matches ${r.trust.file}.` : `The trust policy of ${r.name} differs from ${r.trust.file}.`,
          file: r.trust.file,
          live: liveDoc === undefined ? live.trustPolicy : pretty(liveDoc),
          local: pretty(r.trust.document),
        });
      }
      for (const p of local.policies) {
        const ok = attached.includes(p.arn);
        items.push({ account: local.name, resource: 'attachment', name: `${r.name} ← ${p.name}`, arn: p.arn, status: ok ? 'in-sync' : 'missing', detail: ok ? `${p.name} is attached to ${r.name}.` : `${p.name} is not attached to ${r.name}.` });
      }
      // The local files describe managed policies only: an inline policy was added by hand and grants permissions they do not show.
      const inline = await iam.listRolePolicies(r.name, o);
      facts.role.inline = inline;
      for (const name of inline) {
        const text = await iam.getRolePolicy(r.name, name, o);
        const doc = safeParse(text);
        items.push({
          account: local.name,
          resource: 'inline-policy',
          name: `${r.name} / ${name}`,
          arn: r.arn,
          status: 'differs',
          detail: `Role ${r.name} has an inline policy ${name} that no local file describes: move it into a policy file, or remove it with \`aws iam delete-role-policy --role-name ${r.name} --policy-name ${name}\`.`,
          live: doc === undefined ? text : pretty(doc),
        });
      }
    }
  }
  if (local.instanceProfile) {
    const ip = await iam.getInstanceProfile(local.instanceProfile.name, o);
    facts.instanceProfile = { exists: !!ip, roleNames: ip?.roleNames ?? [] };
    const hasRole = !!ip && ip.roleNames.includes(local.role!.name);
    items.push({
      account: local.name,
      resource: 'instance-profile',
      name: local.instanceProfile.name,
      arn: `arn:${parseArn(local.role!.arn)?.partition ?? 'aws'}:iam::${local.accountId}:instance-profile${local.instanceProfile.path}${local.instanceProfile.name}`,
      status: hasRole ? 'in-sync' : 'missing',
      detail: !ip ? `Instance profile ${local.instanceProfile.name} does not exist.` : hasRole ? `Instance profile ${ip.name} holds role ${local.role!.name}.` : `Instance profile ${ip.name} does not hold role ${local.role!.name}.`,
    });
  }
  if (local.user) {
    const u = local.user;
    const attached = await iam.listAttachedUserPolicies(u.name, o);
    facts.user = { exists: attached !== undefined, attached: attached ?? [] };
    if (attached === undefined) {
      // Creating users (and their access keys) is left to the account owner: this extension never makes long-term credentials.
      items.push({
        account: local.name,
        resource: 'attachment',
        name: u.name,
        arn: u.arn,
        status: 'missing',
        detail: `IAM user ${u.name} (from \`hypervisor.userArn\`) does not exist: create the user and its access key first (this extension never creates IAM users or keys), then apply again to attach its permissions policies.`,
      });
    } else {
      for (const p of local.policies) {
        const ok = attached.includes(p.arn);
        items.push({ account: local.name, resource: 'attachment', name: `${u.name} ← ${p.name}`, arn: p.arn, status: ok ? 'in-sync' : 'missing', detail: ok ? `${p.name} is attached to user ${u.name}.` : `${p.name} is not attached to user ${u.name}.` });
      }
    }
  }
  return { account: local.name, items, facts };
}

export type PlanStep =
  | { op: 'CreatePolicy'; account: string; policyName: string; path: string; arn: string; document: string; summary: string }
  | { op: 'DeletePolicyVersion'; account: string; arn: string; versionId: string; summary: string }
  | { op: 'CreatePolicyVersion'; account: string; arn: string; document: string; summary: string }
  | { op: 'CreateRole'; account: string; roleName: string; path: string; arn: string; trustPolicy: string; summary: string }
  | { op: 'UpdateAssumeRolePolicy'; account: string; roleName: string; trustPolicy: string; summary: string }
  | { op: 'AttachRolePolicy'; account: string; roleName: string; policyArn: string; summary: string }
  | { op: 'AttachUserPolicy'; account: string; userName: string; policyArn: string; summary: string }
  | { op: 'CreateInstanceProfile'; account: string; name: string; path: string; summary: string }
  | { op: 'AddRoleToInstanceProfile'; account: string; name: string; roleName: string; summary: string };

export interface AccountPlan {
  account: string;
  accountId: string;
  steps: PlanStep[];
  /** Differences to show before confirming (missing or differing documents). */
  diffs: DriftItem[];
  /** Things the plan will not do, with the reason and what the user can do instead. */
  blocked: string[];
}

/** Turns a drift report into the calls that make IAM match the local files. Nothing is ever deleted except old versions of our own policies. */
export function planFromDrift(local: LocalAccount, drift: DriftReport): AccountPlan {
  const steps: PlanStep[] = [];
  const blocked = [...local.problems];
  const account = local.name;
  for (const p of local.policies) {
    const f = drift.facts.policies.get(p.arn);
    const document = minify(p.document);
    if (!f?.exists) {
      steps.push({ op: 'CreatePolicy', account, policyName: p.name, path: '/', arn: p.arn, document, summary: `Create managed policy ${p.name} from ${p.file}` });
    } else if (!f.same) {
      const versions = f.versions ?? [];
      if (versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = versions.filter((v) => !v.isDefault).sort(byAge)[0];
        if (!f.ours || !oldest) {
          blocked.push(
            `Managed policy ${p.name} already has ${versions.length} versions and was not created by this extension, so it will not delete one: run \`aws iam delete-policy-version --policy-arn ${p.arn} --version-id <old version>\` and apply again.`,
          );
          continue;
        }
        steps.push({ op: 'DeletePolicyVersion', account, arn: p.arn, versionId: oldest.versionId, summary: `Delete the oldest non-default version ${oldest.versionId} of ${p.name} (IAM keeps at most 5)` });
      }
      steps.push({ op: 'CreatePolicyVersion', account, arn: p.arn, document, summary: `Set a new default version of ${p.name} from ${p.file}` });
    }
  }
  const r = local.role;
  const role = drift.facts.role;
  if (r) {
    if (!role?.exists) {
      if (r.trust) steps.push({ op: 'CreateRole', account, roleName: r.name, path: r.path, arn: r.arn, trustPolicy: minify(r.trust.document), summary: `Create role ${r.name} with the trust policy ${r.trust.file}` });
    } else if (r.trust && !role.sameTrust) {
      steps.push({ op: 'UpdateAssumeRolePolicy', account, roleName: r.name, trustPolicy: minify(r.trust.document), summary: `Replace the trust policy of ${r.name} with ${r.trust.file}` });
    }
    for (const name of role?.inline ?? []) {
      blocked.push(`Role ${r.name} has an inline policy ${name} that no local file describes; apply leaves it: remove it with \`aws iam delete-role-policy --role-name ${r.name} --policy-name ${name}\` if it should not be there.`);
    }
    const canAttach = role?.exists || !!r.trust;
    for (const p of local.policies) {
      if (!canAttach || role?.attached.includes(p.arn)) continue;
      steps.push({ op: 'AttachRolePolicy', account, roleName: r.name, policyArn: p.arn, summary: `Attach ${p.name} to role ${r.name}` });
    }
    const ip = local.instanceProfile;
    const live = drift.facts.instanceProfile;
    if (ip && canAttach) {
      if (!live?.exists) steps.push({ op: 'CreateInstanceProfile', account, name: ip.name, path: ip.path, summary: `Create instance profile ${ip.name} for the access nodes` });
      if (!live?.roleNames.includes(r.name)) {
        if (live?.exists && live.roleNames.length > 0) {
          blocked.push(`Instance profile ${ip.name} already holds role ${live.roleNames.join(', ')} (an instance profile holds one role): remove it yourself or rename the admin role.`);
        } else {
          steps.push({ op: 'AddRoleToInstanceProfile', account, name: ip.name, roleName: r.name, summary: `Add role ${r.name} to instance profile ${ip.name}` });
        }
      }
    }
  }
  const u = local.user;
  const user = drift.facts.user;
  if (u && user) {
    if (!user.exists) {
      blocked.push(`IAM user ${u.name} (from \`hypervisor.userArn\`) does not exist, so no policies are attached to it: create the user and its access key yourself (this extension never creates IAM users or keys) and apply again.`);
    } else {
      for (const p of local.policies) {
        if (user.attached.includes(p.arn)) continue;
        steps.push({ op: 'AttachUserPolicy', account, userName: u.name, policyArn: p.arn, summary: `Attach ${p.name} to user ${u.name}` });
      }
    }
  }
  const diffs = drift.items.filter((i) => i.status !== 'in-sync' && i.resource !== 'attachment' && i.resource !== 'instance-profile');
  return { account, accountId: local.accountId, steps, diffs, blocked };
}

function byAge(a: { versionId: string; createDate?: Date }, b: { versionId: string; createDate?: Date }): number {
  const t = (a.createDate?.getTime() ?? 0) - (b.createDate?.getTime() ?? 0);
  return t !== 0 ? t : versionNumber(a.versionId) - versionNumber(b.versionId);
}

function versionNumber(id: string): number {
  return Number(/\d+/.exec(id)?.[0] ?? 0);
}

export interface ApplyReport {
  account: string;
  done: PlanStep[];
  failed?: { step: PlanStep; failure: Failure };
  /** Steps not run because an earlier one failed or the user cancelled; a re-run plans them again. */
  notRun: PlanStep[];
  cancelled: boolean;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  onStep?: (step: PlanStep, state: 'start' | 'done' | Failure, index: number, total: number) => void;
  /** For failure messages. */
  profile?: string;
  iamUrl?: string;
}

/** Runs the steps in order and stops at the first failure, since later steps depend on earlier ones. */
export async function applyPlan(plan: AccountPlan, iam: IamApi, options: ApplyOptions = {}): Promise<ApplyReport> {
  const report: ApplyReport = { account: plan.account, done: [], notRun: [], cancelled: false };
  const o = { signal: options.signal };
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    if (options.signal?.aborted) {
      report.cancelled = true;
      report.notRun = plan.steps.slice(i);
      return report;
    }
    options.onStep?.(step, 'start', i, plan.steps.length);
    try {
      await runStep(step, iam, o);
      report.done.push(step);
      options.onStep?.(step, 'done', i, plan.steps.length);
    } catch (e) {
      const failure = classifyError(e, { profile: options.profile, url: options.iamUrl });
      if (failure.kind === 'cancelled') report.cancelled = true;
      else report.failed = { step, failure };
      report.notRun = plan.steps.slice(i + (failure.kind === 'cancelled' ? 0 : 1));
      options.onStep?.(step, failure, i, plan.steps.length);
      return report;
    }
  }
  return report;
}

async function runStep(step: PlanStep, iam: IamApi, o: { signal?: AbortSignal }): Promise<void> {
  switch (step.op) {
    case 'CreatePolicy':
      await iam.createPolicy({ name: step.policyName, path: step.path, document: step.document, description: OWNER_DESCRIPTION, tags: [] }, o);
      return;
    case 'DeletePolicyVersion':
      await iam.deletePolicyVersion(step.arn, step.versionId, o);
      return;
    case 'CreatePolicyVersion':
      await iam.createPolicyVersion(step.arn, step.document, true, o);
      return;
    case 'CreateRole':
      await iam.createRole({ name: step.roleName, path: step.path, trustPolicy: step.trustPolicy, description: 'Cross-account backup role (Cross-Account Backup for AWS)', tags: [OWNER_TAG] }, o);
      return;
    case 'UpdateAssumeRolePolicy':
      await iam.updateAssumeRolePolicy(step.roleName, step.trustPolicy, o);
      return;
    case 'AttachRolePolicy':
      await iam.attachRolePolicy(step.roleName, step.policyArn, o);
      return;
    case 'AttachUserPolicy':
      await iam.attachUserPolicy(step.userName, step.policyArn, o);
      return;
    case 'CreateInstanceProfile':
      await iam.createInstanceProfile({ name: step.name, path: step.path, tags: [OWNER_TAG] }, o);
      return;
    case 'AddRoleToInstanceProfile':
      await iam.addRoleToInstanceProfile(step.name, step.roleName, o);
      return;
  }
}

/** The plan as the AWS calls it makes, one per line, for the confirmation and the CLI. */
export function describeStep(step: PlanStep): string {
  const target = 'arn' in step ? step.arn : 'roleName' in step ? step.roleName : 'userName' in step ? step.userName : '';
  return `iam:${step.op} ${target} — ${step.summary}`;
}

function safeParse(text: string): Json | undefined {
  try {
    return parsePolicy(text, 'live document');
  } catch {
    return undefined;
  }
}
