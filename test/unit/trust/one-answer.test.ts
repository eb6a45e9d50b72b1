// The linter, the AssumeRole hints and `evaluate` give one answer about a tenant's trust policy (core/trust decides for all three).
import { parsePolicyModel } from '../../../src/core/policy/parse';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../cli-run';
import { evaluateCommand } from '../../../src/cli/evaluate';
import { lintCommand } from '../../../src/cli/lint';
import { analyseTrust } from '../../../src/core/aws/trust-hints';
import { policyAccountsFor } from '../../../src/core/policy/accounts';
import { applyTextEdits } from '../../../src/core/policy/edits';
import { quickFixes } from '../../../src/core/policy/fixes';
import { lintPolicy } from '../../../src/core/policy/lint';
import { loadAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';
import { mspTopology, tenantTrustAccounts, testCatalog } from '../policy/helpers';

const ROOT = path.resolve(__dirname, '../../..');

describe('one trust answer: lint, AssumeRole hints and evaluate', function () {
  this.timeout(60000);
  let dir: string;
  const accounts = () => path.join(dir, 'cross-account-backup.json');
  const trustFile = path.join('policies', 'tenants', 'finance', 'amazon_sts_assumerole_tenant.json');
  before(() => {
    testCatalog(); // dist/data/iam-catalog for the in-process lint
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-one-answer-'));
    fs.cpSync(path.join(ROOT, 'examples', 'msp'), dir, { recursive: true });
    // The tenant's ExternalId changed in the accounts file only (the trust policy still wants msp-finance-7f3a).
    fs.writeFileSync(accounts(), fs.readFileSync(accounts(), 'utf8').replace('"msp-finance-7f3a"', '"msp-finance-OLD"'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('evaluate reports the ExternalId mismatch', async () => {
    const r = await runCommand(evaluateCommand, ['--accounts', accounts(), '--format', 'json', '--tenant', 'finance'], dir);
    assert.equal(r.code, 1, r.err);
    const [finance] = JSON.parse(r.out) as { decision: string; reasons: string[] }[];
    assert.equal(finance.decision, 'implicitly-denied');
    assert.ok(
      finance.reasons.some((x) => x.includes('expected "msp-finance-7f3a"') && x.includes('sets "msp-finance-OLD"')),
      finance.reasons.join('\n'),
    );
  });

  it("lint --accounts reports it too, on the trust policy's ExternalId value", async () => {
    const r = await runCommand(lintCommand, ['--accounts', accounts(), '--format', 'json', trustFile], dir);
    const records = JSON.parse(r.out) as { code: string; line: number; message: string }[];
    const found = records.filter((x) => x.code === 'trust-external-id-mismatch');
    assert.equal(found.length, 1, r.out);
    assert.match(found[0].message, /expected "msp-finance-7f3a", the accounts file \(the tenant hypervisor's externalId\) sets "msp-finance-OLD"/);
    const text = fs.readFileSync(path.join(dir, trustFile), 'utf8');
    assert.equal(text.split('\n')[found[0].line - 1].includes('msp-finance-7f3a'), true);
    assert.equal(r.code, 1);
  });

  it("the lint finding's quick fix writes the accounts file's ExternalId into the trust policy, after which all agree", () => {
    const text = fs.readFileSync(path.join(dir, trustFile), 'utf8');
    const loaded = loadAccounts({ uri: URI.file(accounts()), text: fs.readFileSync(accounts(), 'utf8') });
    const policy = policyAccountsFor(loaded, URI.file(path.join(dir, trustFile)));
    const doc = { uri: path.join(dir, trustFile), text };
    const finding = lintPolicy(doc, { catalog: testCatalog(), accounts: policy }).find((f) => f.code === 'trust-external-id-mismatch')!;
    const [fix] = quickFixes(parsePolicyModel(text), finding);
    assert.match(fix.title, /msp-finance-OLD/);
    const fixed = applyTextEdits(text, fix.edits);
    assert.deepEqual(lintPolicy({ ...doc, text: fixed }, { catalog: testCatalog(), accounts: policy }), []);
    assert.equal(analyseTrust(fixed, 'msp-finance-OLD', 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-1')!.externalIdMatches, true);
  });

  it('the AssumeRole hints read the same mismatch', () => {
    const text = fs.readFileSync(path.join(dir, trustFile), 'utf8');
    const hints = analyseTrust(text, 'msp-finance-OLD', 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19')!;
    assert.equal(hints.callerTrusted, true);
    assert.equal(hints.externalIdMatches, false);
    assert.deepEqual(hints.requiredExternalIds, ['msp-finance-7f3a']);
  });

  it("with the example's own ExternalId, all three agree it is fine", async () => {
    const example = path.join(ROOT, 'examples', 'msp');
    const file = path.join(example, 'cross-account-backup.json');
    const lint = await runCommand(lintCommand, ['--accounts', file, '--format', 'json', trustFile], example);
    assert.deepEqual(JSON.parse(lint.out), []);
    const evaluate = await runCommand(evaluateCommand, ['--accounts', file, '--format', 'json', '--tenant', 'finance'], example);
    assert.equal(evaluate.code, 0, evaluate.out);
    const text = fs.readFileSync(path.join(example, trustFile), 'utf8');
    assert.equal(analyseTrust(text, 'msp-finance-7f3a', undefined)!.externalIdMatches, true);
  });

  it('the linter names the admin as the evaluator does: a role ARN with a path, in another case, or `*`', () => {
    const topology = mspTopology('fin-1');
    const accounts = tenantTrustAccounts(topology);
    const codes = (principal: string) => {
      const text = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "${principal}"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "fin-1"}}}}`;
      return lintPolicy({ uri: 't.json', text }, { catalog: testCatalog(), accounts }).map((f) => f.code);
    };
    // IAM role names are unique regardless of case, and a session of the role matches whatever the role's path.
    assert.deepEqual(codes('arn:aws:iam::111111111111:role/backup/VSA-Assume-Role'), []);
    assert.deepEqual(codes('*'), ['trust-principal-wildcard']);
    assert.deepEqual(codes('arn:aws:iam::111111111111:role/other-role'), ['trust-account-mismatch']);
    assert.deepEqual(codes('arn:aws:iam::111111111111:user/someone'), ['trust-account-mismatch']);
  });
});
