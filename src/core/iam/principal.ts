// Principals: parsing a Principal / NotPrincipal element, checking each value's form, and matching it against a caller.
import { isAccountId, parseRoleArn, parseRootArn, splitArn, arnPartsProblem } from './arn';
import type { Caller } from './context';
import { hasWildcard } from './wildcard';

export const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** A Principal / NotPrincipal element: `"*"` or `{ AWS | Service | Federated | CanonicalUser: string | string[] }`. */
export interface PrincipalSpec {
  wildcard: boolean;
  byType: Record<string, string[]>;
}

/** Reads a Principal / NotPrincipal value as IAM does: `"*"`, or an object of principal types to one value or a list. */
export function parsePrincipal(v: unknown): PrincipalSpec {
  if (v === '*') return { wildcard: true, byType: {} };
  const byType: Record<string, string[]> = {};
  let wildcard = false;
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    for (const [type, ids] of Object.entries(v)) {
      byType[type] = policyStrings(ids);
      if (type === 'AWS' && byType[type].includes('*')) wildcard = true;
    }
  }
  return { wildcard, byType };
}

/** Policy values may be a string, a number, a boolean or an array of them; IAM compares them as text. */
export function policyStrings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean').map((x) => String(x));
}

/** What is wrong with a principal value under `key`, or undefined when it is well formed (IAM User Guide, "AWS JSON policy elements: Principal"). */
export function principalProblem(key: string, value: string): string | undefined {
  switch (key) {
    case 'AWS': {
      if (value === '*' || isAccountId(value)) return undefined;
      // A CloudFront origin access identity is named by this IAM user ARN, account `cloudfront`, spaces and all
      // (Amazon CloudFront Developer Guide, "Restricting access to an Amazon S3 origin").
      if (CLOUDFRONT_OAI.test(value)) return undefined;
      if (!value.startsWith('arn:')) return `\`${value}\` is not a 12-digit account ID or an IAM ARN`;
      const p = splitArn(value);
      if (!p) return 'an ARN has six colon-separated parts: `arn:partition:service:region:account:resource`';
      // Wildcards are not allowed in principal ARNs: IAM rejects them (only a lone "*" is allowed).
      if (hasWildcard(value)) return 'wildcards are not allowed in a principal ARN (use `aws:PrincipalArn` with `ArnLike` in a condition instead)';
      const problem = arnPartsProblem(p, false);
      if (problem) return problem;
      if (p.service !== 'iam' && p.service !== 'sts') return `a principal ARN is an \`iam\` or \`sts\` ARN, not \`${p.service}\``;
      if (p.region !== '') return 'a principal ARN has no region: `arn:aws:iam::123456789012:root`';
      if (!isAccountId(p.account)) return `account \`${p.account}\` is not a 12-digit account ID`;
      const r = p.resource;
      if (p.service === 'iam' && !(r === 'root' || /^(user|role|federated-user|group)\/.+/.test(r)))
        return `\`${r}\` is not \`root\`, \`role/…\` or \`user/…\``;
      if (p.service === 'iam' && r !== 'root') return iamNameProblem(r);
      if (p.service === 'sts' && !/^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(r)) return `\`${r}\` is not \`assumed-role/ROLE/SESSION\``;
      return undefined;
    }
    case 'Service':
      if (/^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|aws\.internal)$/.test(value)) return undefined;
      return `\`${value}\` is not a service principal such as \`ec2.amazonaws.com\``;
    case 'Federated': {
      if (value.startsWith('arn:')) {
        const p = splitArn(value);
        if (p && p.service === 'iam' && isAccountId(p.account) && /^(saml-provider|oidc-provider)\/.+/.test(p.resource)) return undefined;
        return '`Federated` takes a SAML or OIDC provider ARN (`arn:aws:iam::123456789012:saml-provider/NAME`) or an identity provider name';
      }
      if (/^[A-Za-z0-9][A-Za-z0-9.-]*(\/[\w./-]+)?$/.test(value)) return undefined;
      return `\`${value}\` is not an identity provider such as \`cognito-identity.amazonaws.com\``;
    }
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/.test(value) ? undefined : 'a canonical user ID is 64 lowercase hexadecimal characters';
    default:
      return `\`${key}\` is not a principal type: use \`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\``;
  }
}

const CLOUDFRONT_OAI = /^arn:aws(-cn|-us-gov)?:iam::cloudfront:user\/CloudFront Origin Access Identity [A-Z0-9]+$/;

// IAM names: letters, digits and `+=,.@_-`; paths: `/`-delimited printable ASCII (IAM API Reference, CreateRole /
// CreateUser `RoleName`, `UserName` and `Path` patterns). A dash pasted from a document (`–`) is neither.
const IAM_NAME_CHARS = /^[\w+=,.@-]+$/;
const IAM_PATH_CHARS = /^[\u0021-\u007e]*$/;

/** What is wrong with the name or path of `role/PATH/NAME`, `user/…` or `group/…` in an IAM ARN, or undefined. */
export function iamNameProblem(resource: string): string | undefined {
  const slash = resource.indexOf('/');
  const type = resource.slice(0, slash);
  const rest = resource.slice(slash + 1);
  const last = rest.lastIndexOf('/');
  const name = rest.slice(last + 1);
  const path = last < 0 ? '' : rest.slice(0, last + 1);
  const what = type === 'federated-user' ? 'federated user' : type;
  if (!IAM_NAME_CHARS.test(name)) {
    const bad = [...name].find((c) => !/[\w+=,.@-]/.test(c));
    const shown =
      bad === undefined
        ? ''
        : ` has \`${bad}\`${bad.charCodeAt(0) > 0x7e ? ` (U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})` : ''}, which`;
    return name === ''
      ? `the ${what} name is empty`
      : `${what} name \`${name}\`${shown || ' has a character that'} IAM names do not allow: use letters, digits and \`+=,.@_-\``;
  }
  if (!IAM_PATH_CHARS.test(path)) return `the ${what} path \`/${path}\` has a character IAM paths do not allow (printable ASCII only, no spaces)`;
  return undefined;
}

/** The 12-digit account of an `AWS` principal (an account ID or an IAM/STS ARN), if it names one. */
export function principalAccount(value: string): string | undefined {
  if (isAccountId(value)) return value;
  const p = splitArn(value);
  return p && isAccountId(p.account) ? p.account : undefined;
}

/** `direct`: names the caller (or `*`); `account`: names the caller's account, which delegates to its identity policies. */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const ASSUMED_ROLE = /^arn:[\w-]+:sts::\d{12}:assumed-role\/[^/]+\/.+$/;

/** How one `AWS` principal value names the caller (IAM User Guide, "AWS JSON policy elements: Principal"). */
export function matchAwsPrincipal(value: string, caller: Caller): PrincipalMatch {
  const v = value.trim();
  if (v === '*') return 'direct';
  if (isAccountId(v)) return v === caller.accountId ? 'account' : 'none';
  const root = parseRootArn(v);
  if (root) return root.partition === caller.partition && root.accountId === caller.accountId ? 'account' : 'none';
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
    const m = matchAwsPrincipal(v, caller);
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
  const listsAccount = values.some((v) => matchAwsPrincipal(v, caller) === 'account');
  if (!listsAccount) return false;
  if (caller.kind === 'root') return true;
  if (caller.kind === 'user') return values.includes(caller.arn);
  const listsRole = values.some((v) => parseRoleArn(v) !== undefined && matchAwsPrincipal(v, caller) === 'direct');
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
