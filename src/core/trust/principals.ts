// Matches a trust policy's Principal / NotPrincipal element against the caller of sts:AssumeRole.
import { parseRoleArn, type Caller } from './context';
import type { PrincipalSpec } from './policy';

/** `direct`: names the caller (or `*`); `account`: names the caller's account, which delegates to its identity policies. */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT = /^arn:([\w-]+):iam::(\d{12}):root$/;
const ASSUMED_ROLE = /^arn:[\w-]+:sts::\d{12}:assumed-role\/[^/]+\/.+$/;

function matchAwsValue(value: string, caller: Caller): PrincipalMatch {
  const v = value.trim();
  if (v === '*') return 'direct';
  if (ACCOUNT_ID.test(v)) return v === caller.accountId ? 'account' : 'none';
  const root = ROOT.exec(v);
  if (root) return root[1] === caller.partition && root[2] === caller.accountId ? 'account' : 'none';
  const role = parseRoleArn(v);
  if (role) {
    // The session ARN drops the role's path, and IAM role names are unique regardless of case.
    return caller.kind === 'role-session' &&
      role.partition === caller.partition &&
      role.accountId === caller.accountId &&
      role.roleName.toLowerCase() === caller.roleName?.toLowerCase()
      ? 'direct'
      : 'none';
  }
  if (ASSUMED_ROLE.test(v)) return v === caller.arn && caller.kind === 'role-session' ? 'direct' : 'none';
  return v === caller.arn ? 'direct' : 'none';
}

/** The strongest way the Principal element names the caller. */
export function matchPrincipal(spec: PrincipalSpec, caller: Caller): PrincipalMatch {
  if (spec.wildcard) return 'direct';
  let best: PrincipalMatch = 'none';
  for (const v of spec.byType.AWS ?? []) {
    const m = matchAwsValue(v, caller);
    if (m === 'direct') return 'direct';
    if (m === 'account') best = 'account';
  }
  // Service, Federated and CanonicalUser principals never name an IAM role session or user.
  return best;
}

/**
 * Whether a NotPrincipal element exempts the caller. AWS checks the account, then the role, then the session
 * (or the account, then the user), so the caller escapes only when every one of them is listed.
 */
export function notPrincipalExempts(spec: PrincipalSpec, caller: Caller): boolean {
  if (spec.wildcard) return true;
  const values = (spec.byType.AWS ?? []).map((v) => v.trim());
  const listsAccount = values.some((v) => matchAwsValue(v, caller) === 'account');
  if (!listsAccount) return false;
  if (caller.kind === 'root') return true;
  if (caller.kind === 'user') return values.includes(caller.arn);
  const listsRole = values.some((v) => parseRoleArn(v) !== undefined && matchAwsValue(v, caller) === 'direct');
  return listsRole && values.includes(caller.arn);
}

/** The principals as one readable list, e.g. `arn:aws:iam::999999999999:root, Service ec2.amazonaws.com`. */
export function describePrincipals(spec: PrincipalSpec): string {
  if (spec.wildcard) return '*';
  const parts: string[] = [];
  for (const [type, ids] of Object.entries(spec.byType)) {
    for (const id of ids) parts.push(type === 'AWS' ? id : `${type} ${id}`);
  }
  return parts.length ? parts.join(', ') : '(none)';
}
