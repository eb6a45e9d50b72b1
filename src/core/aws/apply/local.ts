// Apply, phase 1: what the accounts file and its policy files say one account should have in IAM.
import type { AdminAccount, TenantAccount } from '../../topology/model';
import type { AccountsInput } from '../assume-role-test';
import { parsePolicy, type Json } from '../policy-compare';
import { parseArn } from '../../iam/arn';

export interface LocalPolicy {
  name: string;
  arn: string;
  file: string;
  document: Json;
}

/** The IAM resources one account of the accounts file names, without reading any file: what apply manages there. */
export interface AccountResources {
  /** Managed policies, one per permissions file (named after the file). */
  policies: { name: string; arn: string; file: string }[];
  role?: { name: string; path: string; arn: string };
  /** For `iamRole` admins: the access nodes get the role through an instance profile of the same name and path. */
  instanceProfile?: { name: string; path: string; arn: string };
  /** For `accessKey` admins: the IAM user (from `hypervisor.userArn`) the permissions policies are attached to. It is never created here. */
  user?: { name: string; arn: string };
  /** What the accounts file gets wrong about them (an ARN that is no role, or in another account); those parts are left out. */
  problems: string[];
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
  instanceProfile?: AccountResources['instanceProfile'];
  user?: AccountResources['user'];
  /** Local problems (missing or invalid files, wrong ARNs); those parts are left out of the plan. */
  problems: string[];
}

/** The names and ARNs of what apply manages in one account, from the accounts file alone (the operator policy is scoped by them too). */
export function accountResources(account: AdminAccount | TenantAccount, kind: 'admin' | 'tenant'): AccountResources {
  const problems: string[] = [];
  const hv = account.hypervisor;
  const roleArn = hv?.roleArn;
  const parsedRole = roleArn ? parseArn(roleArn) : undefined;
  const partition = parsedRole?.partition ?? 'aws';
  const out: AccountResources = {
    policies: (account.policies?.permissions ?? []).map((file) => {
      const name = policyNameFor(file);
      return { name, file, arn: `arn:${partition}:iam::${account.accountId}:policy/${name}` };
    }),
    problems,
  };
  if (roleArn) {
    if (!parsedRole || parsedRole.service !== 'iam' || !parsedRole.resource.startsWith('role/')) {
      problems.push(`\`hypervisor.roleArn\` of \`${account.name}\` is not an IAM role ARN (arn:aws:iam::<account>:role/<name>): fix it in the accounts file.`);
    } else if (parsedRole.account !== account.accountId) {
      problems.push(
        `\`hypervisor.roleArn\` of \`${account.name}\` is in account ${parsedRole.account}, not ${account.accountId}: the role must live in the account it belongs to.`,
      );
    } else {
      const parts = parsedRole.resource.split('/');
      const name = parts[parts.length - 1];
      const path = parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
      out.role = { name, path, arn: roleArn };
      if (kind === 'admin' && hv.authentication === 'iamRole') {
        out.instanceProfile = { name, path, arn: `arn:${partition}:iam::${account.accountId}:instance-profile${path}${name}` };
      }
    }
  }
  if (kind === 'admin' && hv?.authentication === 'accessKey') {
    const userArn = hv.userArn;
    const parsedUser = userArn ? parseArn(userArn) : undefined;
    if (!userArn) {
      problems.push(
        `Admin \`${account.name}\` authenticates with an access key but its hypervisor has no \`userArn\`: add the IAM user's ARN so its permissions policies can be attached.`,
      );
    } else if (!parsedUser || parsedUser.service !== 'iam' || !parsedUser.resource.startsWith('user/')) {
      problems.push(`\`hypervisor.userArn\` of \`${account.name}\` is not an IAM user ARN (arn:aws:iam::<account>:user/<name>): fix it in the accounts file.`);
    } else if (parsedUser.account !== account.accountId) {
      problems.push(
        `\`hypervisor.userArn\` of \`${account.name}\` is in account ${parsedUser.account}, not ${account.accountId}: the user must live in the account it belongs to.`,
      );
    } else {
      // The user name is the last path segment: user/division/backup → backup.
      out.user = { name: parsedUser.resource.split('/').pop()!, arn: userArn };
    }
  }
  return out;
}

export async function readLocalAccount(accounts: AccountsInput, account: AdminAccount | TenantAccount, kind: 'admin' | 'tenant'): Promise<LocalAccount> {
  const named = accountResources(account, kind);
  const problems = [...named.problems];
  const local: LocalAccount = {
    kind,
    name: account.name,
    accountId: account.accountId,
    profile: account.profile,
    region: account.region,
    policies: [],
    instanceProfile: named.instanceProfile,
    user: named.user,
    problems,
  };

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

  for (const p of named.policies) {
    const document = await load(p.file);
    if (document !== undefined) local.policies.push({ ...p, document });
  }
  if (named.role) {
    const trustFile = account.policies?.trust;
    const trustDoc = trustFile ? await load(trustFile) : undefined;
    local.role = { ...named.role, trust: trustFile && trustDoc !== undefined ? { file: trustFile, document: trustDoc } : undefined };
    if (!trustFile) problems.push(`Account \`${account.name}\` has a role but no \`policies.trust\` file: the role cannot be created without a trust policy.`);
  }
  return local;
}

/** File name → managed policy name: the stem, restricted to IAM's characters. */
export function policyNameFor(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return (
    base
      .replace(/\.jsonc?$/i, '')
      .replace(/[^\w+=,.@-]/g, '-')
      .slice(0, 128) || 'policy'
  );
}
