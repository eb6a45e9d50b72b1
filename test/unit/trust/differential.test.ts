// Differential suite: our sts:AssumeRole evaluator against @cloud-copilot/iam-simulate on generated policy pairs.
//
// iam-simulate is AGPL: it is a devDependency used here only, never imported from src/.
//
// Classes left out of the generator on purpose, because iam-simulate and AWS's documentation disagree and we follow AWS:
// - NotPrincipal with "Effect": "Allow": AWS documents it as unsupported (it allows nobody); iam-simulate grants
//   everyone not listed.
// - NotPrincipal with Deny listing only part of the caller's chain (e.g. the role but not its account): AWS
//   documents that the account, the role and the session must all be listed or the caller may still be denied;
//   iam-simulate exempts the caller when any one of them is listed. The generator lists all or none.
// - Date operators comparing epoch seconds with ISO 8601 text: iam-simulate reads epoch integers as milliseconds
//   when the other side is ISO text; AWS documents epoch values in seconds. The generator compares like with like.
// - Policy variables inside an ARN's account or region part (`arn:aws:iam::${aws:PrincipalAccount}:role/*`):
//   AWS substitutes them; iam-simulate splits the ARN at the colon inside the variable's name and never matches.
//   The generator puts variables in the resource part of ARNs and in String* values only.
// - Version 2008-10-17 with policy variables: AWS treats `${...}` as literal text there; iam-simulate substitutes.
import assert from 'node:assert/strict';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { RequestContext } from '../../../src/core/iam/context';
import { evaluateAssumeRole, type Decision } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { prng } from '../prng';
import { generateScenario, type Scenario } from './generate';

const CASES = 1500;
const SEED = 20261122;

const fromSimulator: Record<string, Decision> = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicitly-denied',
  ExplicitlyDenied: 'explicitly-denied',
};

async function simulate(s: Scenario): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: s.caller.arn,
        action: 'sts:AssumeRole',
        resource: { resource: s.roleArn, accountId: s.roleArn.split(':')[4] },
        contextVariables: s.context,
      },
      identityPolicies: s.identity.map((policy, i) => ({ name: `identity-${i}.json`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: s.trust,
    },
    { simulationMode: 'Strict' },
  );
  if (response.resultType === 'error') throw new Error(`iam-simulate rejected the scenario: ${JSON.stringify(response.errors)}`);
  if (response.resultType !== 'single') throw new Error(`unexpected iam-simulate result type ${response.resultType}`);
  const ignored = response.result.ignoredContextKeys ?? [];
  // Both sides must see the same request: a key iam-simulate drops would make the comparison meaningless.
  if (ignored.length) throw new Error(`iam-simulate ignored context keys ${ignored.join(', ')}`);
  return fromSimulator[response.overallResult];
}

function ours(s: Scenario): Decision {
  return evaluateAssumeRole({
    caller: s.caller,
    roleArn: s.roleArn,
    identityPolicies: s.identity.map((p, i) => normalizePolicy(`identity-${i}.json`, p)),
    trustPolicy: normalizePolicy('trust.json', s.trust),
    context: new RequestContext(s.context),
  }).decision;
}

describe('trust evaluator vs iam-simulate (differential)', function () {
  this.timeout(60_000);

  it(`agrees on the decision for ${CASES} generated identity/trust policy pairs`, async () => {
    const rand = prng(SEED);
    const tally: Record<Decision, number> = { allowed: 0, 'implicitly-denied': 0, 'explicitly-denied': 0 };
    let sameAccount = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const expected = await simulate(s);
      const actual = ours(s);
      tally[expected]++;
      if (s.sameAccount) sameAccount++;
      if (expected !== actual && mismatches.length < 5) {
        mismatches.push(
          `case ${i}: iam-simulate ${expected}, ours ${actual}\n  caller ${s.caller.arn}\n  context ${JSON.stringify(s.context)}\n  trust ${JSON.stringify(s.trust)}\n  identity ${JSON.stringify(s.identity)}`,
        );
      }
    }
    assert.deepEqual(mismatches, [], mismatches.join('\n\n'));
    // The generator must exercise every outcome and both account layouts, or agreement proves little.
    assert.ok(tally.allowed > CASES * 0.05, `too few allowed cases: ${JSON.stringify(tally)}`);
    assert.ok(tally['implicitly-denied'] > CASES * 0.05, `too few implicitly denied cases: ${JSON.stringify(tally)}`);
    assert.ok(tally['explicitly-denied'] > CASES * 0.05, `too few explicitly denied cases: ${JSON.stringify(tally)}`);
    assert.ok(sameAccount > CASES * 0.1, `too few same-account cases: ${sameAccount}`);
  });
});
