// Benchmark: the offline trust evaluation of pathological StringLike patterns (8 and 3,000 stars), which a RegExp matcher never finishes.
import { buildRequestContext, roleSessionCaller } from '../src/core/iam/context';
import { evaluateAssumeRole } from '../src/core/trust/evaluate';
import { normalizePolicy } from '../src/core/trust/policy';

const NOW = new Date('2026-11-22T10:00:00Z');
const caller = roleSessionCaller('arn:aws:iam::111111111111:role/' + 'a'.repeat(60), 'i-0abc')!;
const identity = [normalizePolicy('id.json', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' } })];

/** Median milliseconds of one full sts:AssumeRole evaluation with the condition in the tenant's trust policy. */
function measure(condition: Record<string, Record<string, string>>, externalId: string, runs: number): { ms: number; decision: string } {
  const trustPolicy = normalizePolicy('trust.json', {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole', Condition: condition },
  });
  const times: number[] = [];
  let decision = '';
  for (let i = 0; i < runs; i++) {
    const context = buildRequestContext(caller, { now: NOW, externalId });
    const t0 = performance.now();
    decision = evaluateAssumeRole({ caller, roleArn: 'arn:aws:iam::222222222222:role/vsa-role', identityPolicies: identity, trustPolicy, context }).decision;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], decision };
}

const eight = measure({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/' + '*a'.repeat(8) + '*b' } }, 'x1', 21);
const externalId = 'a'.repeat(1223) + 'b';
const many = measure({ StringLike: { 'sts:ExternalId': '*a'.repeat(3000) + '*c' } }, externalId, 11);
console.log(`trust evaluate, StringLike aws:PrincipalArn with 8 stars (no match, 60-char role name): ${eight.ms.toFixed(3)} ms median (${eight.decision})`);
console.log(`trust evaluate, StringLike sts:ExternalId with 3,000 stars (no match, 1,224-char ExternalId): ${many.ms.toFixed(3)} ms median (${many.decision})`);
