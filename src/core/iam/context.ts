// The caller of an AWS request and the request context AWS fills in for it (keys are case-insensitive), as a table of keys.
import { parseRoleArn, parseRootArn, parseSessionArn, parseUserArn, splitArn } from './arn';

export type CallerKind = 'role-session' | 'user' | 'root';

/**
 * Where the caller's credentials come from, which decides some keys of the request context: an IAM user's
 * long-term access key, an EC2 instance profile's role session, a role session from an earlier AssumeRole
 * (possibly chained), an IAM Identity Center session (a role session of an `AWSReservedSSO_…` role), or root.
 */
export type CredentialSource = 'long-term-keys' | 'instance-profile' | 'assumed-role' | 'identity-center' | 'root';

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
  /** Defaults from `kind`: user → long-term-keys, root → root, role-session → assumed-role (or identity-center). */
  source?: CredentialSource;
}

/** IAM Identity Center provisions its roles as `AWSReservedSSO_<permission set>_<id>` under `/aws-reserved/sso.amazonaws.com/`. */
function isIdentityCenterRole(roleName: string): boolean {
  return roleName.startsWith('AWSReservedSSO_');
}

/** A session of `roleArn` (how an access node with an instance profile, or after a chained AssumeRole, calls STS). */
export function roleSessionCaller(roleArn: string, sessionName: string, source?: 'instance-profile' | 'assumed-role'): Caller | undefined {
  const r = parseRoleArn(roleArn);
  if (!r) return undefined;
  return {
    source: isIdentityCenterRole(r.roleName) ? 'identity-center' : (source ?? 'assumed-role'),
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
  if (u) return { kind: 'user', source: 'long-term-keys', arn, principalArn: arn, accountId: u.accountId, partition: u.partition, userName: u.userName };
  const r = parseRootArn(arn);
  if (r) return { kind: 'root', source: 'root', arn, principalArn: arn, accountId: r.accountId, partition: r.partition };
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
  const source = isIdentityCenterRole(roleName) ? 'identity-center' : 'assumed-role';
  return {
    kind: 'role-session',
    source,
    arn: arn.trim(),
    principalArn: `arn:${partition}:iam::${accountId}:role/${roleName}`,
    accountId,
    partition,
    roleName,
    sessionName,
  };
}

export type ContextValue = string | string[];

/** What the request context holds for a key: a value, nothing (AWS leaves the key out), or a value only AWS knows. */
export type KeyFact = { value: ContextValue } | { absent: true } | { unknown: string; present?: true };

const value = (v: ContextValue | undefined): KeyFact => (v === undefined ? ABSENT : { value: v });
const ABSENT: KeyFact = { absent: true };
const unknown = (why: string): KeyFact => ({ unknown: why });
/** Always in the request, with a value only AWS knows: a `Null` test on it is still exact. */
const present = (why: string): KeyFact => ({ unknown: why, present: true });

/** Request context keys with AWS's case-insensitive lookup; values keep their case. Some keys are known to be unknowable offline. */
export class RequestContext {
  private readonly values = new Map<string, { key: string; value: ContextValue }>();
  private readonly unknowns = new Map<string, { key: string; why: string; present?: boolean }>();
  /** Key families (`aws:PrincipalTag/`) whose every member is unknown unless set. */
  private readonly unknownFamilies: { prefix: string; why: string }[] = [];

  /** `parent`: the keys of the caller, shared by every request it makes (see `requestContextFor`). */
  constructor(
    entries: Record<string, ContextValue> = {},
    private readonly parent?: RequestContext,
  ) {
    for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }

  set(key: string, value: ContextValue): void {
    this.unknowns.delete(key.toLowerCase());
    this.values.set(key.toLowerCase(), { key, value });
  }

  /** Marks a key as present or absent in a way only AWS knows at request time; `why` says what decides it. */
  setUnknown(key: string, why: string, present?: boolean): void {
    this.values.delete(key.toLowerCase());
    this.unknowns.set(key.toLowerCase(), { key, why, present });
  }

  /** Whether an unknown key is known to be in the request (only its value is unknown). */
  unknownPresent(key: string): boolean {
    const lower = key.toLowerCase();
    if (this.values.has(lower)) return false;
    const hit = this.unknowns.get(lower);
    return hit ? !!hit.present : !!this.parent?.unknownPresent(lower);
  }

  setUnknownFamily(prefix: string, why: string): void {
    this.unknownFamilies.push({ prefix: prefix.toLowerCase(), why });
  }

  has(key: string): boolean {
    const lower = key.toLowerCase();
    return this.values.has(lower) || (!this.unknowns.has(lower) && !!this.parent?.has(lower));
  }

  get(key: string): ContextValue | undefined {
    const lower = key.toLowerCase();
    const own = this.values.get(lower);
    if (own || this.unknowns.has(lower)) return own?.value;
    return this.parent?.get(lower);
  }

  /** Why the key's presence or value cannot be known offline; undefined when the context knows it (present or absent). */
  unknown(key: string): string | undefined {
    const lower = key.toLowerCase();
    if (this.values.has(lower)) return undefined;
    const hit = this.unknowns.get(lower);
    if (hit) return hit.why;
    return this.unknownFamilies.find((f) => lower.startsWith(f.prefix) && lower.length > f.prefix.length)?.why ?? this.parent?.unknown(lower);
  }

  /** Single-valued lookup for policy variables; a multi-valued key cannot be substituted. */
  single(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  /** The keys with a known value (what an oracle or a report is given). */
  entries(): Record<string, ContextValue> {
    const out: Record<string, ContextValue> = {};
    if (this.parent) {
      for (const [key, value] of Object.entries(this.parent.entries()))
        if (!this.unknowns.has(key.toLowerCase()) && !this.values.has(key.toLowerCase())) out[key] = value;
    }
    for (const { key, value } of this.values.values()) out[key] = value;
    return out;
  }

  /** The keys (and key families, as `prefix*`) only AWS knows, with why. */
  unknownKeys(): Record<string, string> {
    const out: Record<string, string> = { ...this.parent?.unknownKeys() };
    for (const { key, why } of this.unknowns.values()) out[key] = why;
    for (const { prefix, why } of this.unknownFamilies) out[`${prefix}*`] = why;
    return out;
  }
}

/**
 * What the accounts file can tell about the admin's calls that no policy file says (schemas/topology.schema.json,
 * `admins[].requestFacts`). Each one given turns the matching keys from "depends on" into an exact value.
 */
export interface RequestFacts {
  /** Whether the caller's session was authenticated with MFA (`aws:MultiFactorAuthPresent`). */
  mfa?: boolean;
  /** `aws:PrincipalOrgID`: the caller account's organization; null when the account is in none. */
  organizationId?: string | null;
  /** `aws:PrincipalOrgPaths`, e.g. `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. */
  organizationPaths?: string[];
  /** `aws:PrincipalTag/*`: every tag of the caller (the role's or user's tags, plus session tags); tags not listed are absent. */
  principalTags?: Record<string, string>;
  /** `aws:RequestTag/*`, `aws:TagKeys`: the session tags the backup software passes to AssumeRole; {} when none. */
  sessionTags?: Record<string, string>;
  /** `sts:SourceIdentity` / `aws:SourceIdentity`; null when none is set. */
  sourceIdentity?: string | null;
  /** `sts:RoleSessionName`: the session name the backup software asks for. */
  roleSessionName?: string;
  /** `aws:SourceIp`: the public address the access node's calls come from (or the private one through a VPC endpoint). */
  sourceIp?: string;
  /** `aws:SourceVpce`: the STS VPC endpoint the calls go through; null when they do not use one. */
  sourceVpce?: string | null;
  /** `aws:RequestedRegion`: the region of the STS endpoint called (`us-east-1` for the global endpoint). */
  requestedRegion?: string;
}

export interface ContextOptions {
  externalId?: string;
  now: Date;
  /** The role being assumed, for `aws:ResourceAccount`. */
  roleArn?: string;
  facts?: RequestFacts;
  /** More keys (e.g. `aws:SourceIp`), overriding the table. */
  extra?: Record<string, ContextValue>;
}

/** One key AWS may put in the request context, and what it holds for a caller and request. */
export interface ContextKeyRow {
  key: string;
  fact(caller: Caller, options: ContextOptions): KeyFact;
  /** Set on rows that depend on the request (`externalId`, `roleArn`) rather than only on the caller and the time. */
  perRequest?: true;
}

const temporary = (c: Caller) => c.kind === 'role-session';
const sourceOf = (c: Caller): CredentialSource => c.source ?? (c.kind === 'user' ? 'long-term-keys' : c.kind === 'root' ? 'root' : 'assumed-role');
const TIME = (o: ContextOptions) => o.now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The request context of sts:AssumeRole per caller type, from the IAM User Guide, "AWS global condition context keys"
 * (each key's *Availability*) and "IAM and AWS STS condition context keys". Caller types: an IAM user with long-term
 * keys, a role session from an EC2 instance profile, a role session from an earlier AssumeRole (possibly chained), an
 * IAM Identity Center session. A key not in this table is absent from the request. `unknown` marks keys AWS fills in
 * with values only it knows at request time, unless the accounts file's `requestFacts` says.
 */
export const ASSUME_ROLE_CONTEXT: readonly ContextKeyRow[] = [
  // "This key is included in the request context for all signed requests."
  { key: 'aws:PrincipalArn', fact: (c) => value(c.principalArn) },
  { key: 'aws:PrincipalAccount', fact: (c) => value(c.accountId) },
  { key: 'aws:PrincipalType', fact: (c) => value(c.kind === 'role-session' ? 'AssumedRole' : c.kind === 'user' ? 'User' : 'Account') },
  // aws:userid: the account id for root; AIDA… for a user, AROA…:session for a role session (ids only IAM knows).
  {
    key: 'aws:userid',
    fact: (c) =>
      c.kind === 'root'
        ? value(c.accountId)
        : present(
            c.kind === 'user'
              ? `the user's unique id (AIDA…), which only IAM knows`
              : `the role's unique id and the session name (AROA…:${c.sessionName ?? 'SESSION'}), which only IAM knows`,
          ),
  },
  // "This key is always included in the request context for IAM users"; absent for roles and root.
  { key: 'aws:username', fact: (c) => value(c.kind === 'user' ? c.userName : undefined) },
  { key: 'aws:PrincipalIsAWSService', fact: () => value('false') },
  // "This key is always included in the request context for all signed requests": false for a direct call.
  { key: 'aws:ViaAWSService', fact: () => value('false') },
  // Present only when a service makes the request on the principal's behalf, or a service principal calls.
  { key: 'aws:CalledVia', fact: () => ABSENT },
  { key: 'aws:CalledViaFirst', fact: () => ABSENT },
  { key: 'aws:CalledViaLast', fact: () => ABSENT },
  { key: 'aws:SourceArn', fact: () => ABSENT },
  { key: 'aws:SourceAccount', fact: () => ABSENT },
  { key: 'aws:SourceOrgID', fact: () => ABSENT },
  { key: 'aws:SourceOrgPaths', fact: () => ABSENT },
  { key: 'aws:PrincipalServiceName', fact: () => ABSENT },
  { key: 'aws:PrincipalServiceNamesList', fact: () => ABSENT },
  { key: 'aws:SecureTransport', fact: () => value('true') },
  { key: 'aws:CurrentTime', fact: (_, o) => value(TIME(o)) },
  { key: 'aws:EpochTime', fact: (_, o) => value(String(Math.floor(o.now.getTime() / 1000))) },
  {
    key: 'aws:RequestedRegion',
    fact: (_, o) =>
      o.facts?.requestedRegion
        ? value(o.facts.requestedRegion)
        : present('the region of the STS endpoint the access node calls (us-east-1 for the global endpoint)'),
  },
  // "included in the request context when the principal uses temporary credentials"; not present with long-term keys.
  {
    key: 'aws:MultiFactorAuthPresent',
    fact: (c, o) => {
      if (!temporary(c)) return ABSENT;
      if (o.facts?.mfa !== undefined) return value(String(o.facts.mfa));
      // An EC2 instance profile's credentials are never MFA-authenticated.
      if (sourceOf(c) === 'instance-profile') return value('false');
      return present('whether the session that calls AssumeRole was authenticated with MFA');
    },
  },
  {
    key: 'aws:MultiFactorAuthAge',
    fact: (c, o) => {
      if (!temporary(c) || o.facts?.mfa === false || sourceOf(c) === 'instance-profile') return ABSENT;
      return unknown('whether, and how long ago, the session was authenticated with MFA');
    },
  },
  // "included in the request context only when the principal uses temporary credentials".
  { key: 'aws:TokenIssueTime', fact: (c) => (temporary(c) ? present('the time the caller’s session was issued') : ABSENT) },
  { key: 'aws:SourceIp', fact: (_, o) => (o.facts?.sourceIp ? value(o.facts.sourceIp) : present('the address the access node’s calls come from')) },
  {
    key: 'aws:SourceVpce',
    fact: (_, o) =>
      o.facts?.sourceVpce === null
        ? ABSENT
        : o.facts?.sourceVpce
          ? value(o.facts.sourceVpce)
          : unknown('whether the call goes through an STS VPC endpoint, and which'),
  },
  {
    key: 'aws:SourceVpc',
    fact: (_, o) => (o.facts?.sourceVpce === null ? ABSENT : unknown('whether the call goes through an STS VPC endpoint, and in which VPC')),
  },
  { key: 'aws:VpcSourceIp', fact: (_, o) => (o.facts?.sourceVpce === null ? ABSENT : unknown('the private address of a call through a VPC endpoint')) },
  {
    key: 'aws:PrincipalOrgID',
    fact: (_, o) =>
      o.facts?.organizationId === null
        ? ABSENT
        : o.facts?.organizationId
          ? value(o.facts.organizationId)
          : unknown('the AWS Organizations organization of the caller’s account'),
  },
  {
    key: 'aws:PrincipalOrgPaths',
    fact: (_, o) =>
      o.facts?.organizationId === null
        ? ABSENT
        : o.facts?.organizationPaths
          ? value(o.facts.organizationPaths)
          : unknown('the organization path of the caller’s account'),
  },
  // Set only when a session was given a source identity (it then passes along a role chain).
  {
    key: 'aws:SourceIdentity',
    fact: (c, o) => {
      if (o.facts?.sourceIdentity !== undefined) return value(o.facts.sourceIdentity ?? undefined);
      return sourceOf(c) === 'assumed-role' ? unknown('the source identity of the caller’s session, if it has one') : ABSENT;
    },
  },
  {
    key: 'sts:SourceIdentity',
    fact: (_, o) =>
      o.facts?.sourceIdentity !== undefined
        ? value(o.facts.sourceIdentity ?? undefined)
        : unknown('the source identity the AssumeRole request carries, if any'),
  },
  {
    key: 'sts:RoleSessionName',
    fact: (_, o) => (o.facts?.roleSessionName ? value(o.facts.roleSessionName) : present('the session name the backup software asks for')),
  },
  { key: 'sts:ExternalId', fact: (_, o) => value(o.externalId), perRequest: true },
  {
    key: 'aws:TagKeys',
    fact: (_, o) => (o.facts?.sessionTags ? value(Object.keys(o.facts.sessionTags)) : unknown('the session tags the AssumeRole request passes')),
  },
  { key: 'sts:TransitiveTagKeys', fact: (_, o) => (o.facts?.sessionTags ? ABSENT : unknown('the transitive session tags the AssumeRole request passes')) },
  { key: 'aws:ResourceAccount', fact: (_, o) => value(o.roleArn ? splitArn(o.roleArn.trim())?.account : undefined), perRequest: true },
  // Requests signed with an EC2 instance's role credentials carry the instance's VPC and address.
  { key: 'aws:Ec2InstanceSourceVpc', fact: (c) => (sourceOf(c) === 'instance-profile' ? present('the VPC of the access node') : ABSENT) },
  { key: 'aws:Ec2InstanceSourcePrivateIPv4', fact: (c) => (sourceOf(c) === 'instance-profile' ? present('the private address of the access node') : ABSENT) },
  { key: 'ec2:SourceInstanceARN', fact: (c) => (sourceOf(c) === 'instance-profile' ? present('the ARN of the access node’s instance') : ABSENT) },
  { key: 'aws:UserAgent', fact: () => present('the user agent of the backup software’s SDK') },
];

const PER_REQUEST = ASSUME_ROLE_CONTEXT.filter((r) => r.perRequest);

/** Key families (`prefix` + a tag key): tags of the caller, of the request and of the role. */
export interface ContextFamilyRow {
  prefix: string;
  /** The member's fact; `tag` is the text after the prefix. */
  fact(caller: Caller, options: ContextOptions, tag: string): KeyFact;
  /** Members the facts make known, for `entries()`. */
  known(options: ContextOptions): Record<string, string> | undefined;
  unknownWhy: string;
}

export const ASSUME_ROLE_FAMILIES: readonly ContextFamilyRow[] = [
  {
    prefix: 'aws:PrincipalTag/',
    fact: (_, o, t) => tagFact(o.facts?.principalTags, t, 'the caller’s tags'),
    known: (o) => o.facts?.principalTags,
    unknownWhy: 'the tags of the caller (its role or user, and its session)',
  },
  {
    prefix: 'aws:RequestTag/',
    fact: (_, o, t) => tagFact(o.facts?.sessionTags, t, 'the session tags'),
    known: (o) => o.facts?.sessionTags,
    unknownWhy: 'the session tags the AssumeRole request passes',
  },
  {
    prefix: 'aws:ResourceTag/',
    fact: (_, _o, t) => unknown(`the tag ${t} of the tenant's role`),
    known: () => undefined,
    unknownWhy: 'the tags of the tenant’s role',
  },
];

function tagFact(tags: Record<string, string> | undefined, tag: string, what: string): KeyFact {
  if (!tags) return unknown(what);
  // Tag keys are case-insensitive in the request context, as every key name is.
  const hit = Object.entries(tags).find(([k]) => k.toLowerCase() === tag.toLowerCase());
  return hit ? { value: hit[1] } : ABSENT;
}

/** The `requestFacts` field that states a key's value (for the fix in a "depends on" answer), if there is one. */
export function factFor(key: string): keyof RequestFacts | undefined {
  const k = key.toLowerCase();
  const table: Record<string, keyof RequestFacts> = {
    'aws:multifactorauthpresent': 'mfa',
    'aws:multifactorauthage': 'mfa',
    'aws:principalorgid': 'organizationId',
    'aws:principalorgpaths': 'organizationPaths',
    'aws:tagkeys': 'sessionTags',
    'sts:transitivetagkeys': 'sessionTags',
    'aws:sourceidentity': 'sourceIdentity',
    'sts:sourceidentity': 'sourceIdentity',
    'sts:rolesessionname': 'roleSessionName',
    'aws:sourceip': 'sourceIp',
    'aws:sourcevpce': 'sourceVpce',
    'aws:sourcevpc': 'sourceVpce',
    'aws:vpcsourceip': 'sourceVpce',
    'aws:requestedregion': 'requestedRegion',
  };
  if (table[k]) return table[k];
  if (k.startsWith('aws:principaltag/')) return 'principalTags';
  if (k.startsWith('aws:requesttag/')) return 'sessionTags';
  return undefined;
}

/** What the request context holds for one key (a family member included), for explanations and tests. */
export function keyFact(key: string, caller: Caller, options: ContextOptions): KeyFact {
  const extra = Object.entries(options.extra ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
  if (extra) return { value: extra[1] };
  const row = ASSUME_ROLE_CONTEXT.find((r) => r.key.toLowerCase() === key.toLowerCase());
  if (row) return row.fact(caller, options);
  const fam = ASSUME_ROLE_FAMILIES.find((f) => key.toLowerCase().startsWith(f.prefix.toLowerCase()));
  if (fam) return fam.fact(caller, options, key.slice(fam.prefix.length));
  return ABSENT;
}

/** The request context for `caller`: every row of `table` with its fact, the key families, then `options.extra` over them. */
export function buildRequestContext(caller: Caller, options: ContextOptions, table: readonly ContextKeyRow[] = ASSUME_ROLE_CONTEXT): RequestContext {
  return requestContextFor(callerContext(caller, options, table), caller, options, table);
}

/**
 * The part of the request context that depends only on the caller, the time and the facts (not on the role or the
 * ExternalId): build it once per admin, then `requestContextFor` per tenant, so 10,000 tenants share one.
 */
export function callerContext(caller: Caller, options: ContextOptions, table: readonly ContextKeyRow[] = ASSUME_ROLE_CONTEXT): RequestContext {
  const ctx = new RequestContext();
  for (const row of table) if (!row.perRequest) apply(ctx, row.key, row.fact(caller, options));
  for (const fam of ASSUME_ROLE_FAMILIES) {
    const known = fam.known(options);
    if (known) for (const [tag, v] of Object.entries(known)) ctx.set(fam.prefix + tag, v);
    else ctx.setUnknownFamily(fam.prefix, fam.unknownWhy);
  }
  for (const [k, v] of Object.entries(options.extra ?? {})) ctx.set(k, v);
  return ctx;
}

/** One request's context over its caller's (`callerContext`, built with the same caller, time, facts and extra). */
export function requestContextFor(
  base: RequestContext,
  caller: Caller,
  options: ContextOptions,
  table: readonly ContextKeyRow[] = ASSUME_ROLE_CONTEXT,
): RequestContext {
  const ctx = new RequestContext({}, base);
  for (const row of table === ASSUME_ROLE_CONTEXT ? PER_REQUEST : table) if (row.perRequest) apply(ctx, row.key, row.fact(caller, options));
  // `extra` wins over every row, as in the caller's part.
  for (const [k, v] of Object.entries(options.extra ?? {})) ctx.set(k, v);
  return ctx;
}

function apply(ctx: RequestContext, key: string, f: KeyFact): void {
  if ('value' in f) ctx.set(key, f.value);
  else if ('unknown' in f) ctx.setUnknown(key, f.unknown, f.present);
}
