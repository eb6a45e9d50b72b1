// Seeded generator of sts:AssumeRole scenarios (caller, identity policies, trust policy, context) for the differential suite.
import { roleSessionCaller, userCaller, type Caller, type ContextOptions, type RequestFacts } from '../../../src/core/iam/context';

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
  /** What the documented request-context model (src/core/iam/context.ts) is built from for this caller. */
  options: ContextOptions;
  sameAccount: boolean;
}

/** The caller types the request-context model distinguishes (IAM User Guide, "AWS global condition context keys"). */
export const CALLER_TYPES = ['user', 'instance-profile', 'assumed-role', 'identity-center'] as const;

type Json = Record<string, unknown>;

export function generateScenario(rand: () => number): Scenario {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;

  const sameAccount = chance(0.2);
  const callerAccount = sameAccount ? TENANT : ADMIN;
  const callerType = pick(CALLER_TYPES);
  const withPath = chance(0.3);
  const roleName = callerType === 'identity-center' ? 'AWSReservedSSO_Backup_0123456789abcdef' : sameAccount ? 'local-admin' : 'vsa-assume-role';
  const rolePath = callerType === 'identity-center' ? 'aws-reserved/sso.amazonaws.com/' : withPath ? 'backup/' : '';
  const roleArn = `arn:aws:iam::${callerAccount}:role/${rolePath}${roleName}`;
  const caller =
    callerType === 'user'
      ? userCaller(`arn:aws:iam::${callerAccount}:user/backup-admin`)!
      : roleSessionCaller(roleArn, 'i-0abc', callerType === 'instance-profile' ? 'instance-profile' : 'assumed-role')!;
  const target = `arn:aws:iam::${TENANT}:role/vsa-role`;

  const externalId = pick(['ext-123', 'ext-123', 'EXT-123', 'other', undefined, `${callerAccount}-ext`]);
  // Facts the accounts file may state; each one left out stays unknown (a "depends on" answer when a policy tests it).
  const facts: RequestFacts = {};
  if (chance(0.4)) facts.mfa = chance(0.5);
  if (chance(0.4)) facts.organizationId = pick(['o-a1b2c3d4e5', 'o-zzzzzzzzzz', null]);
  if (chance(0.4)) facts.principalTags = pick<Record<string, string>>([{}, { team: 'backup' }, { team: 'ops', env: 'prod' }]);
  if (chance(0.4)) facts.sessionTags = pick<Record<string, string>>([{}, { Project: 'x' }, { Project: 'x', Team: 'y' }]);
  if (chance(0.4)) facts.sourceIp = pick(['203.0.113.7', '198.51.100.20']);
  if (chance(0.3)) facts.sourceIdentity = pick(['alice', null]);
  if (chance(0.3)) facts.roleSessionName = pick(['cvbackup', 'other']);
  if (chance(0.3)) facts.requestedRegion = pick(['us-east-1', 'eu-west-1']);
  const options: ContextOptions = { now: NOW, externalId, facts, roleArn: target };
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
      // Keys whose presence depends on the caller type, or whose value only AWS knows unless the accounts file says.
      ['Bool', 'aws:MultiFactorAuthPresent', 'false'],
      ['Null', 'aws:MultiFactorAuthPresent', 'true'],
      ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'],
      ['Bool', 'aws:ViaAWSService', 'false'],
      ['Null', 'aws:TokenIssueTime', 'false'],
      ['Null', 'aws:username', 'true'],
      ['StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
      ['StringNotEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
      ['StringEquals', 'aws:PrincipalTag/team', 'backup'],
      ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'ops'],
      ['StringEquals', 'aws:RequestTag/Project', 'x'],
      ['StringEquals', 'sts:SourceIdentity', 'alice'],
      ['StringLike', 'sts:RoleSessionName', 'cv*'],
      ['StringEquals', 'aws:RequestedRegion', 'us-east-1'],
      ['IpAddress', 'aws:SourceIp', '203.0.113.0/24'],
      ['StringEquals', 'aws:PrincipalAccount', '${aws:PrincipalTag/account}'],
      // Negated operators with a variable that has no value are not generated: iam-simulate does not match them,
      // the IAM User Guide says they match (documented.test.ts keeps them as explicit expected decisions).
      ['StringEquals', 'aws:ResourceAccount', TENANT],
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
    // NotPrincipal is not generated: IAM rejects it in a role trust policy (see documented-departures.test.ts).
    st.Principal = principal();
    const c = conditions();
    if (c) st.Condition = c;
    if (chance(0.3)) st.Sid = `T${i}`;
    trustStatements.push(st);
  }
  // Version 2008-10-17 only where it changes nothing the oracle reads differently: a document without variables
  // (with variables, AWS keeps `${…}` literal and iam-simulate substitutes; see documented.test.ts).
  const version = (statements: unknown) => (chance(0.15) && !JSON.stringify(statements).includes('${') ? '2008-10-17' : '2012-10-17');
  const trustBody = trustStatements.length === 1 && chance(0.5) ? trustStatements[0] : trustStatements;
  const trust = { Version: version(trustBody), Statement: trustBody };

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
    identity.push({ Version: version(statements), Statement: statements });
  }

  return { caller, roleArn: target, identity, trust, options, sameAccount };
}
