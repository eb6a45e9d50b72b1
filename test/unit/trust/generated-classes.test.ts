// Generated cases for the classes where iam-simulate cannot be the oracle because it departs from the IAM User Guide
// (partitions, Version 2008-10-17, invalid policies, NotPrincipal in a trust policy): each is checked against a
// documented rule by a metamorphic relation on the same seeded scenarios the differential suite uses.
import assert from 'node:assert/strict';
import { buildRequestContext, roleSessionCaller, userCaller } from '../../../src/core/iam/context';
import { evaluateAssumeRole, type EvaluationResult } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { prng } from '../prng';
import { generateScenario, type Scenario } from './generate';

const CASES = 1000;

function evaluate(s: Scenario, trust: unknown = s.trust, identity: unknown[] = s.identity): EvaluationResult {
  return evaluateAssumeRole({
    caller: s.caller,
    roleArn: s.roleArn,
    identityPolicies: identity.map((p, i) => normalizePolicy(`identity-${i}.json`, p)),
    trustPolicy: normalizePolicy('trust.json', trust),
    context: buildRequestContext(s.caller, s.options),
  });
}

/** The statements of a policy as a list (a single statement object becomes a one-element list). */
function statementsOf(policy: unknown): Record<string, unknown>[] {
  const st = (policy as { Statement: unknown }).Statement;
  return (Array.isArray(st) ? st : [st]) as Record<string, unknown>[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe(`generated classes beyond the oracle (${CASES} scenarios each)`, function () {
  this.timeout(60_000);

  // "You cannot use IAM credentials from one partition to interact with resources in a different partition."
  // (AWS Fault Isolation Boundaries, "Partitions")
  it('a caller in another partition than the role is always denied, saying why', () => {
    const rand = prng(101);
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const cn = s.caller.principalArn.replace(/^arn:aws:/, 'arn:aws-cn:');
      const caller = s.caller.kind === 'user' ? userCaller(cn)! : roleSessionCaller(cn, s.caller.sessionName!, 'instance-profile')!;
      const r = evaluate({ ...s, caller });
      if (r.decision === 'invalid-policy') continue;
      assert.equal(r.decision, 'implicitly-denied', `case ${i}`);
      assert.match(r.reasons.at(-1)!.message, /partition aws-cn/, `case ${i}`);
    }
  });

  it('a principal ARN moved to another partition names nobody: the same answer as naming an unrelated account', () => {
    const rand = prng(102);
    let changed = 0;
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const text = JSON.stringify(s.trust);
      if (!text.includes('"arn:aws:iam::') && !text.includes('"arn:aws:sts::')) continue;
      const moved = JSON.parse(text.replace(/"arn:aws:(iam|sts)::\d{12}:[^"]*"/g, (m) => m.replace('arn:aws:', 'arn:aws-cn:')));
      // Only principals move: conditions and resources keep the aws partition.
      const unrelated = clone(s.trust);
      const movedStatements = statementsOf(moved);
      statementsOf(unrelated).forEach((st, j) => {
        const orig = st.Principal as Record<string, unknown> | string | undefined;
        if (orig && typeof orig === 'object') {
          st.Principal = {
            ...orig,
            AWS: ([] as unknown[]).concat(orig.AWS ?? []).map((v) => (typeof v === 'string' && v.startsWith('arn:') ? 'arn:aws:iam::999999999999:root' : v)),
          };
          if (!('AWS' in orig)) delete (st.Principal as Record<string, unknown>).AWS;
        }
        movedStatements[j].Condition = st.Condition;
      });
      assert.equal(evaluate(s, moved).decision, evaluate(s, unrelated).decision, `case ${i}: ${JSON.stringify(moved)}`);
      changed++;
    }
    assert.ok(changed > CASES / 4, `too few scenarios with principal ARNs: ${changed}`);
  });

  // IAM User Guide, "IAM JSON policy elements: Version": under 2008-10-17 policy variables are literal text; in
  // 2012-10-17 `${$}` is a literal `$`, so `${$}{aws:username}` is the same literal text.
  it('Version 2008-10-17 reads ${…} as literal text: the same answer as 2012-10-17 with the variables escaped', () => {
    const rand = prng(103);
    let withVariables = 0;
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const docs = [s.trust, ...s.identity];
      if (!JSON.stringify(docs).includes('${')) continue;
      withVariables++;
      const old = docs.map((d) => ({ ...clone(d as object), Version: '2008-10-17' }));
      const escaped = docs.map((d) => JSON.parse(JSON.stringify({ ...(d as object), Version: '2012-10-17' }).replace(/\$\{/g, '${$}{')));
      assert.equal(evaluate(s, old[0], old.slice(1)).decision, evaluate(s, escaped[0], escaped.slice(1)).decision, `case ${i}`);
    }
    assert.ok(withVariables > CASES / 10, `too few scenarios with variables: ${withVariables}`);
  });

  const breakages: [string, (st: Record<string, unknown>) => void, RegExp][] = [
    ['an unknown operator', (st) => (st.Condition = { ...(st.Condition as object), StringEqualz: { 'sts:ExternalId': 'x' } }), /StringEqualz/],
    ['a null condition value', (st) => (st.Condition = { ...(st.Condition as object), StringLike: { 'aws:PrincipalArn': null } }), /null value/],
    ['a principal with spaces', (st) => (st.Principal = { AWS: 'arn:aws:iam:: 111111111111:root' }), /contains spaces/],
    ['a principal as a number', (st) => (st.Principal = { AWS: 111111111111 }), /is not a string/],
    [
      'NotPrincipal in the trust policy',
      (st) => {
        delete st.Principal;
        st.NotPrincipal = { AWS: 'arn:aws:iam::999999999999:root' };
      },
      /NotPrincipal/,
    ],
  ];
  it(`a broken trust statement makes any scenario an invalid policy naming it (${breakages.map((b) => b[0]).join(', ')})`, () => {
    const rand = prng(104);
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const trust = clone(s.trust) as { Statement: unknown };
      const statements = statementsOf(trust);
      const index = Math.floor(rand() * statements.length);
      const [, breakIt, message] = breakages[i % breakages.length];
      breakIt(statements[index]);
      trust.Statement = Array.isArray(trust.Statement) ? statements : statements[0];
      const r = evaluate(s, trust);
      assert.equal(r.decision, 'invalid-policy', `case ${i}: ${JSON.stringify(trust)}`);
      const reason = r.reasons.find((x) => x.statementIndex === index);
      assert.ok(reason, `case ${i}: no reason names statement ${index + 1}`);
      assert.match(r.reasons.map((x) => x.message).join('\n'), message, `case ${i}`);
    }
  });
});
