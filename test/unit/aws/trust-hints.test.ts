// Local trust analysis used to explain AssumeRole denials.
import assert from 'node:assert/strict';
import { analyseTrust } from '../../../src/core/aws/trust-hints';

const trust = (principal: unknown, condition?: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...(condition ? { Condition: condition } : {}) },
  });

/** Whether a trust policy whose only principal is `p` trusts `callerArn`. */
const principalMatches = (p: string, callerArn: string) => analyseTrust(trust(p === '*' ? '*' : { AWS: p }), undefined, callerArn)!.callerTrusted;

describe('aws trust hints', () => {
  it('matches account roots, ids, roles of assumed-role sessions and *', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-123';
    assert.ok(principalMatches('arn:aws:iam::111111111111:root', session));
    assert.ok(principalMatches('111111111111', session));
    assert.ok(principalMatches('arn:aws:iam::111111111111:role/backup/vsa-assume-role', session));
    assert.ok(principalMatches('*', session));
    assert.ok(!principalMatches('arn:aws:iam::999999999999:root', session));
    assert.ok(!principalMatches('arn:aws:iam::111111111111:role/other', session));
    assert.ok(principalMatches('arn:aws:iam::111111111111:user/admin', 'arn:aws:iam::111111111111:user/admin'));
  });

  it('finds an ExternalId mismatch between the accounts file and the trust policy', () => {
    const text = trust({ AWS: 'arn:aws:iam::111111111111:root' }, { StringEquals: { 'sts:ExternalId': 'abc-123' } });
    const h = analyseTrust(text, 'wrong', 'arn:aws:iam::111111111111:user/u')!;
    assert.equal(h.externalIdMatches, false);
    assert.deepEqual(h.requiredExternalIds, ['abc-123']);
    assert.equal(h.callerTrusted, true);
    assert.equal(analyseTrust(text, 'abc-123', undefined)!.externalIdMatches, true);
    assert.equal(analyseTrust(text, undefined, undefined)!.externalIdMatches, false);
  });

  it('says when the caller is not trusted and lists who is', () => {
    const h = analyseTrust(trust({ AWS: ['arn:aws:iam::444444444444:root'], Service: 'ec2.amazonaws.com' }), undefined, 'arn:aws:iam::111111111111:user/u')!;
    assert.equal(h.callerTrusted, false);
    assert.deepEqual(h.trustedPrincipals, ['arn:aws:iam::444444444444:root']);
  });

  it('concludes nothing from a missing or broken file', () => {
    assert.equal(analyseTrust(undefined, 'x', 'y'), undefined);
    assert.equal(analyseTrust('{ "Statement": [', 'x', 'y'), undefined);
  });
});
