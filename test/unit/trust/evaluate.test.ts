import assert from 'node:assert/strict';
import { buildRequestContext, RequestContext, roleSessionCaller, userCaller, type Caller } from '../../../src/core/iam/context';
import { evaluateCondition } from '../../../src/core/trust/conditions';
import { evaluateAssumeRole, type AssumeRoleInput } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { matchPrincipal, notPrincipalExempts } from '../../../src/core/iam/principal';

const NOW = new Date('2026-11-22T10:00:00Z');
const ROLE = 'arn:aws:iam::222222222222:role/vsa-role';
const adminSession = roleSessionCaller('arn:aws:iam::111111111111:role/vsa-assume-role', 'i-0abc')!;
const allowAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };

function trustOf(statement: Record<string, unknown> | Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement: statement };
}

function run(opts: { caller?: Caller; trust: unknown; identity?: unknown[]; externalId?: string; role?: string; extra?: Record<string, string | string[]> }) {
  const caller = opts.caller ?? adminSession;
  const input: AssumeRoleInput = {
    caller,
    roleArn: opts.role ?? ROLE,
    identityPolicies: (opts.identity ?? [allowAssume]).map((p, i) => normalizePolicy(`id${i}.json`, p)),
    trustPolicy: normalizePolicy('trust.json', opts.trust),
    context: buildRequestContext(caller, { now: NOW, externalId: opts.externalId, extra: opts.extra }),
    contextSources: { 'sts:ExternalId': 'the accounts file' },
  };
  return evaluateAssumeRole(input);
}

const tenantTrust = (principal: unknown, condition?: unknown) =>
  trustOf({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...(condition ? { Condition: condition } : {}) });

describe('trust evaluator: principals', () => {
  it('an account root or a bare account id trusts the account, delegating to its identity policies', () => {
    assert.equal(
      matchPrincipal(normalizePolicy('t', tenantTrust({ AWS: 'arn:aws:iam::111111111111:root' })).statements[0].principal!, adminSession),
      'account',
    );
    assert.equal(matchPrincipal(normalizePolicy('t', tenantTrust({ AWS: '111111111111' })).statements[0].principal!, adminSession), 'account');
    assert.equal(run({ trust: tenantTrust({ AWS: '111111111111' }) }).decision, 'allowed');
  });

  it('a role ARN matches sessions of that role, whatever its path and case', () => {
    const caller = roleSessionCaller('arn:aws:iam::111111111111:role/backup/vsa-assume-role', 's')!;
    assert.equal(run({ caller, trust: tenantTrust({ AWS: 'arn:aws:iam::111111111111:role/backup/vsa-assume-role' }) }).decision, 'allowed');
    assert.equal(run({ caller, trust: tenantTrust({ AWS: 'arn:aws:iam::111111111111:role/VSA-Assume-Role' }) }).decision, 'allowed');
    assert.equal(run({ caller, trust: tenantTrust({ AWS: 'arn:aws:iam::111111111111:role/other' }) }).decision, 'implicitly-denied');
  });

  it('an assumed-role session ARN matches only that session', () => {
    assert.equal(run({ trust: tenantTrust({ AWS: 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0abc' }) }).decision, 'allowed');
    assert.equal(run({ trust: tenantTrust({ AWS: 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/other' }) }).decision, 'implicitly-denied');
  });

  it('a user ARN matches the access-key caller; a service principal never matches an IAM caller', () => {
    const user = userCaller('arn:aws:iam::111111111111:user/backup')!;
    assert.equal(run({ caller: user, trust: tenantTrust({ AWS: 'arn:aws:iam::111111111111:user/backup' }) }).decision, 'allowed');
    assert.equal(run({ trust: tenantTrust({ Service: 'ec2.amazonaws.com' }) }).decision, 'implicitly-denied');
  });

  it('"*" trusts everyone', () => {
    assert.equal(run({ trust: tenantTrust('*') }).decision, 'allowed');
    assert.equal(run({ trust: tenantTrust({ AWS: '*' }) }).decision, 'allowed');
  });

  it('explains who is trusted and who the caller is when the account is wrong', () => {
    const r = run({ trust: tenantTrust({ AWS: 'arn:aws:iam::999999999999:root' }) });
    assert.equal(r.decision, 'implicitly-denied');
    const msg = r.reasons.map((x) => x.message).join('\n');
    assert.match(
      msg,
      /the trust policy's principals are arn:aws:iam::999999999999:root; the caller is arn:aws:sts::111111111111:assumed-role\/vsa-assume-role\/i-0abc/,
    );
    assert.match(msg, /statement 1 of trust\.json/);
  });

  it('NotPrincipal with Deny exempts the caller only when its account, role and session are all listed', () => {
    const spec = (aws: string[]) => normalizePolicy('t', trustOf({ Effect: 'Deny', Action: '*', NotPrincipal: { AWS: aws } })).statements[0].notPrincipal!;
    const all = [
      'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0abc',
      'arn:aws:iam::111111111111:role/vsa-assume-role',
      'arn:aws:iam::111111111111:root',
    ];
    assert.equal(notPrincipalExempts(spec(all), adminSession), true);
    assert.equal(notPrincipalExempts(spec(all.slice(1)), adminSession), false);
    assert.equal(notPrincipalExempts(spec(['arn:aws:iam::111111111111:role/vsa-assume-role']), adminSession), false);
    // The evaluator itself never gets that far in a role trust policy: see the next test.
  });

  // IAM User Guide, "AWS JSON policy elements: NotPrincipal": "You cannot use the NotPrincipal element in an IAM
  // identity-based policy nor in an IAM role trust policy." IAM rejects such a trust policy, with Allow or Deny.
  it('NotPrincipal in a role trust policy makes it an invalid policy, with Deny or Allow, naming the statement', () => {
    const all = [
      'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0abc',
      'arn:aws:iam::111111111111:role/vsa-assume-role',
      'arn:aws:iam::111111111111:root',
    ];
    const denyOthers = [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '111111111111' } },
      { Sid: 'DenyOthers', Effect: 'Deny', Action: 'sts:AssumeRole', NotPrincipal: { AWS: all } },
    ];
    const r = run({ trust: trustOf(denyOthers) });
    assert.equal(r.decision, 'invalid-policy');
    assert.match(r.reasons[0].message, /statement 2 \(Sid "DenyOthers"\) of trust\.json uses NotPrincipal/);
    const allow = run({ trust: trustOf({ Effect: 'Allow', Action: 'sts:AssumeRole', NotPrincipal: { AWS: 'arn:aws:iam::999999999999:root' } }) });
    assert.equal(allow.decision, 'invalid-policy');
    assert.match(allow.reasons[0].message, /ArnNotEquals aws:PrincipalArn/);
  });

  it('a root user never assumes a role', () => {
    const root = userCaller('arn:aws:iam::111111111111:root')!;
    const r = run({ caller: root, trust: tenantTrust({ AWS: '111111111111' }) });
    assert.equal(r.decision, 'implicitly-denied');
    assert.match(r.reasons[0].message, /root user/);
  });
});

describe('trust evaluator: actions and resources', () => {
  it('matches action wildcards and case-insensitive action names', () => {
    for (const Action of ['sts:Assume*', 'sts:*', '*', 'STS:assumerole', 'sts:AssumeRol?', ['sts:TagSession', 'sts:AssumeRole']]) {
      assert.equal(run({ trust: trustOf({ Effect: 'Allow', Action, Principal: { AWS: '111111111111' } }) }).decision, 'allowed', JSON.stringify(Action));
    }
    assert.equal(
      run({ trust: trustOf({ Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML', Principal: { AWS: '111111111111' } }) }).decision,
      'implicitly-denied',
    );
  });

  it('honours NotAction and NotResource', () => {
    assert.equal(run({ trust: trustOf({ Effect: 'Allow', NotAction: 'sts:TagSession', Principal: { AWS: '111111111111' } }) }).decision, 'allowed');
    assert.equal(run({ trust: trustOf({ Effect: 'Allow', NotAction: 'sts:AssumeRole', Principal: { AWS: '111111111111' } }) }).decision, 'implicitly-denied');
    const trust = tenantTrust({ AWS: '111111111111' });
    assert.equal(
      run({
        trust,
        identity: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: 'arn:aws:iam::999999999999:role/*' } }],
      }).decision,
      'allowed',
    );
    assert.equal(
      run({ trust, identity: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', NotResource: ROLE } }] }).decision,
      'implicitly-denied',
    );
  });

  it('matches resource wildcards part by part and names the statement that misses', () => {
    const trust = tenantTrust({ AWS: '111111111111' });
    const id = (Resource: unknown) => [{ Version: '2012-10-17', Statement: [{ Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource }] }];
    assert.equal(run({ trust, identity: id('arn:aws:iam::*:role/vsa-*') }).decision, 'allowed');
    assert.equal(run({ trust, identity: id('arn:aws:iam::*') }).decision, 'allowed');
    const r = run({ trust, identity: id('arn:aws:iam::333333333333:role/*') });
    assert.equal(r.decision, 'implicitly-denied');
    assert.ok(
      r.reasons.some((x) => x.side === 'identity' && x.sid === 'Assume' && /Resource arn:aws:iam::333333333333:role\/\* does not match/.test(x.message)),
    );
  });

  it('substitutes policy variables in 2012-10-17 policies only', () => {
    const trust = tenantTrust({ AWS: '111111111111' });
    const id = (Version: string) => [
      { Version, Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/${aws:PrincipalType}' } },
    ];
    const role = 'arn:aws:iam::222222222222:role/AssumedRole';
    assert.equal(run({ trust, identity: id('2012-10-17'), role }).decision, 'allowed');
    assert.equal(run({ trust, identity: id('2008-10-17'), role }).decision, 'implicitly-denied');
  });
});

describe('trust evaluator: account rules and explicit deny', () => {
  it('cross-account needs the identity policy too, and says which side is missing', () => {
    const r = run({ trust: tenantTrust({ AWS: '111111111111' }), identity: [] });
    assert.equal(r.decision, 'implicitly-denied');
    assert.equal(r.trust, 'allowed-for-account');
    assert.ok(r.reasons.some((x) => x.side === 'identity' && /no identity policies/.test(x.message)));
  });

  it('same account: a trust policy naming the caller needs no identity policy; naming the account does', () => {
    const local = roleSessionCaller('arn:aws:iam::222222222222:role/local-admin', 's')!;
    const direct = run({ caller: local, trust: tenantTrust({ AWS: 'arn:aws:iam::222222222222:role/local-admin' }), identity: [] });
    assert.equal(direct.decision, 'allowed');
    assert.ok(direct.reasons.some((x) => /no identity policy needs to allow/.test(x.message)));
    const account = run({ caller: local, trust: tenantTrust({ AWS: '222222222222' }), identity: [] });
    assert.equal(account.decision, 'implicitly-denied');
    assert.equal(run({ caller: local, trust: tenantTrust({ AWS: '222222222222' }) }).decision, 'allowed');
  });

  it('an explicit Deny in the identity policy wins and is named', () => {
    const identity = [
      allowAssume,
      { Version: '2012-10-17', Statement: [{ Sid: 'NoTenants', Effect: 'Deny', Action: 'sts:*', Resource: 'arn:aws:iam::222222222222:role/*' }] },
    ];
    const r = run({ trust: tenantTrust({ AWS: '111111111111' }), identity });
    assert.equal(r.decision, 'explicitly-denied');
    assert.match(r.reasons[0].message, /Identity policy statement 1 \(Sid "NoTenants"\) of id1\.json denies sts:AssumeRole/);
  });

  it('an explicit Deny in the trust policy for the whole account wins over an Allow naming the caller', () => {
    const trust = trustOf([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::111111111111:role/vsa-assume-role' } },
      { Sid: 'Block', Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::111111111111:root' } },
    ]);
    const r = run({ trust });
    assert.equal(r.decision, 'explicitly-denied');
    assert.match(
      r.reasons[0].message,
      /Trust policy statement 2 \(Sid "Block"\) of trust\.json denies sts:AssumeRole to every principal of account 111111111111/,
    );
  });
});

describe('trust evaluator: conditions', () => {
  const ctx = new RequestContext({
    'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/vsa-assume-role',
    'aws:SecureTransport': 'true',
    'aws:EpochTime': '1795341600',
    'aws:CurrentTime': '2026-11-22T10:00:00Z',
    'sts:ExternalId': 'Ext-1',
    'aws:SourceIp': '203.0.113.7',
    'aws:TagKeys': ['Project', 'Team'],
  });
  const check = (operator: string, key: string, values: string[]) => evaluateCondition({ operator, key, values }, ctx, true);

  it('String operators: values case-sensitive, keys case-insensitive, IgnoreCase and Like wildcards', () => {
    assert.equal(check('StringEquals', 'STS:EXTERNALID', ['Ext-1']), true);
    assert.equal(check('StringEquals', 'sts:ExternalId', ['ext-1']), false);
    assert.equal(check('StringEqualsIgnoreCase', 'sts:ExternalId', ['EXT-1']), true);
    assert.equal(check('StringLike', 'sts:ExternalId', ['Ext-?']), true);
    assert.equal(check('StringEquals', 'sts:ExternalId', ['Ext-*']), false);
    assert.equal(check('StringNotEquals', 'sts:ExternalId', ['a', 'b']), true);
    assert.equal(check('StringNotLike', 'sts:ExternalId', ['E*']), false);
  });

  it('Arn operators match part by part', () => {
    assert.equal(check('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::111111111111:role/vsa-*']), true);
    assert.equal(check('ArnEquals', 'aws:PrincipalArn', ['arn:aws:iam::*:role/vsa-assume-role']), true);
    assert.equal(check('ArnLike', 'aws:PrincipalArn', ['arn:aws:iam::999999999999:*']), false);
    assert.equal(check('ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:user/*']), true);
  });

  it('Bool, Numeric, Date (ISO and epoch seconds), IpAddress', () => {
    assert.equal(check('Bool', 'aws:SecureTransport', ['TRUE']), true);
    assert.equal(check('Bool', 'aws:SecureTransport', ['false']), false);
    assert.equal(check('NumericLessThan', 'aws:EpochTime', ['1795341601']), true);
    assert.equal(check('NumericGreaterThan', 'aws:EpochTime', ['1795341600']), false);
    assert.equal(check('DateLessThan', 'aws:CurrentTime', ['2026-11-22T10:00:01Z']), true);
    assert.equal(check('DateGreaterThan', 'aws:EpochTime', ['2026-11-21T00:00:00Z']), true);
    assert.equal(check('DateEquals', 'aws:CurrentTime', ['1795341600']), true);
    assert.equal(check('IpAddress', 'aws:SourceIp', ['203.0.113.0/24']), true);
    assert.equal(check('NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24']), false);
  });

  it('missing keys: false, except IfExists, negated operators and Null', () => {
    assert.equal(check('StringEquals', 'aws:username', ['x']), false);
    assert.equal(check('StringEqualsIfExists', 'aws:username', ['x']), true);
    assert.equal(check('StringNotEquals', 'aws:username', ['x']), true);
    assert.equal(check('Null', 'aws:username', ['true']), true);
    assert.equal(check('Null', 'sts:ExternalId', ['true']), false);
    assert.equal(check('BoolIfExists', 'aws:MultiFactorAuthPresent', ['true']), true);
  });

  it('ForAnyValue / ForAllValues over multi-valued keys; a single-valued operator never matches a list', () => {
    assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['Team']), true);
    assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['Team']), false);
    assert.equal(check('ForAllValues:StringLike', 'aws:TagKeys', ['P*', 'T*']), true);
    assert.equal(check('ForAllValues:StringEquals', 'aws:Missing', ['x']), true);
    assert.equal(check('ForAnyValue:StringEquals', 'aws:Missing', ['x']), false);
    assert.equal(check('StringEquals', 'aws:TagKeys', ['Team']), false);
  });

  it('policy variables, with defaults, in condition values', () => {
    assert.equal(check('StringLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/${sts:ExternalId, ""}*']), false);
    assert.equal(check('StringEquals', 'sts:ExternalId', ["${aws:username, 'Ext-1'}"]), true);
    assert.equal(check('StringEquals', 'sts:ExternalId', ['${aws:username}']), false);
    assert.equal(evaluateCondition({ operator: 'StringEquals', key: 'sts:ExternalId', values: ["${aws:username, 'Ext-1'}"] }, ctx, false), false);
  });

  it('an unknown operator never matches', () => {
    assert.equal(check('StringEqualz', 'sts:ExternalId', ['Ext-1']), false);
  });

  it('explains an ExternalId mismatch with the accounts file value', () => {
    const r = run({ trust: tenantTrust({ AWS: '111111111111' }, { StringEquals: { 'sts:ExternalId': 'msp-finance-7f3a' } }), externalId: 'wrong' });
    assert.equal(r.decision, 'implicitly-denied');
    assert.ok(r.reasons.some((x) => x.message.includes('condition StringEquals sts:ExternalId expected "msp-finance-7f3a", the accounts file sets "wrong"')));
    const none = run({ trust: tenantTrust({ AWS: '111111111111' }, { StringEquals: { 'sts:ExternalId': 'x' } }) });
    assert.ok(none.reasons.some((x) => x.message.includes('the accounts file sets none')));
  });

  it('fills aws:PrincipalArn with the role ARN for a session, so PrincipalArn conditions work', () => {
    const trust = tenantTrust(
      { AWS: '111111111111' },
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/vsa-*' }, StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
    );
    assert.equal(run({ trust }).decision, 'allowed');
    const user = userCaller('arn:aws:iam::111111111111:user/vsa-user')!;
    assert.equal(run({ caller: user, trust }).decision, 'implicitly-denied');
  });

  it('uses the injected clock for aws:CurrentTime and aws:EpochTime', () => {
    const trust = tenantTrust({ AWS: '111111111111' }, { DateLessThan: { 'aws:CurrentTime': '2026-12-01T00:00:00Z' } });
    assert.equal(run({ trust }).decision, 'allowed');
    const later = buildRequestContext(adminSession, { now: new Date('2027-01-01T00:00:00Z') });
    assert.equal(later.get('aws:EpochTime'), String(Date.UTC(2027, 0, 1) / 1000));
    assert.equal(later.get('aws:SecureTransport'), 'true');
  });
});
