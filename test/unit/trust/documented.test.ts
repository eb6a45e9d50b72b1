// The evaluator against the IAM User Guide, class by class: the request context per caller type, "depends on" for keys
// only AWS knows, operators on absent keys, variables, partitions, versions, dates and invalid policies.
import assert from 'node:assert/strict';
import {
  buildRequestContext,
  keyFact,
  RequestContext,
  roleSessionCaller,
  userCaller,
  type Caller,
  type ContextOptions,
  type RequestFacts,
} from '../../../src/core/iam/context';
import { evaluateCondition } from '../../../src/core/trust/conditions';
import { evaluateAssumeRole } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { checkTrust } from '../../../src/core/trust/trust-check';

const NOW = new Date('2026-11-22T10:00:00Z');
const EPOCH = Math.floor(NOW.getTime() / 1000);
const ROLE = 'arn:aws:iam::222222222222:role/vsa-role';
const CALLERS: Record<string, Caller> = {
  'IAM user with long-term keys': userCaller('arn:aws:iam::111111111111:user/backup')!,
  'EC2 instance profile session': roleSessionCaller('arn:aws:iam::111111111111:role/vsa-assume-role', 'i-0abc', 'instance-profile')!,
  'session from an earlier AssumeRole': roleSessionCaller('arn:aws:iam::111111111111:role/vsa-assume-role', 'chain', 'assumed-role')!,
  'IAM Identity Center session': roleSessionCaller(
    'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Backup_0123456789abcdef',
    'alice',
  )!,
};
const instance = CALLERS['EC2 instance profile session'];
const allowAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

function run(trust: unknown, opts: { caller?: Caller; identity?: unknown[]; facts?: RequestFacts; role?: string; trustText?: string } = {}) {
  const caller = opts.caller ?? instance;
  const options: ContextOptions = { now: NOW, externalId: 'ext-1', roleArn: opts.role ?? ROLE, facts: opts.facts };
  return evaluateAssumeRole({
    caller,
    roleArn: opts.role ?? ROLE,
    identityPolicies: (opts.identity ?? [allowAssume]).map((p, i) => normalizePolicy(`id${i}.json`, p)),
    trustPolicy: normalizePolicy('trust.json', trust, opts.trustText),
    context: buildRequestContext(caller, options),
  });
}

const trustWith = (condition?: unknown, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TrustMsp',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: '111111111111' },
      ...(condition ? { Condition: condition } : {}),
      ...extra,
    },
  ],
});

/** `value`, `absent` or `unknown` for a key and caller. */
function state(key: string, caller: Caller, facts?: RequestFacts): string {
  const f = keyFact(key, caller, { now: NOW, externalId: 'ext-1', roleArn: ROLE, facts });
  return 'value' in f ? `=${JSON.stringify(f.value)}` : 'absent' in f ? 'absent' : 'unknown';
}

describe('request context per caller type (IAM User Guide, "AWS global condition context keys")', () => {
  // One row per key: its state for user, instance profile, earlier AssumeRole, Identity Center.
  const table: [string, string, string, string, string][] = [
    // "Availability – This key is included in the request context for all signed requests."
    [
      'aws:PrincipalArn',
      '="arn:aws:iam::111111111111:user/backup"',
      '="arn:aws:iam::111111111111:role/vsa-assume-role"',
      '="arn:aws:iam::111111111111:role/vsa-assume-role"',
      '="arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Backup_0123456789abcdef"',
    ],
    ['aws:PrincipalType', '="User"', '="AssumedRole"', '="AssumedRole"', '="AssumedRole"'],
    ['aws:userid', 'unknown', 'unknown', 'unknown', 'unknown'],
    // aws:username: "always included in the request context for IAM users".
    ['aws:username', '="backup"', 'absent', 'absent', 'absent'],
    // aws:MultiFactorAuthPresent: present with temporary credentials, "not present" with long-term keys.
    ['aws:MultiFactorAuthPresent', 'absent', '="false"', 'unknown', 'unknown'],
    // aws:TokenIssueTime: "only when the principal uses temporary credentials".
    ['aws:TokenIssueTime', 'absent', 'unknown', 'unknown', 'unknown'],
    // aws:ViaAWSService: "always included in the request context for all signed requests" (false for a direct call).
    ['aws:ViaAWSService', '="false"', '="false"', '="false"', '="false"'],
    ['aws:CalledVia', 'absent', 'absent', 'absent', 'absent'],
    ['aws:SecureTransport', '="true"', '="true"', '="true"', '="true"'],
    ['aws:CurrentTime', '="2026-11-22T10:00:00Z"', '="2026-11-22T10:00:00Z"', '="2026-11-22T10:00:00Z"', '="2026-11-22T10:00:00Z"'],
    ['aws:EpochTime', `="${EPOCH}"`, `="${EPOCH}"`, `="${EPOCH}"`, `="${EPOCH}"`],
    ['aws:RequestedRegion', 'unknown', 'unknown', 'unknown', 'unknown'],
    ['aws:SourceIp', 'unknown', 'unknown', 'unknown', 'unknown'],
    ['aws:PrincipalOrgID', 'unknown', 'unknown', 'unknown', 'unknown'],
    ['aws:PrincipalTag/team', 'unknown', 'unknown', 'unknown', 'unknown'],
    ['aws:SourceIdentity', 'absent', 'absent', 'unknown', 'absent'],
    ['sts:RoleSessionName', 'unknown', 'unknown', 'unknown', 'unknown'],
    ['sts:ExternalId', '="ext-1"', '="ext-1"', '="ext-1"', '="ext-1"'],
    ['aws:ResourceAccount', '="222222222222"', '="222222222222"', '="222222222222"', '="222222222222"'],
    ['aws:Ec2InstanceSourceVpc', 'absent', 'unknown', 'absent', 'absent'],
    ['aws:SourceArn', 'absent', 'absent', 'absent', 'absent'],
  ];
  for (const [key, ...expected] of table) {
    it(`${key}: ${Object.keys(CALLERS)
      .map((c, i) => `${c} ${expected[i]}`)
      .join('; ')}`, () => {
      assert.deepEqual(
        Object.values(CALLERS).map((c) => state(key, c)),
        expected,
      );
    });
  }

  it('the accounts file facts make keys exact: MFA, organization, tags (unlisted tags absent), source identity', () => {
    const chain = CALLERS['session from an earlier AssumeRole'];
    const facts: RequestFacts = { mfa: true, organizationId: 'o-a1b2c3d4e5', principalTags: { team: 'backup' }, sourceIdentity: null, sourceIp: '203.0.113.7' };
    assert.equal(state('aws:MultiFactorAuthPresent', chain, facts), '="true"');
    assert.equal(state('aws:PrincipalOrgID', chain, facts), '="o-a1b2c3d4e5"');
    assert.equal(state('aws:principaltag/TEAM', chain, facts), '="backup"', 'tag keys are case-insensitive');
    assert.equal(state('aws:PrincipalTag/env', chain, facts), 'absent');
    assert.equal(state('sts:SourceIdentity', chain, facts), 'absent');
    assert.equal(state('aws:SourceIp', chain, facts), '="203.0.113.7"');
    assert.equal(state('aws:MultiFactorAuthPresent', CALLERS['IAM user with long-term keys'], facts), 'absent', 'long-term keys never carry it');
  });
});

describe('"depends on": keys only AWS knows are not treated as absent', () => {
  it('an Allow conditioned on aws:SourceIp: depends on it, allowed if it holds, implicitly denied if not', () => {
    const r = run(trustWith({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }));
    assert.equal(r.decision, 'depends-on');
    assert.equal(r.ifFavourable, 'allowed');
    assert.equal(r.ifUnfavourable, 'implicitly-denied');
    assert.deepEqual(
      r.dependsOn!.map((d) => [d.key, d.effect, d.statement]),
      [['aws:SourceIp', 'Allow', 'statement 1 (Sid "TrustMsp") of trust.json']],
    );
    assert.match(
      r.reasons.at(-1)!.message,
      /Depends on aws:SourceIp: .* IpAddress aws:SourceIp "203\.0\.113\.0\/24" holds.* If it holds: allowed; if not: implicitly-denied\. State it as requestFacts\.sourceIp/,
    );
  });

  it('with the fact in the accounts file the answer is exact, either way', () => {
    const trust = trustWith({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } });
    assert.equal(run(trust, { facts: { sourceIp: '203.0.113.9' } }).decision, 'allowed');
    assert.equal(run(trust, { facts: { sourceIp: '198.51.100.1' } }).decision, 'implicitly-denied');
  });

  it('a Deny on aws:PrincipalOrgID: explicitly denied if it holds, allowed if not; exact once organizationId is given', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        trustWith().Statement[0],
        {
          Sid: 'NotOurOrg',
          Effect: 'Deny',
          Action: 'sts:AssumeRole',
          Principal: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    };
    const r = run(trust);
    assert.equal(r.decision, 'depends-on');
    assert.deepEqual([r.ifFavourable, r.ifUnfavourable], ['allowed', 'explicitly-denied']);
    assert.match(r.reasons.at(-1)!.message, /If it holds: explicitly-denied; if not: allowed/);
    assert.equal(run(trust, { facts: { organizationId: 'o-a1b2c3d4e5' } }).decision, 'allowed');
    assert.equal(run(trust, { facts: { organizationId: 'o-zzzzzzzzzz' } }).decision, 'explicitly-denied');
    // Negated operators are true on an absent key (IAM User Guide, "Condition operators"): no organization → denied.
    assert.equal(run(trust, { facts: { organizationId: null } }).decision, 'explicitly-denied');
  });

  it('an unknown key that cannot change the answer leaves it exact (a Deny already applies)', () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        trustWith({ StringEquals: { 'aws:PrincipalTag/team': 'backup' } }).Statement[0],
        { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*' },
      ],
    };
    assert.equal(run(trust).decision, 'explicitly-denied');
  });

  it('Null on a key always present with an unknown value (aws:SourceIp, aws:TokenIssueTime of a session) stays exact', () => {
    assert.equal(run(trustWith({ Null: { 'aws:SourceIp': 'false' } })).decision, 'allowed');
    assert.equal(run(trustWith({ Null: { 'aws:TokenIssueTime': 'true' } })).decision, 'implicitly-denied');
    assert.equal(run(trustWith({ Null: { 'aws:TokenIssueTime': 'true' } }), { caller: CALLERS['IAM user with long-term keys'] }).decision, 'allowed');
    assert.equal(run(trustWith({ Null: { 'aws:PrincipalOrgID': 'false' } })).decision, 'depends-on', 'membership of an organization is itself unknown');
  });

  it('a policy variable naming an unknown key makes the condition depend on it', () => {
    const r = run(trustWith({ StringEquals: { 'aws:PrincipalAccount': '${aws:PrincipalTag/account}' } }));
    assert.equal(r.decision, 'depends-on');
    assert.equal(r.dependsOn![0].key, 'aws:PrincipalTag/account');
  });

  it('MFA from an EC2 instance profile is known false: Bool aws:MultiFactorAuthPresent true denies exactly', () => {
    assert.equal(run(trustWith({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })).decision, 'implicitly-denied');
    assert.equal(
      run(trustWith({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), { caller: CALLERS['session from an earlier AssumeRole'] }).decision,
      'depends-on',
    );
    assert.equal(
      run(trustWith({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), { caller: CALLERS['session from an earlier AssumeRole'], facts: { mfa: true } })
        .decision,
      'allowed',
    );
  });
});

describe('operators on absent keys (IAM User Guide, "Condition operators": "If the key … is not present … the condition is false … negated … true")', () => {
  // aws:username is absent for a role session: a known absence, not an unknown.
  const ctx = buildRequestContext(instance, { now: NOW });
  const cond = (operator: string, values: string[] = ['x']) => evaluateCondition({ operator, key: 'aws:username', values }, ctx, true);
  const cases: [string, string[], boolean][] = [
    ['StringEquals', ['x'], false],
    ['StringNotEquals', ['x'], true],
    ['StringNotLike', ['x*'], true],
    ['ArnNotLike', ['arn:aws:iam::*:user/x'], true],
    ['NotIpAddress', ['10.0.0.0/8'], true],
    ['StringEqualsIfExists', ['x'], true],
    ['Null', ['true'], true],
    ['Null', ['false'], false],
    // "ForAllValues … returns true if there are no context keys in the request"; ForAnyValue is then false.
    ['ForAllValues:StringEquals', ['x'], true],
    ['ForAnyValue:StringEquals', ['x'], false],
  ];
  for (const [op, values, expected] of cases) it(`${op} on an absent key is ${expected}`, () => assert.equal(cond(op, values), expected));
});

describe('variables, partitions, versions and dates', () => {
  // "Policy variables with no value": StringEquals/StringLike do not match; StringNotEquals/StringNotLike do.
  it('a condition value whose variable has no value: positive string operators fail, negated ones hold', () => {
    assert.equal(run(trustWith({ StringEquals: { 'aws:PrincipalAccount': '${aws:username}' } })).decision, 'implicitly-denied');
    assert.equal(run(trustWith({ StringNotEquals: { 'aws:PrincipalAccount': '${aws:username}' } })).decision, 'allowed');
    assert.equal(run(trustWith({ StringNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/${aws:username}' } })).decision, 'allowed');
    assert.equal(run(trustWith({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/${aws:username}' } })).decision, 'allowed');
  });

  it('a Resource entry whose variable has no value matches nothing (IAM User Guide, "Variables and tags")', () => {
    const identity = [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/${aws:username}' }] }];
    assert.equal(run(trustWith(), { identity }).decision, 'implicitly-denied');
    // …so a NotResource entry with it excludes nothing.
    const notResource = [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::*:role/${aws:username}' }] },
    ];
    assert.equal(run(trustWith(), { identity: notResource }).decision, 'allowed');
  });

  // iam-simulate splits the ARN at the colon inside the variable's name and never matches; AWS substitutes first.
  it('a policy variable in an ARN account part is substituted before the ARN is split (ArnLike aws:PrincipalArn)', () => {
    assert.equal(run(trustWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } })).decision, 'allowed');
    assert.equal(run(trustWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:ResourceAccount}:role/*' } })).decision, 'implicitly-denied');
  });

  // AWS Fault Isolation Boundaries, "Partitions": "Partitions have independent instances of AWS Identity and Access
  // Management (IAM) … You cannot use IAM credentials from one partition to interact with resources in a different
  // partition." iam-simulate matches the account regardless of the partition.
  it('a principal ARN in another partition never matches the caller', () => {
    const trust = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws-cn:iam::111111111111:root' } } };
    assert.equal(run(trust).decision, 'implicitly-denied');
  });

  it('a caller and a role in different partitions: denied, saying so', () => {
    const cnCaller = roleSessionCaller('arn:aws-cn:iam::111111111111:role/vsa', 'i-0abc', 'instance-profile')!;
    const r = run(trustWith(), { caller: cnCaller });
    assert.equal(r.decision, 'implicitly-denied');
    assert.match(r.reasons.at(-1)!.message, /partition aws-cn and the role .* in partition aws/);
  });

  // IAM User Guide, "IAM JSON policy elements: Version": with 2008-10-17 (or no Version) policy variables are not
  // substituted. iam-simulate substitutes them anyway.
  it('Version 2008-10-17 or none: ${…} is literal text', () => {
    const cond = { StringEquals: { 'sts:ExternalId': '${aws:PrincipalAccount}' } };
    assert.equal(run({ ...trustWith(cond), Version: '2008-10-17' }).decision, 'implicitly-denied');
    const { Version: _v, ...noVersion } = trustWith(cond);
    assert.equal(run(noVersion).decision, 'implicitly-denied');
    const literal = { Version: '2008-10-17', Statement: trustWith({ StringEquals: { 'aws:PrincipalAccount': '${aws:PrincipalAccount}' } }).Statement };
    assert.equal(run(literal).decision, 'implicitly-denied');
    assert.equal(run({ ...literal, Version: '2012-10-17' }).decision, 'allowed');
  });

  // IAM User Guide, "AWS global condition context keys", aws:EpochTime: "This key also accepts the number of seconds
  // since January 1, 1970"; iam-simulate reads an epoch integer as milliseconds against ISO text.
  it('date operators accept ISO 8601 and epoch seconds on either side', () => {
    assert.equal(run(trustWith({ DateGreaterThan: { 'aws:CurrentTime': String(EPOCH - 1) } })).decision, 'allowed');
    assert.equal(run(trustWith({ DateLessThan: { 'aws:EpochTime': '2026-11-22T10:00:01Z' } })).decision, 'allowed');
    assert.equal(run(trustWith({ DateLessThan: { 'aws:CurrentTime': String(EPOCH) } })).decision, 'implicitly-denied');
  });
});

describe('invalid policies are not half-evaluated (IAM answers MalformedPolicyDocument)', () => {
  const deny = (extra: Record<string, unknown>) => ({
    Version: '2012-10-17',
    Statement: [trustWith().Statement[0], { Sid: 'Broken', Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*', ...extra }],
  });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'an unknown operator (StringEqualz)',
      { Condition: { StringEqualz: { 'sts:ExternalId': 'x' } } },
      /condition operator StringEqualz is not an IAM condition operator/,
    ],
    ['a null condition value', { Condition: { StringEquals: { 'sts:ExternalId': null } } }, /has a null value/],
    ['a principal with spaces', { Principal: { AWS: 'arn:aws:iam:: 111111111111:root' } }, /contains spaces/],
    ['a principal as a JSON number', { Principal: { AWS: 111111111111 } }, /is not a string/],
  ];
  for (const [what, extra, message] of cases) {
    it(`${what}: invalid policy naming the statement and its line, not "allowed" because a broken Deny never matched`, () => {
      const trust = deny(extra);
      const r = run(trust, { trustText: JSON.stringify(trust, null, 2) });
      assert.equal(r.decision, 'invalid-policy');
      assert.match(r.reasons[0].message, /statement 2 \(Sid "Broken"\) of trust\.json:\d+/);
      assert.match(r.reasons[0].message, message);
    });
  }

  it('the same broken statement in an identity policy makes the decision invalid too', () => {
    const identity = [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'x' } } }],
      },
    ];
    assert.equal(run(trustWith(), { identity }).decision, 'invalid-policy');
  });

  it('the one trust answer (checkTrust, for lint and the AssumeRole hints) names the same invalid statements', () => {
    const trust = normalizePolicy('trust.json', {
      Version: '2012-10-17',
      Statement: [trustWith().Statement[0], { Sid: 'Others', Effect: 'Deny', Action: 'sts:AssumeRole', NotPrincipal: { AWS: '111111111111' } }],
    });
    const check = checkTrust({ trustPolicy: trust, caller: instance, context: buildRequestContext(instance, { now: NOW }) });
    assert.deepEqual(
      check.invalid.map((x) => [x.index, x.sid]),
      [[1, 'Others']],
    );
    assert.match(check.invalid[0].message, /uses NotPrincipal, which a role trust policy cannot use/);
  });

  it('an unknown key, in a RequestContext built by hand, is simply absent', () => {
    assert.equal(new RequestContext({}).unknown('aws:SourceIp'), undefined);
  });
});

describe('statement lines for explanations (file:line)', () => {
  it('names the line each statement starts on, for a Statement list or a single object, whatever comes before it', () => {
    const text =
      '{\n  "Id": {"a": [1, {"Statement": 2}]},\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["a", "b"], "Resource": "*"},\n\n    {\n      "Sid": "Two", "Effect": "Deny", "Action": "*", "Resource": "*"\n    }\n  ]\n}';
    const doc = normalizePolicy('p.json', JSON.parse(text), text);
    assert.deepEqual([doc.lineOf!(0), doc.lineOf!(1)], [5, 7]);
    const single = '{"Version": "2012-10-17",\n"Statement":\n  {"Effect": "Allow", "Action": "*", "Resource": "*"}}';
    assert.equal(normalizePolicy('s.json', JSON.parse(single), single).lineOf!(0), 3);
  });
});
