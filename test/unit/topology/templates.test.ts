// The set-up command's starter files: they follow the seed guide, lint clean apart from the access nodes still to add, and inputs are validated.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintAccounts, lintAccountsText } from '../../../src/core/topology/lint';
import { loadAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';
import { parseTenantsInput, restrictedPermissionsPolicy, setUpFiles, validateAccountIdInput, validateNameInput } from '../../../src/core/topology/templates';

const input = {
  adminName: 'msp',
  adminAccountId: '111111111111',
  tenants: [
    { name: 'finance', accountId: '222222222222', externalId: 'ext-finance-1' },
    { name: 'hr', accountId: '333333333333', externalId: 'ext-hr-1' },
  ],
};

describe('set-up templates', () => {
  const files = setUpFiles(input);
  const byPath = new Map(files.map((f) => [f.path, f.content]));

  it("writes the accounts file and the seed guide's policies with the ids filled in", () => {
    assert.deepEqual(
      files.map((f) => f.path),
      [
        'cross-account-backup.json',
        'policies/amazon_sts_assumerole.json',
        'policies/amazon_restricted_role_permissions.json',
        'policies/admin/admin-iam-role-policy.json',
        'policies/tenants/finance/amazon_sts_assumerole_tenant.json',
        'policies/tenants/hr/amazon_sts_assumerole_tenant.json',
      ],
    );
    const adminTrust = JSON.parse(byPath.get('policies/admin/admin-iam-role-policy.json')!);
    assert.deepEqual(adminTrust.Statement.Principal, { Service: 'ec2.amazonaws.com', AWS: 'arn:aws:iam::111111111111:root' });
    const hrTrust = JSON.parse(byPath.get('policies/tenants/hr/amazon_sts_assumerole_tenant.json')!);
    assert.equal(hrTrust.Statement.Principal.AWS, 'arn:aws:iam::111111111111:root');
    assert.equal(hrTrust.Statement.Condition.StringEquals['sts:ExternalId'], 'ext-hr-1');
    const sts = JSON.parse(byPath.get('policies/amazon_sts_assumerole.json')!);
    assert.deepEqual(sts.Statement, [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
  });

  it('keeps the restricted permissions free of duplicate actions and with the EBS direct APIs', () => {
    const p = restrictedPermissionsPolicy() as { Statement: { Action: string | string[] }[] };
    const actions = p.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    const big = p.Statement[6].Action as string[];
    assert.equal(new Set(big).size, big.length);
    for (const a of ['ebs:ListChangedBlocks', 'ebs:ListSnapshotBlocks', 'iam:PassRole', 'ec2:CreateSnapshot']) assert.ok(actions.includes(a), a);
  });

  it('gives an accounts file whose only finding is the access node still to add', async () => {
    const file = '/ws/cross-account-backup.json';
    const existing = new Set(files.map((f) => path.join('/ws', f.path)));
    const findings = await lintAccounts(loadAccounts({ uri: URI.file(file), text: byPath.get('cross-account-backup.json')! }), {
      fileExists: (p) => existing.has(p.path),
    });
    assert.deepEqual(
      findings.map((f) => f.code),
      ['iam-role-needs-ec2-access-node'],
    );
  });

  it('validates account ids and names', () => {
    assert.equal(validateAccountIdInput('111111111111'), undefined);
    assert.match(validateAccountIdInput('1111-1111-1111')!, /without spaces or dashes/);
    assert.match(validateAccountIdInput('abc')!, /12 digits/);
    assert.equal(validateNameInput('finance-eu'), undefined);
    assert.match(validateNameInput('../x')!, /cannot be used/);
    assert.match(validateNameInput('')!, /Type a name/);
  });

  it('parses tenant pairs and rejects bad ones with the reason', () => {
    assert.deepEqual(parseTenantsInput('finance=222222222222, hr:333333333333', 'msp', '111111111111'), {
      tenants: [
        { name: 'finance', accountId: '222222222222' },
        { name: 'hr', accountId: '333333333333' },
      ],
    });
    assert.deepEqual(parseTenantsInput('  ', 'msp', '111111111111'), { tenants: [] });
    assert.match((parseTenantsInput('finance', 'msp', '111111111111') as { error: string }).error, /name=accountId/);
    assert.match((parseTenantsInput('finance=123', 'msp', '111111111111') as { error: string }).error, /Tenant `finance`: .*12 digits/);
    assert.match((parseTenantsInput('msp=222222222222', 'msp', '111111111111') as { error: string }).error, /used twice/);
    assert.match((parseTenantsInput('a=111111111111', 'msp', '111111111111') as { error: string }).error, /admin's account id/);
    assert.match((parseTenantsInput('a=222222222222 b=222222222222', 'msp', '111111111111') as { error: string }).error, /used twice/);
  });
});

/** Expands a snippet body with each placeholder's default (first choice for choices), as accepting every tab stop would. */
function expandSnippet(body: string): string {
  const values = new Map<string, string>();
  let text = body;
  for (let again = true; again;) {
    const before = text;
    text = text
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, v: string) => (values.set(n, v), v))
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
        const v = choices.split(',')[0];
        values.set(n, v);
        return v;
      })
      .replace(/\$\{(\d+)\}/g, (m, n: string) => values.get(n) ?? m);
    again = text !== before;
  }
  return text.replace(/\$0/g, '');
}

describe('accounts snippet', () => {
  it('expands to an accounts file that passes the schema and the rules', () => {
    const snippets = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../snippets/accounts.code-snippets'), 'utf8'));
    const skeleton = snippets['Cross-account backup accounts file'];
    assert.ok(skeleton.prefix.includes('accounts'));
    const text = expandSnippet(skeleton.body.join('\n'));
    assert.doesNotMatch(text, /\$\{/);
    const findings = lintAccountsText(loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text }));
    assert.deepEqual(findings, []);
  });
});
