// The caller of an AWS request and the request context AWS fills in for it (keys are case-insensitive), as a table of keys.
import { parseRoleArn, parseRootArn, parseSessionArn, parseUserArn } from './arn';

export type CallerKind = 'role-session' | 'user' | 'root';

export interface Caller {
  kind: CallerKind;
  /** What the request is signed as: `arn:aws:sts::A:assumed-role/R/S`, `arn:aws:iam::A:user/U` or `arn:aws:iam::A:root`. */
  arn: string;
  /** `aws:PrincipalArn`: the role's ARN for a role session, otherwise the same as `arn`. */
  principalArn: string;
  accountId: string;
  partition: string;
  roleName?: string;
  sessionName?: string;
  userName?: string;
}

/** A session of `roleArn` (how an access node with an instance profile, or after a chained AssumeRole, calls STS). */
export function roleSessionCaller(roleArn: string, sessionName: string): Caller | undefined {
  const r = parseRoleArn(roleArn);
  if (!r) return undefined;
  return {
    kind: 'role-session',
    arn: `arn:${r.partition}:sts::${r.accountId}:assumed-role/${r.roleName}/${sessionName}`,
    principalArn: roleArn.trim(),
    accountId: r.accountId,
    partition: r.partition,
    roleName: r.roleName,
    sessionName,
  };
}

/** An IAM user signing with its access key (or the account's root user, which AWS never lets assume a role). */
export function userCaller(userArn: string): Caller | undefined {
  const arn = userArn.trim();
  const u = parseUserArn(arn);
  if (u) return { kind: 'user', arn, principalArn: arn, accountId: u.accountId, partition: u.partition, userName: u.userName };
  const r = parseRootArn(arn);
  if (r) return { kind: 'root', arn, principalArn: arn, accountId: r.accountId, partition: r.partition };
  return undefined;
}

/**
 * The caller behind any ARN STS reports (GetCallerIdentity): a role session, an IAM user or root.
 * A session ARN does not carry the role's path, so `principalArn` is the role's ARN without one.
 */
export function callerFromArn(arn: string): Caller | undefined {
  const s = parseSessionArn(arn);
  if (!s) return userCaller(arn);
  const { partition, accountId, roleName, sessionName } = s;
  return { kind: 'role-session', arn: arn.trim(), principalArn: `arn:${partition}:iam::${accountId}:role/${roleName}`, accountId, partition, roleName, sessionName };
}

export type ContextValue = string | string[];

/** Request context keys with AWS's case-insensitive lookup; values keep their case. */
export class RequestContext {
  private readonly values = new Map<string, { key: string; value: ContextValue }>();

  constructor(entries: Record<string, ContextValue> = {}) {
    for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }

  set(key: string, value: ContextValue): void {
    this.values.set(key.toLowerCase(), { key, value });
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }

  get(key: string): ContextValue | undefined {
    return this.values.get(key.toLowerCase())?.value;
  }

  /** Single-valued lookup for policy variables; a multi-valued key cannot be substituted. */
  single(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  entries(): Record<string, ContextValue> {
    const out: Record<string, ContextValue> = {};
    for (const { key, value } of this.values.values()) out[key] = value;
    return out;
  }
}

export interface ContextOptions {
  externalId?: string;
  now: Date;
  /** More keys (e.g. `aws:SourceIp`), overriding the defaults. */
  extra?: Record<string, ContextValue>;
}

/** One key AWS fills in: its name and how its value follows from the caller and the request (undefined: absent). */
export interface ContextKeyRow {
  key: string;
  value(caller: Caller, options: ContextOptions): ContextValue | undefined;
}

/**
 * The keys AWS fills in on every sts:AssumeRole call that can be known offline (IAM User Guide, "AWS global
 * condition context keys": aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username,
 * aws:PrincipalIsAWSService, aws:SecureTransport, aws:CurrentTime, aws:EpochTime; STS: sts:ExternalId).
 * `aws:userid` is left out: it holds the role's or user's unique id (AROA…/AIDA…), which only AWS knows.
 * Kept as a table so other callers (other caller types, other actions) add rows rather than code paths.
 */
export const ASSUME_ROLE_CONTEXT: readonly ContextKeyRow[] = [
  { key: 'aws:PrincipalArn', value: (c) => c.principalArn },
  { key: 'aws:PrincipalAccount', value: (c) => c.accountId },
  { key: 'aws:PrincipalType', value: (c) => (c.kind === 'role-session' ? 'AssumedRole' : c.kind === 'user' ? 'User' : 'Account') },
  { key: 'aws:username', value: (c) => (c.kind === 'user' ? c.userName : undefined) },
  { key: 'aws:PrincipalIsAWSService', value: () => 'false' },
  { key: 'aws:SecureTransport', value: () => 'true' },
  { key: 'aws:CurrentTime', value: (_, o) => o.now.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  { key: 'aws:EpochTime', value: (_, o) => String(Math.floor(o.now.getTime() / 1000)) },
  { key: 'sts:ExternalId', value: (_, o) => o.externalId },
];

/** The request context for `caller`: every row of `table` that has a value, then `options.extra` over them. */
export function buildRequestContext(caller: Caller, options: ContextOptions, table: readonly ContextKeyRow[] = ASSUME_ROLE_CONTEXT): RequestContext {
  const ctx = new RequestContext();
  for (const row of table) {
    const v = row.value(caller, options);
    if (v !== undefined) ctx.set(row.key, v);
  }
  for (const [k, v] of Object.entries(options.extra ?? {})) ctx.set(k, v);
  return ctx;
}
