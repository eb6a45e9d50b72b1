// Which JSON files are policies, and which policies are trust policies.
import assert from 'node:assert/strict';
import { classifyPolicy, hasTopLevelStatement, isPolicyName } from '../../../src/core/policy/classify';

const identity = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const trust = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}';

describe('policy classification', () => {
  it('recognizes policies by name', () => {
    for (const f of ['a/my-policy.json', 'trust.json', 'x/policies/y/z.json', 'C:\\w\\policies\\a.json', 'role-trust-doc.json']) assert.ok(isPolicyName(f), f);
    for (const f of ['package.json', 'tsconfig.json', 'a/policy.yaml', 'policies.txt']) assert.ok(!isPolicyName(f), f);
  });

  it('recognizes policies by a top-level Statement only', () => {
    assert.ok(hasTopLevelStatement(identity));
    assert.ok(hasTopLevelStatement('  {"Statement": 1'));
    assert.ok(!hasTopLevelStatement('{"a": {"Statement": []}}'));
    assert.ok(!hasTopLevelStatement('{"Sid": "Statement"}'));
    assert.ok(!hasTopLevelStatement('[{"Statement": []}]'));
    assert.ok(!hasTopLevelStatement(''));
  });

  it('is not a policy when neither the name nor the content says so', () => {
    assert.deepEqual(classifyPolicy('package.json', '{"name": "x"}'), { isPolicy: false, kind: 'identity', reason: 'none' });
  });

  it('a trust policy by references, by name, or by Principal + STS action content', () => {
    const ref = {
      role: 'tenant' as const,
      account: { name: 't', accountId: '2', admin: 'a', hypervisor: { name: 'h', authentication: 'stsAssumeRole' as const } },
      as: 'trust' as const,
      permissionFiles: [],
    };
    assert.deepEqual(classifyPolicy('x.json', identity, [ref]), { isPolicy: true, kind: 'trust', reason: 'reference' });
    assert.equal(classifyPolicy('role-trust.json', identity).kind, 'trust');
    assert.equal(classifyPolicy('vsa-assume-role-policy.json', identity).kind, 'trust');
    assert.deepEqual(classifyPolicy('anything.json', trust), { isPolicy: true, kind: 'trust', reason: 'content' });
    assert.deepEqual(classifyPolicy('anything.json', identity), { isPolicy: true, kind: 'identity', reason: 'content' });
    assert.equal(classifyPolicy('x.json', trust, [{ ...ref, as: 'permissions' }]).kind, 'identity');
  });

  it('a bucket-style policy with a Principal but no STS action stays an identity/resource policy', () => {
    const bucket =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
    assert.equal(classifyPolicy('bucket.json', bucket).kind, 'identity');
  });
});
