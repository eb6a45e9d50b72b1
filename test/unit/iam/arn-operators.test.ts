// core/iam: ARN parsing and formatting, the condition operator table and its one parser, principals, and the request-context table.
import assert from 'node:assert/strict';
import { arnAccount, arnProblem, formatArn, parseArn, parseRoleArn, parseSessionArn, parseUserArn, splitArn } from '../../../src/core/iam/arn';
import { ASSUME_ROLE_CONTEXT, buildRequestContext, callerFromArn, roleSessionCaller } from '../../../src/core/iam/context';
import { allOperatorForms, OPERATORS, parseOperator } from '../../../src/core/iam/operators';
import { matchAwsPrincipal, parsePrincipal, principalAccount, principalProblem } from '../../../src/core/iam/principal';

describe('iam: ARNs', () => {
  it('parses partition, service, region, account and resource type/id (AWS General Reference, ARN format)', () => {
    assert.deepEqual(parseArn('arn:aws:iam::111111111111:role/backup/vsa-role'), {
      partition: 'aws',
      service: 'iam',
      region: '',
      account: '111111111111',
      resource: 'role/backup/vsa-role',
      resourceType: 'role',
      resourceId: 'backup/vsa-role',
    });
    const s3 = parseArn('arn:aws-cn:s3:::bucket/key:with:colons')!;
    assert.equal(s3.partition, 'aws-cn');
    assert.equal(s3.resource, 'bucket/key:with:colons');
    assert.equal(parseArn('arn:aws:iam::111111111111:root')?.resourceType, 'root');
    assert.equal(parseArn('arn:aws:logs:us-east-1:111111111111:log-group:x:*')?.resourceType, 'log-group');
    assert.equal(parseArn('arn:aws:iam:: 111111111111 :role/VSA_Role')?.account, '111111111111', 'spaces pasted into an ARN are dropped');
    assert.equal(parseArn('arn:aws:iam::12345:role/x'), undefined);
    assert.equal(parseArn('not an arn'), undefined);
    assert.equal(splitArn('arn:aws:iam::x'), undefined);
  });

  it('formats what it parses', () => {
    for (const arn of ['arn:aws:iam::111111111111:role/backup/vsa-role', 'arn:aws:sts::111111111111:assumed-role/r/s', 'arn:aws:s3:::bucket'])
      assert.equal(formatArn(parseArn(arn)!), arn);
    assert.equal(formatArn({ service: 'iam', account: '111111111111', resourceType: 'role', resourceId: 'x' }), 'arn:aws:iam::111111111111:role/x');
  });

  it('reads role, user and session ARNs (a role path is kept apart from the name)', () => {
    assert.deepEqual(parseRoleArn('arn:aws:iam::111111111111:role/a/b/vsa'), { partition: 'aws', accountId: '111111111111', roleName: 'vsa', path: '/a/b/' });
    assert.equal(parseRoleArn('arn:aws:iam::111111111111:user/u'), undefined);
    assert.equal(parseUserArn('arn:aws:iam::111111111111:user/u')?.userName, 'u');
    assert.equal(parseSessionArn('arn:aws:sts::111111111111:assumed-role/vsa/i-1')?.sessionName, 'i-1');
    assert.equal(arnAccount('arn:aws:iam::222222222222:role/vsa-role'), '222222222222');
    assert.equal(arnAccount('not an arn'), undefined);
  });

  it('explains malformed resource ARNs', () => {
    assert.equal(arnProblem('arn:aws:s3:::bucket/*'), undefined);
    assert.equal(arnProblem('arn:aws:iam::${aws:PrincipalAccount}:role/x'), undefined);
    assert.match(arnProblem('ARN:aws:s3:::b')!, /lowercase/);
    assert.match(arnProblem('arn:aws:iam::1234:role/x')!, /12-digit/);
  });
});

describe('iam: condition operators', () => {
  it('one table: value type, negation, IfExists (IAM User Guide, condition operators)', () => {
    assert.equal(OPERATORS.get('StringNotLike')?.type, 'string-like');
    assert.equal(OPERATORS.get('StringNotLike')?.negated, true);
    assert.equal(OPERATORS.get('ArnLike')?.type, 'arn');
    assert.equal(OPERATORS.get('Null')?.ifExists, false);
    assert.equal(OPERATORS.size, 27);
  });

  it('parses set qualifiers and IfExists in any case, telling whether the case was right', () => {
    const p = parseOperator('ForAllValues:StringLikeIfExists')!;
    assert.deepEqual([p.base, p.setQualifier, p.ifExists, p.exact], ['StringLike', 'ForAllValues', true, true]);
    const q = parseOperator('forallvalues:stringlikeifexists')!;
    assert.deepEqual([q.canonical, q.exact], ['ForAllValues:StringLikeIfExists', false]);
    assert.equal(parseOperator('NullIfExists'), undefined);
    assert.equal(parseOperator('ForSomeValues:StringEquals'), undefined);
    assert.equal(parseOperator('IfExists'), undefined);
    assert.equal(parseOperator('StringMatches'), undefined);
    for (const form of allOperatorForms()) assert.equal(parseOperator(form)?.exact, true, form);
  });
});

describe('iam: principals and the request context', () => {
  it('reads a Principal element and checks each value', () => {
    assert.deepEqual(parsePrincipal('*'), { wildcard: true, byType: {} });
    assert.deepEqual(parsePrincipal({ AWS: ['111111111111', '*'], Service: 'ec2.amazonaws.com' }), {
      wildcard: true,
      byType: { AWS: ['111111111111', '*'], Service: ['ec2.amazonaws.com'] },
    });
    assert.equal(principalProblem('AWS', 'arn:aws:iam::111111111111:role/x'), undefined);
    assert.match(principalProblem('AWS', 'arn:aws:iam::111111111111:role/*')!, /wildcards are not allowed/);
    assert.equal(principalAccount('arn:aws:sts::111111111111:assumed-role/r/s'), '111111111111');
  });

  it('matches an AWS principal against a role session: account, role (any path, any case) or session', () => {
    const session = roleSessionCaller('arn:aws:iam::111111111111:role/vsa-assume-role', 'i-1')!;
    assert.equal(matchAwsPrincipal('111111111111', session), 'account');
    assert.equal(matchAwsPrincipal('arn:aws:iam::111111111111:root', session), 'account');
    assert.equal(matchAwsPrincipal('arn:aws:iam::111111111111:role/p/VSA-ASSUME-ROLE', session), 'direct');
    assert.equal(matchAwsPrincipal('arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-1', session), 'direct');
    assert.equal(matchAwsPrincipal('arn:aws:iam::999999999999:root', session), 'none');
  });

  it('builds the request context from its table of keys (IAM User Guide, "AWS global condition context keys")', () => {
    const caller = callerFromArn('arn:aws:sts::111111111111:assumed-role/vsa/i-1')!;
    const ctx = buildRequestContext(caller, { now: new Date('2026-11-22T10:00:00.123Z'), externalId: 'x1', extra: { 'aws:SourceIp': '10.0.0.1' } });
    assert.deepEqual(ctx.entries(), {
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/vsa',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:ViaAWSService': 'false',
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': '2026-11-22T10:00:00Z',
      'aws:EpochTime': '1795341600',
      'sts:ExternalId': 'x1',
      'aws:SourceIp': '10.0.0.1',
    });
    assert.equal(ctx.get('AWS:PRINCIPALARN'), 'arn:aws:iam::111111111111:role/vsa', 'keys are case-insensitive');
    const table = [...ASSUME_ROLE_CONTEXT, { key: 'aws:RequestedRegion', fact: () => ({ value: 'us-east-1' }) }];
    assert.equal(buildRequestContext(caller, { now: new Date(0) }, table).get('aws:RequestedRegion'), 'us-east-1');
  });
});
