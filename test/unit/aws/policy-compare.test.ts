// Comparing live and local IAM documents by meaning.
import assert from 'node:assert/strict';
import { parsePolicy, pretty, samePolicy } from '../../../src/core/aws/policy-compare';

describe('aws policy compare', () => {
  it('treats single values, order, duplicates and key order as the same policy', () => {
    const a = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}', 'a');
    const b = parsePolicy('{"Statement":[{"Resource":["*"],"Action":["sts:AssumeRole","sts:AssumeRole"],"Effect":"Allow"}],"Version":"2012-10-17"}', 'b');
    assert.ok(samePolicy(a, b));
    assert.equal(pretty(a), pretty(b));
  });

  it('sees a changed condition value or effect', () => {
    const base = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::1:root' }, Condition: { StringEquals: { 'sts:ExternalId': 'a' } } },
      ],
    };
    const changed = structuredClone(base);
    changed.Statement[0].Condition.StringEquals['sts:ExternalId'] = 'b';
    assert.ok(!samePolicy(base, changed));
    assert.ok(samePolicy(base, { ...base, Statement: [{ ...base.Statement[0], Condition: { StringEquals: { 'sts:ExternalId': ['a'] } } }] }));
    assert.ok(!samePolicy(base, { ...base, Statement: [{ ...base.Statement[0], Effect: 'Deny' }] }));
  });

  it('accepts comments but names the file when it is not JSON', () => {
    assert.deepEqual(parsePolicy('// c\n{"Version":"2012-10-17",}', 'x'), { Version: '2012-10-17' });
    assert.throws(() => parsePolicy('{"Version": ', 'policies/bad.json'), /policies\/bad\.json is not valid JSON/);
  });
});
