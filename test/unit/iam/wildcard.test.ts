// core/iam wildcard matching: IAM's `*`/`?` semantics, case rules, and time bounded by |pattern| × |text| (never exponential).
import assert from 'node:assert/strict';
import { buildRequestContext, roleSessionCaller } from '../../../src/core/iam/context';
import { actionMatches, coversAction, GlobBuilder, globMatchPattern, globsIntersect, wildcardMatch } from '../../../src/core/iam/wildcard';
import { evaluateAssumeRole } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { prng } from '../prng';

/** The reference: IAM's wildcard as a RegExp (exponential on many stars, fine on the short cases it checks). */
function reference(pattern: string, text: string, ignoreCase = false): boolean {
  const src = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${src}$`, ignoreCase ? 'is' : 's').test(text);
}

describe('iam: wildcard matching', () => {
  it('`*` matches any run (empty included), `?` exactly one character; everything else is literal', () => {
    assert.ok(wildcardMatch('vsa-*', 'vsa-'));
    assert.ok(wildcardMatch('vsa-*', 'vsa-role/x:y'));
    assert.ok(wildcardMatch('a?c', 'abc'));
    assert.ok(!wildcardMatch('a?c', 'ac'));
    assert.ok(!wildcardMatch('a?c', 'abbc'));
    assert.ok(wildcardMatch('*a*b*', 'xxaxxbxx'));
    assert.ok(!wildcardMatch('*a*b*', 'xxbxxaxx'));
    assert.ok(wildcardMatch('a.c', 'a.c'));
    assert.ok(!wildcardMatch('a.c', 'abc'), 'a dot is literal, not a RegExp wildcard');
    assert.ok(wildcardMatch('(x)+[y]', '(x)+[y]'));
    assert.ok(wildcardMatch('line*end', 'line\nend'), '`*` spans line breaks');
    assert.ok(wildcardMatch('', ''));
    assert.ok(!wildcardMatch('', 'a'));
    assert.ok(wildcardMatch('***', ''));
  });

  it('is case-sensitive as StringLike and ArnLike are, and case-insensitive on request', () => {
    // IAM User Guide, condition operators: "StringLike: Case-sensitive matching".
    assert.ok(!wildcardMatch('VSA-*', 'vsa-role'));
    assert.ok(wildcardMatch('VSA-*', 'vsa-role', true));
    // Action names are not case-sensitive (IAM JSON policy elements: Action).
    assert.ok(actionMatches('STS:assume*', 'sts:AssumeRole'));
    assert.ok(!actionMatches('sts:Get*', 'sts:AssumeRole'));
    assert.ok(actionMatches('*', 'sts:AssumeRole'));
    assert.ok(coversAction('ec2:Describe*', 'EC2:DescribeInstances'));
    assert.ok(coversAction('ec2:*', 'ec2:Describe*'), 'a required pattern is matched as text');
  });

  it('agrees with the RegExp reference on random short patterns', () => {
    const rnd = prng(11);
    const pick = (s: string) => s[Math.floor(rnd() * s.length)];
    for (let i = 0; i < 3000; i++) {
      const pattern = Array.from({ length: Math.floor(rnd() * 8) }, () => pick('ab*?Aa')).join('');
      const text = Array.from({ length: Math.floor(rnd() * 8) }, () => pick('abAB')).join('');
      for (const ic of [false, true])
        assert.equal(wildcardMatch(pattern, text, ic), reference(pattern, text, ic), `${JSON.stringify(pattern)} ~ ${JSON.stringify(text)} ${ic}`);
    }
  });

  it('keeps substituted text literal: a `*` from a policy variable is not a wildcard', () => {
    const p = new GlobBuilder().pattern('team-').literal('a*').pattern('*').build();
    assert.ok(globMatchPattern(p, 'team-a*xyz'));
    assert.ok(!globMatchPattern(p, 'team-abxyz'));
  });

  it('matches 3,000 stars against a 1,224-character value in well under a second (a backtracking matcher never ends)', () => {
    const text = 'a'.repeat(1223) + 'b';
    const pattern = '*a'.repeat(3000) + '*c';
    const t0 = performance.now();
    assert.equal(wildcardMatch(pattern, text), false);
    assert.equal(wildcardMatch('*a'.repeat(600) + '*b', text), true);
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
  });
});

describe('iam: whether two glob patterns share a match (ARNs against resource type formats)', () => {
  it('answers the cases the resource checks meet', () => {
    assert.ok(globsIntersect('arn:*:s3:::*/*', 'arn:aws:s3:::bucket/*'));
    assert.ok(!globsIntersect('arn:*:s3:::*/*', 'arn:aws:s3:::bucket'), 'an object ARN needs a slash');
    assert.ok(globsIntersect('arn:*:s3:::*/*', 'arn:aws:s3:::bucket*'), "the policy's own star may hold the slash");
    assert.ok(globsIntersect('volume/*', 'vol?me/*'));
    assert.ok(!globsIntersect('volume/*', 'snapshot/*'));
    assert.ok(globsIntersect('', '***') && !globsIntersect('', '?'));
  });

  it('agrees with trying every short text on random patterns', () => {
    const rnd = prng(13);
    const pick = (s: string) => s[Math.floor(rnd() * s.length)];
    const texts: string[] = [''];
    for (let len = 1; len <= 6; len++)
      for (let n = 0; n < 1 << len; n++) texts.push(Array.from({ length: len }, (_, i) => ((n >> i) & 1 ? 'b' : 'a')).join(''));
    for (let i = 0; i < 400; i++) {
      const a = Array.from({ length: Math.floor(rnd() * 4) }, () => pick('ab*?')).join('');
      const b = Array.from({ length: Math.floor(rnd() * 4) }, () => pick('ab*?')).join('');
      // Each pattern has at most 3 characters, so a common text, if any, has one of at most 6 characters.
      const expected = texts.some((t) => wildcardMatch(a, t) && wildcardMatch(b, t));
      assert.equal(globsIntersect(a, b), expected, `${JSON.stringify(a)} ∩ ${JSON.stringify(b)}`);
    }
  });
});

describe('iam: pathological StringLike patterns through the trust evaluator', () => {
  const caller = roleSessionCaller('arn:aws:iam::111111111111:role/' + 'a'.repeat(60), 'i-0abc')!;
  const identity = [normalizePolicy('id.json', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' } })];
  const evaluate = (condition: Record<string, Record<string, string>>, externalId: string) => {
    const trust = normalizePolicy('trust.json', {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', Condition: condition },
    });
    const t0 = performance.now();
    const result = evaluateAssumeRole({
      caller,
      roleArn: 'arn:aws:iam::222222222222:role/vsa-role',
      identityPolicies: identity,
      trustPolicy: trust,
      context: buildRequestContext(caller, { now: new Date('2026-11-22T10:00:00Z'), externalId }),
    });
    return { decision: result.decision, ms: performance.now() - t0 };
  };

  it('an 8-star StringLike on aws:PrincipalArn that does not match (53 s with the RegExp matcher) decides in < 500 ms', () => {
    const pattern = 'arn:aws:iam::111111111111:role/' + '*a'.repeat(8) + '*b';
    const r = evaluate({ StringLike: { 'aws:PrincipalArn': pattern } }, 'x1');
    assert.equal(r.decision, 'implicitly-denied');
    assert.ok(r.ms < 500, `took ${r.ms.toFixed(0)} ms`);
    const ok = evaluate({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/' + '*a'.repeat(8) + '*' } }, 'x1');
    assert.equal(ok.decision, 'allowed');
  });

  it('a 3,000-star StringLike on sts:ExternalId (never finished) decides in < 500 ms', () => {
    const externalId = 'a'.repeat(1223) + 'b';
    const miss = evaluate({ StringLike: { 'sts:ExternalId': '*a'.repeat(3000) + '*c' } }, externalId);
    assert.equal(miss.decision, 'implicitly-denied');
    assert.ok(miss.ms < 500, `took ${miss.ms.toFixed(0)} ms`);
    const hit = evaluate({ StringLike: { 'sts:ExternalId': '*a'.repeat(1000) + '*b' } }, externalId);
    assert.equal(hit.decision, 'allowed');
    assert.ok(hit.ms < 500, `took ${hit.ms.toFixed(0)} ms`);
  });

  it('ArnLike on aws:PrincipalArn with many stars per part decides in < 500 ms', () => {
    const r = evaluate({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/' + '*a'.repeat(3000) + '*c' } }, 'x1');
    assert.equal(r.decision, 'implicitly-denied');
    assert.ok(r.ms < 500, `took ${r.ms.toFixed(0)} ms`);
  });
});
