// Differential suite: our sts:AssumeRole evaluator against @cloud-copilot/iam-simulate on generated policy pairs, both
// given the request context of the documented model (src/core/iam/context.ts, IAM User Guide "AWS global condition
// context keys"), per caller type.
//
// iam-simulate is AGPL: it is a devDependency used here only, never imported from src/.
//
// Keys the model marks unknown (aws:SourceIp, aws:PrincipalTag/*, …, unless the scenario's accounts-file facts state
// them) make our answer three-valued. Each scenario is then checked twice:
// - exactness: with every unknown key the policies test instantiated (a value from a pool, or absent), our evaluator
//   and iam-simulate must agree on the decision;
// - soundness of "depends on": when our answer without those values is exact, every instantiation must give it; when
//   it is depends-on, the instantiated answer must lie between its unfavourable and favourable ends.
//
// Classes where iam-simulate departs from AWS's documentation are not generated here; documented.test.ts keeps each
// as explicit expected decisions citing the IAM User Guide: NotPrincipal in a role trust policy (rejected by IAM),
// principal ARNs in another partition, policy variables inside an ARN's account part, Version 2008-10-17 (variables
// are literal text), epoch seconds against ISO 8601 dates, and negated string operators against a variable with no
// value ("Inverted condition operators like StringNotEquals or StringNotLike do match against a null value").
import assert from 'node:assert/strict';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { buildRequestContext, RequestContext, type ContextValue } from '../../../src/core/iam/context';
import { evaluateAssumeRole, type Decision, type EvaluationResult } from '../../../src/core/trust/evaluate';
import { normalizePolicy } from '../../../src/core/trust/policy';
import { prng } from '../prng';
import { ADMIN, generateScenario, TENANT, type Scenario } from './generate';

const CASES = 3000;
const SEED = 20261122;

const fromSimulator: Record<string, Decision> = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicitly-denied',
  ExplicitlyDenied: 'explicitly-denied',
};

/** Values an unknown key takes in an instantiation (absent is a choice too, unless the key is always present). */
const POOLS: Record<string, ContextValue[]> = {
  'aws:sourceip': ['203.0.113.7', '198.51.100.20'],
  'aws:principalorgid': ['o-a1b2c3d4e5', 'o-zzzzzzzzzz'],
  'aws:principaltag/team': ['backup', 'ops'],
  'aws:principaltag/account': [ADMIN, TENANT],
  'aws:requesttag/project': ['x', 'y'],
  'aws:tagkeys': [['Project'], ['Project', 'Team'], []],
  'sts:sourceidentity': ['alice', 'bob'],
  'sts:rolesessionname': ['cvbackup', 'other'],
  'aws:requestedregion': ['us-east-1', 'eu-west-1'],
  'aws:multifactorauthpresent': ['true', 'false'],
  'aws:tokenissuetime': ['2026-11-22T09:00:00Z'],
  'aws:username': ['backup-admin'],
};

/** Every condition key and policy variable the scenario's policies name. */
function keysOf(s: Scenario): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(/\$\{([^},]+)/g)) keys.add(m[1].trim());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Condition' && x && typeof x === 'object')
          for (const block of Object.values(x)) for (const key of Object.keys(block as object)) keys.add(key);
        walk(x);
      }
    }
  };
  walk([s.trust, s.identity]);
  return keys;
}

/** The model's known keys plus one choice (value or absent) per unknown key the policies name. */
function instantiate(s: Scenario, rand: () => number): Record<string, ContextValue> {
  const ctx = buildRequestContext(s.caller, s.options);
  const out = ctx.entries();
  for (const key of keysOf(s)) {
    if (!ctx.unknown(key)) continue;
    const pool = POOLS[key.toLowerCase()] ?? ['x'];
    // A key the model knows is present (only its value is unknown) is never instantiated as absent.
    const i = Math.floor(rand() * (pool.length + (ctx.unknownPresent(key) ? 0 : 1)));
    if (i < pool.length) out[key] = pool[i];
  }
  return out;
}

async function simulate(s: Scenario, context: Record<string, ContextValue>): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal: s.caller.arn,
        action: 'sts:AssumeRole',
        resource: { resource: s.roleArn, accountId: s.roleArn.split(':')[4] },
        contextVariables: context,
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
  return fromSimulator[response.overallResult];
}

function ours(s: Scenario, context: RequestContext): EvaluationResult {
  return evaluateAssumeRole({
    caller: s.caller,
    roleArn: s.roleArn,
    identityPolicies: s.identity.map((p, i) => normalizePolicy(`identity-${i}.json`, p)),
    trustPolicy: normalizePolicy('trust.json', s.trust),
    context,
  });
}

const RANK: Record<string, number> = { 'explicitly-denied': 0, 'implicitly-denied': 1, allowed: 2 };

describe('trust evaluator vs iam-simulate (differential, documented request-context model)', function () {
  this.timeout(120_000);

  it(`agrees on ${CASES} generated scenarios over four caller types, and "depends on" is sound`, async () => {
    const rand = prng(SEED);
    const tally: Record<string, number> = {};
    const callers: Record<string, number> = {};
    const mismatches: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const s = generateScenario(rand);
      const modelled = ours(s, buildRequestContext(s.caller, s.options));
      tally[modelled.decision] = (tally[modelled.decision] ?? 0) + 1;
      callers[s.caller.source ?? s.caller.kind] = (callers[s.caller.source ?? s.caller.kind] ?? 0) + 1;
      const concrete = instantiate(s, rand);
      const expected = await simulate(s, concrete);
      const actual = ours(s, new RequestContext(concrete)).decision;
      const describe = () =>
        `case ${i} (${s.caller.source}): iam-simulate ${expected}, ours ${actual}, ours unknown-aware ${modelled.decision}` +
        `\n  caller ${s.caller.arn}\n  context ${JSON.stringify(concrete)}\n  trust ${JSON.stringify(s.trust)}\n  identity ${JSON.stringify(s.identity)}`;
      if (expected !== actual && mismatches.length < 5) mismatches.push(`exactness: ${describe()}`);
      if (modelled.decision === 'depends-on') {
        const lo = RANK[modelled.ifUnfavourable!];
        const hi = RANK[modelled.ifFavourable!];
        if ((RANK[expected] < lo || RANK[expected] > hi) && mismatches.length < 5)
          mismatches.push(`depends-on bounds ${modelled.ifUnfavourable}..${modelled.ifFavourable}: ${describe()}`);
      } else if (modelled.decision !== expected && mismatches.length < 5) mismatches.push(`soundness: ${describe()}`);
    }
    assert.deepEqual(mismatches, [], mismatches.join('\n\n'));
    // Every outcome and caller type must be exercised, or agreement proves little.
    for (const d of ['allowed', 'implicitly-denied', 'explicitly-denied', 'depends-on'])
      assert.ok((tally[d] ?? 0) > CASES * 0.04, `too few ${d} cases: ${JSON.stringify(tally)}`);
    for (const c of ['long-term-keys', 'instance-profile', 'assumed-role', 'identity-center'])
      assert.ok((callers[c] ?? 0) > CASES * 0.15, `too few ${c} callers: ${JSON.stringify(callers)}`);
  });
});
