// Fuzzing: mutated and random documents never make the checks, fixes, completions or hovers throw or hang.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { completePolicy } from '../../../src/core/policy/complete';
import { applyTextEdits } from '../../../src/core/policy/edits';
import { quickFixes } from '../../../src/core/policy/fixes';
import { hoverPolicy } from '../../../src/core/policy/hover';
import { lintModel, lintPolicy } from '../../../src/core/policy/lint';
import { parsePolicyModel } from '../../../src/core/policy/parse';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import { URI } from '../../../src/core/topology/paths';
import { prng as rng } from '../prng';
import { mutate, randomDoc } from './fuzz-docs';
import { REPO, testCatalog } from './helpers';

const topology = {
  admins: [{ name: 'msp', accountId: '111111111111', hypervisor: { name: 'h', authentication: 'iamRole' as const } }],
  tenants: [
    { name: 'finance', accountId: '222222222222', admin: 'msp', hypervisor: { name: 'f', authentication: 'stsAssumeRole' as const, externalId: 'x-1' } },
  ],
};
const accountsVariants: (PolicyAccounts | undefined)[] = [
  undefined,
  { topology, references: [{ role: 'tenant', account: topology.tenants[0], as: 'trust', permissionFiles: [] }] },
  {
    topology,
    references: [{ role: 'admin', account: topology.admins[0], as: 'permissions', permissionFiles: [URI.file('/other.json')] }],
    readPolicy: () => '{"Statement": ',
  },
];

function exercise(text: string, r: () => number, label: string): void {
  const catalog = testCatalog();
  const doc = { uri: r() < 0.5 ? 'fuzz-trust.json' : 'fuzz.json', text };
  const accounts = accountsVariants[Math.floor(r() * accountsVariants.length)];
  const start = performance.now();
  const findings = lintPolicy(doc, { catalog, accounts });
  // The editor shares one model between the checks, fixes, completions and hovers: none of them may change it.
  const model = parsePolicyModel(text);
  assert.deepEqual(lintModel(doc, model, { catalog, accounts }), findings, `${label}: the model's findings differ from a fresh parse's`);
  for (const f of findings) {
    assert.ok(f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end, `${label}: bad range ${JSON.stringify(f)}`);
    for (const fix of quickFixes(model, f)) applyTextEdits(text, fix.edits);
  }
  for (let k = 0; k < 3; k++) {
    const offset = Math.floor(r() * (text.length + 1));
    completePolicy(model, offset, { catalog, accounts });
    hoverPolicy(model, offset, { catalog, accounts });
  }
  assert.deepEqual(lintModel(doc, model, { catalog, accounts }), findings, `${label}: the shared model changed`);
  const ms = performance.now() - start;
  assert.ok(ms < 500, `${label}: took ${ms.toFixed(0)} ms`);
}

describe('policy fuzzing', function () {
  this.timeout(120000);
  const seeds = fs
    .readdirSync(path.join(REPO, 'examples', 'msp', 'policies'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .map((f) => fs.readFileSync(path.join(REPO, 'examples', 'msp', 'policies', f), 'utf8'));
  const baseSeed = Number(process.env.FUZZ_SEED ?? 20261122);

  it('survives 1,500 mutated example policies (no exception, bounded time, ranges in bounds)', () => {
    const r = rng(baseSeed);
    for (let i = 0; i < 1500; i++) {
      const src = seeds[i % seeds.length];
      exercise(mutate(src, r), r, `seed ${baseSeed} mutation ${i}`);
    }
  });

  it('survives 1,500 random token soups', () => {
    const r = rng(baseSeed + 1);
    for (let i = 0; i < 1500; i++) exercise(randomDoc(r), r, `seed ${baseSeed + 1} random ${i}`);
  });

  it('survives pathological inputs: deep nesting, huge strings, lone surrogates, BOM', () => {
    const r = rng(1);
    exercise('['.repeat(5000), r, 'deep arrays');
    exercise('{"Statement":'.repeat(2000), r, 'deep objects');
    exercise(`{"Statement": [{"Action": "${'a'.repeat(200000)}"}]}`, r, 'huge string');
    exercise('{"Statement": [{"Action": "ec2:\ud800", "Resource": "arn:aws:s3:::\udfff"}]}', r, 'lone surrogates');
    exercise('\ufeff{"Version": "2012-10-17", "Statement": []}', r, 'BOM');
    exercise(`{"Statement": [{"Action": "${'*?'.repeat(500)}x", "Condition": {"${'ForAnyValue:'.repeat(50)}": {}}}]}`, r, 'wildcard storm');
  });
});
