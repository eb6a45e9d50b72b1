// Quick fixes: applying each one yields valid JSON that lints clean of the finding it fixed (and of everything else here).
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import type { PolicyKind } from '../../../src/core/policy/classify';
import { applyTextEdits } from '../../../src/core/policy/edits';
import { EXTERNAL_ID_PLACEHOLDER, quickFixes } from '../../../src/core/policy/fixes';
import { lintPolicy } from '../../../src/core/policy/lint';
import { URI } from '../../../src/core/topology/paths';
import { parsePolicyModel } from '../../../src/core/policy/parse';
import { BACKUP_PERMISSION_SET } from '../../../src/core/policy/required';
import { testCatalog, undocumented } from './helpers';

const topology = {
  admins: [{ name: 'msp', accountId: '111111111111', hypervisor: { name: 'h', authentication: 'iamRole' as const } }],
  tenants: [
    { name: 'finance', accountId: '222222222222', admin: 'msp', hypervisor: { name: 'f', authentication: 'stsAssumeRole' as const, externalId: 'fin-7f3a' } },
  ],
};
const tenantTrust: PolicyAccounts = { topology, references: [{ role: 'tenant', account: topology.tenants[0], as: 'trust', permissionFiles: [] }] };
const tenantPerms: PolicyAccounts = {
  topology,
  references: [{ role: 'tenant', account: topology.tenants[0], as: 'permissions', permissionFiles: [URI.file('/p.json')] }],
};

function fixOnce(text: string, code: string, opts: { kind?: PolicyKind; accounts?: PolicyAccounts } = {}) {
  const catalog = testCatalog();
  const doc = { uri: 'p.json', text };
  const finding = lintPolicy(doc, { catalog, ...opts }).find((f: Finding) => f.code === code);
  assert.ok(finding, `no ${code} finding to fix`);
  const fixes = quickFixes(parsePolicyModel(text), finding);
  assert.ok(fixes.length > 0, `no fix for ${code}`);
  const after = applyTextEdits(text, fixes[0].edits);
  JSON.parse(after);
  const again = lintPolicy({ uri: 'p.json', text: after }, { catalog, ...opts });
  return { after, again, fix: fixes[0] };
}

describe('policy quick fixes', () => {
  it('removes a duplicate action, keeping the list well formed', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:GetObject"], "Resource": "*"}]\n}';
    const { after, again } = fixOnce(text, 'duplicate-action');
    assert.deepEqual(again, []);
    assert.deepEqual(JSON.parse(after).Statement[0].Action, ['s3:GetObject', 's3:PutObject']);
  });

  it('removes the duplicate in the middle of a list too', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject", "s3:PutObject"], "Resource": "*"}]}';
    const { after, again } = fixOnce(text, 'duplicate-action');
    assert.deepEqual(again, []);
    assert.deepEqual(JSON.parse(after).Statement[0].Action, ['s3:GetObject', 's3:PutObject']);
  });

  it('replaces an unknown action by the suggestion', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstancez", "Resource": "*"}]}';
    const { after, again, fix } = fixOnce(text, 'unknown-action');
    assert.equal(fix.title, 'Replace with `ec2:DescribeInstances`');
    assert.equal(JSON.parse(after).Statement[0].Action, 'ec2:DescribeInstances');
    assert.deepEqual(again, []);
  });

  it('replaces an unknown service prefix by the suggestion', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec3:DescribeInstances", "Resource": "*"}]}';
    assert.deepEqual(fixOnce(text, 'unknown-service').again, []);
  });

  for (const [code, text] of [
    ['missing-version', '{\n    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}'],
    ['invalid-version', '{"Version": "2012-10-18", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
    ['old-version', '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
  ] as const) {
    it(`sets Version to 2012-10-17 (${code})`, () => {
      const { after, again } = fixOnce(text, code);
      assert.equal(JSON.parse(after).Version, '2012-10-17');
      assert.deepEqual(again, []);
      if (code === 'missing-version') assert.ok(after.indexOf('"Version"') < after.indexOf('"Statement"'), 'Version goes first');
    });
  }

  it('adds an sts:ExternalId condition with the placeholder selected', () => {
    const text =
      '{\n    "Version": "2012-10-17",\n    "Statement": {\n        "Effect": "Allow",\n        "Action": "sts:AssumeRole",\n        "Principal": {"AWS": "arn:aws:iam::111111111111:root"}\n    }\n}';
    const { after, again, fix } = fixOnce(text, 'trust-missing-external-id', { kind: 'trust' });
    assert.deepEqual(again, []);
    assert.equal(JSON.parse(after).Statement.Condition.StringEquals['sts:ExternalId'], EXTERNAL_ID_PLACEHOLDER);
    assert.ok(fix.select);
    assert.equal(after.slice(fix.select.start, fix.select.end), EXTERNAL_ID_PLACEHOLDER);
  });

  it("uses the tenant's external ID from the accounts file, and merges into an existing StringEquals", () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Condition": {"StringEquals": {"aws:PrincipalAccount": "111111111111"}}}]}';
    const { after, again } = fixOnce(text, 'trust-missing-external-id', { accounts: tenantTrust });
    assert.deepEqual(JSON.parse(after).Statement[0].Condition.StringEquals, { 'aws:PrincipalAccount': '111111111111', 'sts:ExternalId': 'fin-7f3a' });
    assert.deepEqual(again, []);
  });

  it('adds the missing required actions in a new statement, also when Statement is a single object', () => {
    for (const text of [
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}',
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}}',
    ]) {
      const { after, again } = fixOnce(text, 'missing-required-action', { accounts: tenantPerms });
      assert.deepEqual(undocumented(again), []);
      const statements = JSON.parse(after).Statement;
      assert.equal(statements.length, 2);
      assert.equal(statements[1].Action.length, BACKUP_PERMISSION_SET.length - 1);
    }
  });

  it('removes Resource from a trust policy', () => {
    const text =
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}';
    const { after, again } = fixOnce(text, 'trust-resource-not-allowed', { kind: 'trust' });
    assert.equal(JSON.parse(after).Statement[0].Resource, undefined);
    assert.deepEqual(again, []);
  });

  it("replaces a wildcard principal with the admin account's root", () => {
    for (const principal of ['"*"', '{"AWS": "*"}', '{"AWS": ["*"]}']) {
      const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "fin-7f3a"}}}]}`;
      const { after, again } = fixOnce(text, 'trust-principal-wildcard', { accounts: tenantTrust });
      assert.deepEqual(again, [], principal);
      assert.match(JSON.stringify(JSON.parse(after).Statement[0].Principal), /arn:aws:iam::111111111111:root/);
    }
  });

  it('offers no principal fix without an accounts file (it would have to guess the account)', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}';
    const doc = { uri: 'trust.json', text };
    const f = lintPolicy(doc, { catalog: testCatalog(), kind: 'trust' }).find((x) => x.code === 'trust-principal-wildcard')!;
    assert.deepEqual(quickFixes(parsePolicyModel(text), f), []);
  });

  it('adds a statement trusting the admin when a tenant trust policy trusts someone else', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    const { after, again } = fixOnce(text, 'trust-account-mismatch', { accounts: tenantTrust });
    assert.equal(JSON.parse(after).Statement[1].Principal.AWS, 'arn:aws:iam::111111111111:root');
    assert.equal(JSON.parse(after).Statement[1].Condition.StringEquals['sts:ExternalId'], 'fin-7f3a');
    assert.deepEqual(again, []);
  });

  it('renames a misspelt element and fixes the case of Effect', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Actions": "s3:GetObject", "Resource": "*"}]}';
    const step1 = fixOnce(text, 'unknown-element');
    const step2 = fixOnce(step1.after, 'invalid-effect');
    assert.deepEqual(step2.again, []);
  });
});
