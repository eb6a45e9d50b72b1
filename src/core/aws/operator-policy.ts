// The least-privilege identity policy for whoever runs the AWS commands (Test Assume Role, Check Drift, Apply Policies),
// per account and scoped to the roles, policies and instance profiles the accounts file names: one table of the STS/IAM
// actions each command calls, which a test holds against the calls the emulator records.
import type { AdminAccount, TenantAccount, Topology } from '../topology/model';
import { adminOf } from '../topology/model';
import { accountResources } from './apply/local';

export type OperatorCommand = 'test' | 'drift' | 'apply';
export const OPERATOR_COMMANDS: readonly OperatorCommand[] = ['test', 'drift', 'apply'];

/** What an action is authorized on (IAM's resource types for the action, from the Service Authorization Reference). */
type Target = 'tenant-roles-to-assume' | 'tenant-role' | 'role' | 'policies' | 'instance-profile' | 'user' | 'admin-role';

interface OperatorGrant {
  sid: string;
  actions: readonly string[];
  target: Target;
  commands: readonly OperatorCommand[];
  /** Which side's profile needs it. */
  side: 'admin' | 'tenant' | 'each';
  /** Why it is needed: the call, or the AWS documentation that requires it without a call of its own. */
  why: string;
  /** True for a permission AWS requires that is not itself an API the extension calls (so the emulator never records it). */
  implied?: boolean;
}

/**
 * Every STS/IAM permission the extension's AWS commands need. `sts:GetCallerIdentity` is called but needs none
 * ("No permissions are required to perform this operation", STS API Reference, GetCallerIdentity).
 */
export const OPERATOR_GRANTS: readonly OperatorGrant[] = [
  {
    sid: 'AssumeTheRolesTheAccessNodesAssume',
    actions: ['sts:AssumeRole'],
    target: 'tenant-roles-to-assume',
    commands: ['test'],
    side: 'admin',
    why: 'Test Assume Role: AssumeRole into the admin role (stsAssumeRole admins) and into each tenant role, with its ExternalId.',
  },
  {
    sid: 'SimulateTheBackupPermissions',
    actions: ['iam:SimulatePrincipalPolicy'],
    target: 'tenant-role',
    commands: ['test'],
    side: 'tenant',
    why: "Test Assume Role's permission check, with the tenant's own profile (turn it off with crossAccountBackup.assumeRole.simulatePermissions).",
  },
  {
    sid: 'ReadTheRole',
    actions: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'iam:GetRolePolicy'],
    target: 'role',
    commands: ['drift', 'apply'],
    side: 'each',
    why: 'Check Drift and the plan: the trust policy, its tags (ownership), attached managed policies and inline policies of the role.',
  },
  {
    sid: 'ReadThePolicies',
    actions: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions'],
    target: 'policies',
    commands: ['drift', 'apply'],
    side: 'each',
    why: "Check Drift and the plan: each managed policy's tags (ownership), default version document and versions.",
  },
  {
    sid: 'ReadTheInstanceProfile',
    actions: ['iam:GetInstanceProfile'],
    target: 'instance-profile',
    commands: ['drift', 'apply'],
    side: 'admin',
    why: "Check Drift and the plan, for iamRole admins: the access nodes' instance profile and the role it holds.",
  },
  {
    sid: 'ReadTheUser',
    actions: ['iam:ListAttachedUserPolicies'],
    target: 'user',
    commands: ['drift', 'apply'],
    side: 'admin',
    why: "Check Drift and the plan, for accessKey admins: the managed policies attached to the hypervisor's IAM user.",
  },
  {
    sid: 'WriteTheRole',
    actions: ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:TagRole'],
    target: 'role',
    commands: ['apply'],
    side: 'each',
    why: 'Apply Policies: create the role (tagged cross-account-backup:managed, which needs iam:TagRole too), replace its trust policy, attach the managed policies, tag an adopted role.',
  },
  {
    sid: 'WriteThePolicies',
    actions: ['iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:TagPolicy'],
    target: 'policies',
    commands: ['apply'],
    side: 'each',
    why: "Apply Policies: create the managed policies (tagged, which needs iam:TagPolicy too), set a new default version, delete the oldest one at IAM's limit of five, tag an adopted policy.",
  },
  {
    sid: 'WriteTheInstanceProfile',
    actions: ['iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'],
    target: 'instance-profile',
    commands: ['apply'],
    side: 'admin',
    why: "Apply Policies, for iamRole admins: create the access nodes' instance profile and put the admin role in it.",
  },
  {
    sid: 'TagTheInstanceProfile',
    actions: ['iam:TagInstanceProfile'],
    target: 'instance-profile',
    commands: ['apply'],
    side: 'admin',
    why: 'CreateInstanceProfile with tags also needs iam:TagInstanceProfile (IAM User Guide, "Permissions required for tagging IAM resources").',
    implied: true,
  },
  {
    sid: 'PassTheAdminRoleToTheInstanceProfile',
    actions: ['iam:PassRole'],
    target: 'admin-role',
    commands: ['apply'],
    side: 'admin',
    why: 'AddRoleToInstanceProfile requires iam:PassRole on the role (IAM API Reference, AddRoleToInstanceProfile).',
    implied: true,
  },
  {
    sid: 'AttachToTheUser',
    actions: ['iam:AttachUserPolicy'],
    target: 'user',
    commands: ['apply'],
    side: 'admin',
    why: "Apply Policies, for accessKey admins: attach the permissions policies to the hypervisor's IAM user.",
  },
];

/** The actions a command needs, over all accounts: what a test compares with the calls the emulator records. */
export function operatorActions(command: OperatorCommand, { implied = true } = {}): string[] {
  const set = new Set<string>();
  for (const g of OPERATOR_GRANTS) if (g.commands.includes(command) && (implied || !g.implied)) g.actions.forEach((a) => set.add(a));
  return [...set].sort();
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

export interface OperatorPolicy {
  /** The account's name in the accounts file, or `*` for the generic policy. */
  account: string;
  kind: 'admin' | 'tenant' | 'any';
  accountId: string;
  /** The profile the commands use for this account (its own, when the accounts file names one). */
  profile?: string;
  policy: { Version: '2012-10-17'; Statement: PolicyStatement[] };
}

/**
 * The operator policies for the commands asked for: one per account of the accounts file, each scoped to that account's
 * resources; without a topology, one generic policy on every account's resources of those kinds.
 */
export function operatorPolicies(topology: Topology | undefined, commands: readonly OperatorCommand[]): OperatorPolicy[] {
  if (!topology) return [{ account: '*', kind: 'any', accountId: '*', policy: document(commands, (g) => genericResources(g.target)) }];
  const out: OperatorPolicy[] = [];
  for (const admin of topology.admins) {
    const on = adminResources(admin, topology);
    out.push({
      account: admin.name,
      kind: 'admin',
      accountId: admin.accountId,
      profile: admin.profile,
      policy: document(commands, (g) => (g.side === 'tenant' ? [] : on(g.target))),
    });
  }
  for (const tenant of topology.tenants) {
    const on = tenantResources(tenant);
    out.push({
      account: tenant.name,
      kind: 'tenant',
      accountId: tenant.accountId,
      profile: tenant.profile,
      policy: document(commands, (g) => (g.side === 'admin' ? [] : on(g.target))),
    });
  }
  return out.filter((p) => p.policy.Statement.length > 0);
}

function document(commands: readonly OperatorCommand[], resourcesFor: (g: OperatorGrant) => string[]): OperatorPolicy['policy'] {
  const Statement: PolicyStatement[] = [];
  for (const g of OPERATOR_GRANTS) {
    if (!g.commands.some((c) => commands.includes(c))) continue;
    const resources = [...new Set(resourcesFor(g))];
    if (resources.length) Statement.push({ Sid: g.sid, Effect: 'Allow', Action: [...g.actions], Resource: resources });
  }
  return { Version: '2012-10-17', Statement };
}

function genericResources(target: Target): string[] {
  switch (target) {
    case 'tenant-roles-to-assume':
    case 'tenant-role':
    case 'role':
    case 'admin-role':
      return ['arn:aws:iam::*:role/*'];
    case 'policies':
      return ['arn:aws:iam::*:policy/*'];
    case 'instance-profile':
      return ['arn:aws:iam::*:instance-profile/*'];
    case 'user':
      return ['arn:aws:iam::*:user/*'];
  }
}

/** What an admin account's operator acts on: the roles its access nodes assume, and what apply manages in it. */
function adminResources(admin: AdminAccount, topology: Topology) {
  const hv = admin.hypervisor;
  const own = accountResources(admin, 'admin');
  return (target: Target): string[] => {
    switch (target) {
      case 'tenant-roles-to-assume': {
        const tenants = topology.tenants
          .filter((t) => adminOf(topology, t) === admin)
          .map((t) => t.hypervisor?.roleArn)
          .filter((a): a is string => !!a);
        return [...(hv?.authentication === 'stsAssumeRole' && own.role ? [own.role.arn] : []), ...tenants];
      }
      case 'role':
        return own.role ? [own.role.arn] : [];
      case 'admin-role':
        return own.instanceProfile && own.role ? [own.role.arn] : [];
      case 'instance-profile':
        return own.instanceProfile ? [own.instanceProfile.arn] : [];
      case 'user':
        return own.user ? [own.user.arn] : [];
      case 'policies':
        return own.policies.map((p) => p.arn);
      case 'tenant-role':
        return [];
    }
  };
}

/** What a tenant account's operator acts on: its role and its managed policies. */
function tenantResources(tenant: TenantAccount) {
  const own = accountResources(tenant, 'tenant');
  return (target: Target): string[] => {
    switch (target) {
      case 'tenant-role':
      case 'role':
        return own.role ? [own.role.arn] : [];
      case 'policies':
        return own.policies.map((p) => p.arn);
      default:
        return [];
    }
  };
}

/** Text for people: per account, the profile it is for and the policy JSON. */
export function operatorPolicyText(policies: readonly OperatorPolicy[], commands: readonly OperatorCommand[]): string {
  const lines: string[] = [];
  lines.push(`# The IAM permissions for: ${commands.join(', ')} (attach each policy to the identity of that account's profile)`);
  for (const p of policies) {
    lines.push('');
    lines.push(
      p.account === '*'
        ? '# Any account (no accounts file: resources are not narrowed)'
        : `# ${p.kind} ${p.account} (${p.accountId})${p.profile ? `, profile ${p.profile}` : ''}`,
    );
    lines.push(JSON.stringify(p.policy, null, 2));
  }
  return `${lines.join('\n')}\n`;
}
