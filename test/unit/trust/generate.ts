// Seeded generator of sts:AssumeRole scenarios (caller, identity policies, trust policy, context) for the differential suite.
import { buildRequestContext, roleSessionCaller, userCaller, type Caller, type ContextValue } from '../../../src/core/iam/context';

export const ADMIN = '111111111111';
export const TENANT = '222222222222';
export const OTHER = '999999999999';
export const NOW = new Date('2026-11-22T10:00:00Z');
const EPOCH = Math.floor(NOW.getTime() / 1000);

export interface Scenario {
  caller: Caller;
  roleArn: string;
  identity: unknown[];
  trust: unknown;
  context: Record<string, ContextValue>;
  sameAccount: boolean;
}

type Json = Record<string, unknown>;

export function generateScenario(rand: () => number): Scenario {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;

  const sameAccount = chance(0.2);
  const callerAccount = sameAccount ? TENANT : ADMIN;
  const callerKind = pick(['role', 'role', 'role-path', 'user'] as const);
  const roleName = sameAccount ? 'local-admin' : 'vsa-assume-role';
  const roleArn = callerKind === 'role-path' ? `arn:aws:iam::${callerAccount}:role/backup/${roleName}` : `arn:aws:iam::${callerAccount}:role/${roleName}`;
  const caller = callerKind === 'user' ? userCaller(`arn:aws:iam::${callerAccount}:user/backup-admin`)! : roleSessionCaller(roleArn, 'i-0abc')!;
  const target = `arn:aws:iam::${TENANT}:role/vsa-role`;

  const externalId = pick(['ext-123', 'ext-123', 'EXT-123', 'other', undefined, `${callerAccount}-ext`]);
  const extra: Record<string, ContextValue> = {};
  if (chance(0.3)) extra['aws:SourceIp'] = pick(['203.0.113.7', '198.51.100.20']);
  if (chance(0.35)) extra['aws:TagKeys'] = pick([['Project'], ['Project', 'Team'], ['Env'], []]);
  const context = buildRequestContext(caller, { now: NOW, externalId, extra }).entries();

  // ---- building blocks ----
  const actions = (): Json =>
    pick<Json>([
      { Action: 'sts:AssumeRole' },
      { Action: 'sts:AssumeRole' },
      { Action: 'sts:Assume*' },
      { Action: 'sts:*' },
      { Action: '*' },
      { Action: ['sts:TagSession', 'sts:AssumeRole'] },
      { Action: 'sts:AssumeRoleWithSAML' },
      { Action: 'STS:assumerole' },
      { Action: 'sts:AssumeRol?' },
      { NotAction: 'sts:TagSession' },
      { NotAction: ['sts:AssumeRole'] },
      { NotAction: 'iam:*' },
    ]);

  const principalValues = [
    '*',
    callerAccount,
    `arn:aws:iam::${callerAccount}:root`,
    `arn:aws:iam::${OTHER}:root`,
    OTHER,
    caller.principalArn,
    `arn:aws:iam::${callerAccount}:role/${roleName}`,
    `arn:aws:iam::${callerAccount}:role/someone-else`,
    `arn:aws:sts::${callerAccount}:assumed-role/${roleName}/i-0abc`,
    `arn:aws:sts::${callerAccount}:assumed-role/${roleName}/other-session`,
    `arn:aws:iam::${callerAccount}:user/backup-admin`,
    `arn:aws:iam::${callerAccount}:user/mallory`,
  ];
  const principal = (): unknown => {
    const r = rand();
    if (r < 0.08) return '*';
    if (r < 0.15) return { Service: 'ec2.amazonaws.com' };
    const n = 1 + Math.floor(rand() * 2);
    const aws = Array.from({ length: n }, () => pick(principalValues.slice(1)));
    const p: Json = { AWS: aws.length === 1 ? aws[0] : aws };
    if (chance(0.2)) p.Service = 'ec2.amazonaws.com';
    return p;
  };
  // Either the caller's whole chain (account, role, session or user) or none of it: see the exclusion note in the test.
  const notPrincipal = (): unknown => {
    if (chance(0.5)) {
      const chain =
        caller.kind === 'user'
          ? [caller.arn, `arn:aws:iam::${callerAccount}:root`]
          : [caller.arn, caller.principalArn, `arn:aws:iam::${callerAccount}:root`];
      return { AWS: chain };
    }
    return { AWS: pick([[`arn:aws:iam::${OTHER}:root`], [`arn:aws:iam::${OTHER}:role/x`, `arn:aws:iam::${OTHER}:root`]]) };
  };

  const condition = (): [string, string, unknown] =>
    pick<[string, string, unknown]>([
      ['StringEquals', 'sts:ExternalId', 'ext-123'],
      ['StringEquals', 'sts:ExternalId', ['nope', 'ext-123']],
      ['StringEquals', 'sts:externalid', 'ext-123'],
      ['StringEqualsIgnoreCase', 'sts:ExternalId', 'EXT-123'],
      ['StringNotEquals', 'sts:ExternalId', 'ext-123'],
      ['StringNotEqualsIgnoreCase', 'sts:ExternalId', ['other', 'x']],
      ['StringLike', 'sts:ExternalId', 'ext-*'],
      ['StringLike', 'sts:ExternalId', 'ext-12?'],
      ['StringNotLike', 'sts:ExternalId', 'oth*'],
      ['StringEqualsIfExists', 'sts:ExternalId', 'ext-123'],
      ['StringEquals', 'sts:ExternalId', '${aws:PrincipalAccount}-ext'],
      ['Null', 'sts:ExternalId', 'true'],
      ['Null', 'sts:ExternalId', 'false'],
      ['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${callerAccount}:role/*`],
      ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/vsa-*'],
      ['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:*`],
      ['ArnEquals', 'aws:PrincipalArn', caller.principalArn],
      ['ArnNotLike', 'aws:PrincipalArn', `arn:aws:iam::${callerAccount}:user/*`],
      ['ArnNotEquals', 'aws:PrincipalArn', `arn:aws:iam::${OTHER}:role/x`],
      ['StringLike', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalAccount}:*'],
      ['ArnLike', 'aws:PrincipalArn', "arn:aws:iam::*:role/${aws:username, 'vsa-assume-role'}"],
      ['StringEquals', 'aws:PrincipalAccount', callerAccount],
      ['StringEquals', 'aws:PrincipalAccount', OTHER],
      ['StringNotEquals', 'aws:PrincipalAccount', OTHER],
      ['StringEquals', 'aws:PrincipalType', 'AssumedRole'],
      ['StringEquals', 'aws:PrincipalType', 'User'],
      ['StringEquals', 'aws:username', 'backup-admin'],
      ['StringLike', 'aws:username', "${aws:username, 'nobody'}"],
      ['StringEqualsIfExists', 'aws:username', 'backup-admin'],
      ['Bool', 'aws:SecureTransport', 'true'],
      ['Bool', 'aws:SecureTransport', 'false'],
      ['Bool', 'aws:MultiFactorAuthPresent', 'true'],
      ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'],
      ['NumericLessThan', 'aws:EpochTime', String(EPOCH + 1000)],
      ['NumericGreaterThanEquals', 'aws:EpochTime', String(EPOCH + 1)],
      ['NumericEquals', 'aws:EpochTime', [String(EPOCH), '5']],
      ['NumericNotEquals', 'aws:EpochTime', String(EPOCH)],
      ['DateGreaterThan', 'aws:CurrentTime', '2026-11-21T10:00:00Z'],
      ['DateLessThan', 'aws:CurrentTime', '2026-11-22T09:59:59Z'],
      ['DateLessThanEquals', 'aws:EpochTime', String(EPOCH)],
      ['DateNotEquals', 'aws:CurrentTime', '2026-11-22T10:00:00Z'],
      ['IpAddress', 'aws:SourceIp', '203.0.113.0/24'],
      ['NotIpAddress', 'aws:SourceIp', ['198.51.100.0/24']],
      ['IpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24'],
      ['ForAnyValue:StringEquals', 'aws:TagKeys', ['Project', 'Owner']],
      ['ForAllValues:StringEquals', 'aws:TagKeys', ['Project', 'Team']],
      ['ForAnyValue:StringNotEquals', 'aws:TagKeys', 'Project'],
      ['ForAllValues:StringLike', 'aws:TagKeys', ['P*', 'T*']],
      ['ForAnyValue:StringLike', 'sts:ExternalId', 'ext-*'],
      ['StringEquals', 'aws:TagKeys', 'Project'],
    ]);
  const conditions = (): Json | undefined => {
    const n = pick([0, 0, 1, 1, 2]);
    if (n === 0) return undefined;
    const out: Record<string, Json> = {};
    for (let i = 0; i < n; i++) {
      const [op, key, value] = condition();
      out[op] = { ...(out[op] ?? {}), [key]: value };
    }
    return out;
  };

  // ---- trust policy ----
  const trustStatements: Json[] = [];
  const nTrust = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < nTrust; i++) {
    const deny = chance(0.2);
    const st: Json = { Effect: deny ? 'Deny' : 'Allow', ...actions() };
    if (deny && chance(0.3)) st.NotPrincipal = notPrincipal();
    else st.Principal = principal();
    const c = conditions();
    if (c) st.Condition = c;
    if (chance(0.3)) st.Sid = `T${i}`;
    trustStatements.push(st);
  }
  const trust = { Version: '2012-10-17', Statement: trustStatements.length === 1 && chance(0.5) ? trustStatements[0] : trustStatements };

  // ---- identity policies ----
  const resources = (): Json =>
    pick<Json>([
      { Resource: '*' },
      { Resource: '*' },
      { Resource: target },
      { Resource: `arn:aws:iam::${TENANT}:role/*` },
      { Resource: 'arn:aws:iam::*:role/vsa-*' },
      { Resource: [`arn:aws:iam::${OTHER}:role/*`] },
      { Resource: 'arn:aws:iam::*:role/VSA-*' },
      { Resource: "arn:aws:iam::*:role/vsa-${aws:username, 'role'}" },
      { NotResource: `arn:aws:iam::${OTHER}:role/*` },
      { NotResource: target },
    ]);
  const identity: unknown[] = [];
  const nDocs = pick([0, 1, 1, 1, 2]);
  for (let d = 0; d < nDocs; d++) {
    const statements: Json[] = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      const st: Json = { Effect: chance(0.15) ? 'Deny' : 'Allow', ...actions(), ...resources() };
      const c = chance(0.5) ? conditions() : undefined;
      if (c) st.Condition = c;
      statements.push(st);
    }
    identity.push({ Version: '2012-10-17', Statement: statements });
  }

  return { caller, roleArn: target, identity, trust, context, sameAccount };
}
