// ARNs: parsing into parts (partition, service, region, account, resource type and id), formatting, and the checks policies need.
import { hasWildcard } from './wildcard';

/**
 * `arn:partition:service:region:account-id:resource`, where the resource is `type/id`, `type:id` or just `id`
 * (IAM User Guide, "IAM identifiers" / AWS General Reference, "Amazon Resource Names (ARNs)").
 */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, further colons included. */
  resource: string;
}

export interface Arn extends ArnParts {
  /** The resource's type (`role`, `user`, `assumed-role`, `root`…): text before the first `/` or `:`; empty when there is none. */
  resourceType: string;
  /** The rest of the resource after its type (`path/name`, `ROLE/SESSION`); the whole resource when it has no type. */
  resourceId: string;
}

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(s: string): boolean {
  return ACCOUNT_ID.test(s);
}

/** Splits an ARN into its six parts as written; the resource part keeps any further colons. Undefined when it is not `arn:` + 5 colons. */
export function splitArn(arn: string): ArnParts | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let from = 4;
  for (let i = 0; i < 4; i++) {
    const c = arn.indexOf(':', from);
    if (c < 0) return undefined;
    parts.push(arn.slice(from, c));
    from = c + 1;
  }
  return { partition: parts[0], service: parts[1], region: parts[2], account: parts[3], resource: arn.slice(from) };
}

/**
 * Parses an ARN as users write or paste it: whitespace is dropped (log lines and tickets put spaces inside
 * ARNs, see docs/domain.md), and the resource is split into type and id. Undefined when it is not an ARN with
 * a partition, a service and a resource, or when its account is neither empty nor 12 digits.
 */
export function parseArn(arn: string): Arn | undefined {
  const p = splitArn(arn.replace(/\s+/g, ''));
  if (!p || !p.partition || !p.service || !p.resource) return undefined;
  if (p.account !== '' && !isAccountId(p.account)) return undefined;
  const cut = p.resource.search(/[/:]/);
  const resourceType = cut < 0 ? (p.resource === 'root' ? 'root' : '') : p.resource.slice(0, cut);
  const resourceId = cut < 0 ? (p.resource === 'root' ? '' : p.resource) : p.resource.slice(cut + 1);
  return { ...p, resourceType, resourceId };
}

/** The ARN text of its parts; `resource` wins over `resourceType`/`resourceId` when given. */
export function formatArn(p: Partial<Arn> & Pick<ArnParts, 'service'>): string {
  const resource = p.resource ?? (p.resourceType ? (p.resourceId ? `${p.resourceType}/${p.resourceId}` : p.resourceType) : (p.resourceId ?? ''));
  return `arn:${p.partition ?? 'aws'}:${p.service}:${p.region ?? ''}:${p.account ?? ''}:${resource}`;
}

/** The 12-digit account id in an ARN (spaces inside it tolerated), if it has one. */
export function arnAccount(arn: string): string | undefined {
  const p = splitArn(arn.replace(/\s+/g, ''));
  return p && isAccountId(p.account) ? p.account : undefined;
}

/** `arn:PARTITION:iam::ACCOUNT:root`, the principal that stands for a whole account. */
export function accountRootArn(account: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:root`;
}

export interface IamNameArn {
  partition: string;
  accountId: string;
  /** The name without the path (`vsa-role` for `role/backup/vsa-role`). */
  name: string;
  /** The path between the type and the name, with its slashes (`/backup/`), `/` when there is none. */
  path: string;
}

// IAM names: up to 64 (role) / 64 (user) characters of `[\w+=,.@-]` (IAM User Guide, "IAM object quotas" and CreateRole).
const IAM_NAME = /^[\w+=,.@-]+$/;

function iamEntityArn(arn: string, type: 'role' | 'user'): IamNameArn | undefined {
  const p = splitArn(arn.trim());
  if (!p || p.service !== 'iam' || p.region !== '' || !isAccountId(p.account) || !/^[\w-]+$/.test(p.partition)) return undefined;
  if (!p.resource.startsWith(type + '/') || /\s/.test(p.resource)) return undefined;
  const rest = p.resource.slice(type.length + 1);
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (!IAM_NAME.test(name)) return undefined;
  return { partition: p.partition, accountId: p.account, name, path: slash < 0 ? '/' : `/${rest.slice(0, slash + 1)}` };
}

/** An IAM role ARN (`arn:aws:iam::123456789012:role/optional/path/NAME`). */
export function parseRoleArn(arn: string): { partition: string; accountId: string; roleName: string; path: string } | undefined {
  const r = iamEntityArn(arn, 'role');
  return r && { partition: r.partition, accountId: r.accountId, roleName: r.name, path: r.path };
}

/** An IAM user ARN (`arn:aws:iam::123456789012:user/optional/path/NAME`). */
export function parseUserArn(arn: string): { partition: string; accountId: string; userName: string; path: string } | undefined {
  const r = iamEntityArn(arn, 'user');
  return r && { partition: r.partition, accountId: r.accountId, userName: r.name, path: r.path };
}

/** An account root ARN (`arn:aws:iam::123456789012:root`). */
export function parseRootArn(arn: string): { partition: string; accountId: string } | undefined {
  const p = splitArn(arn.trim());
  if (!p || p.service !== 'iam' || p.region !== '' || !isAccountId(p.account) || p.resource !== 'root' || !/^[\w-]+$/.test(p.partition)) return undefined;
  return { partition: p.partition, accountId: p.account };
}

/** A role session ARN (`arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`); it never carries the role's path. */
export function parseSessionArn(arn: string): { partition: string; accountId: string; roleName: string; sessionName: string } | undefined {
  const m = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/.exec(arn.trim());
  return m ? { partition: m[1], accountId: m[2], roleName: m[3], sessionName: m[4] } : undefined;
}

// Policy variables (`${aws:username}`) may stand anywhere; they are replaced by this placeholder before the checks.
const VAR = '\u0001';
function withoutVariables(s: string): string {
  return s.includes('${') ? s.replace(/\$\{[^}]*\}/g, VAR) : s;
}

/** What is wrong with a resource ARN (wildcards and policy variables allowed), or undefined when it is well formed. */
export function arnProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  const v = withoutVariables(value);
  if (!v.startsWith('arn:')) {
    if (/^arn:/i.test(v)) return 'an ARN starts with lowercase `arn:`';
    return 'a resource is `*` or an ARN (`arn:partition:service:region:account:resource`)';
  }
  const p = splitArn(v);
  if (!p) return 'an ARN has six colon-separated parts: `arn:partition:service:region:account:resource`';
  return arnPartsProblem(p, true);
}

/** A part is fine when it fits `re`, holds a policy variable, or (where allowed) is a wildcard pattern. */
function partOk(s: string, re: RegExp, wildcards: boolean): boolean {
  return re.test(s) || s.includes(VAR) || (wildcards && hasWildcard(s) && /^[a-z0-9*?-]*$/.test(s));
}

/** What is wrong with the parts of an ARN (`wildcards`: `*`/`?` allowed in them), or undefined. */
export function arnPartsProblem(p: ArnParts, wildcards: boolean): string | undefined {
  const partitionOk =
    PARTITIONS.includes(p.partition) || p.partition.includes(VAR) || (wildcards && hasWildcard(p.partition) && /^[a-z*?-]+$/.test(p.partition));
  if (!partitionOk) return `partition \`${p.partition}\` is not one of ${PARTITIONS.map((x) => `\`${x}\``).join(', ')}`;
  if (!partOk(p.service, /^[a-z0-9][a-z0-9.-]*$/, wildcards))
    return p.service === '' ? 'the service part is empty' : `service \`${p.service}\` is not a service name (lowercase letters, digits, hyphens)`;
  if (p.region !== '' && !partOk(p.region, /^[a-z]{2}(-[a-z]+)+-\d+$/, wildcards)) return `region \`${p.region}\` is not a region code such as \`us-east-1\``;
  if (
    p.account !== '' &&
    p.account !== 'aws' &&
    !(p.account.includes(VAR) || isAccountId(p.account) || (wildcards && /^[\d*?]+$/.test(p.account) && hasWildcard(p.account)))
  )
    return `account \`${p.account}\` is not a 12-digit account ID`;
  if (p.resource === '') return 'the resource part is empty';
  return undefined;
}
