// The caller of sts:AssumeRole and the request context AWS would fill in for it (keys are case-insensitive).

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

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role\/(?:[^\s]*\/)?([\w+=,.@-]+)$/;
const USER_ARN = /^arn:([\w-]+):iam::(\d{12}):user\/(?:[^\s]*\/)?([\w+=,.@-]+)$/;
const ROOT_ARN = /^arn:([\w-]+):iam::(\d{12}):root$/;

export function parseRoleArn(arn: string): { partition: string; accountId: string; roleName: string } | undefined {
  const m = ROLE_ARN.exec(arn.trim());
  return m ? { partition: m[1], accountId: m[2], roleName: m[3] } : undefined;
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
  const u = USER_ARN.exec(arn);
  if (u) return { kind: 'user', arn, principalArn: arn, accountId: u[2], partition: u[1], userName: u[3] };
  const r = ROOT_ARN.exec(arn);
  if (r) return { kind: 'root', arn, principalArn: arn, accountId: r[2], partition: r[1] };
  return undefined;
}

const SESSION_ARN = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;

/**
 * The caller behind any ARN STS reports (GetCallerIdentity): a role session, an IAM user or root.
 * A session ARN does not carry the role's path, so `principalArn` is the role's ARN without one.
 */
export function callerFromArn(arn: string): Caller | undefined {
  const m = SESSION_ARN.exec(arn.trim());
  if (!m) return userCaller(arn);
  const [, partition, accountId, roleName, sessionName] = m;
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

/**
 * The keys AWS fills in on every sts:AssumeRole call it could know offline. `aws:userid` is left out: it holds the
 * role's or user's unique id (AROA…/AIDA…), which only AWS knows.
 */
export function buildRequestContext(caller: Caller, options: ContextOptions): RequestContext {
  const ctx = new RequestContext();
  ctx.set('aws:PrincipalArn', caller.principalArn);
  ctx.set('aws:PrincipalAccount', caller.accountId);
  ctx.set('aws:PrincipalType', caller.kind === 'role-session' ? 'AssumedRole' : caller.kind === 'user' ? 'User' : 'Account');
  if (caller.kind === 'user' && caller.userName) ctx.set('aws:username', caller.userName);
  ctx.set('aws:PrincipalIsAWSService', 'false');
  ctx.set('aws:SecureTransport', 'true');
  ctx.set('aws:CurrentTime', options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  ctx.set('aws:EpochTime', String(Math.floor(options.now.getTime() / 1000)));
  if (options.externalId !== undefined) ctx.set('sts:ExternalId', options.externalId);
  for (const [k, v] of Object.entries(options.extra ?? {})) ctx.set(k, v);
  return ctx;
}
