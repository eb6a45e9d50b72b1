// The Accounts view's structure as plain data: kinds, labels, descriptions, problem counts and tenant status.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintAccountsText } from '../../../src/core/topology/lint';
import { loadAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';
import { buildAccountsTree, type AccountsTreeNode } from '../../../src/core/topology/tree';
import { valid } from './helpers';

const EXAMPLE = path.resolve(__dirname, '../../../examples/msp/cross-account-backup.json');

function outline(nodes: AccountsTreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.contextValue} ${n.label}${n.description ? ` — ${n.description}` : ''}`,
    ...outline(n.children, depth + 1),
  ]);
}

describe('accounts tree model', () => {
  it('shows the example as admins → hypervisor → nodes and policies, tenants → hypervisor → role, policies, VM groups', () => {
    const uri = `file://${EXAMPLE}`;
    const loaded = loadAccounts({ uri: URI.parse(uri), text: fs.readFileSync(EXAMPLE, 'utf8') });
    const tree = buildAccountsTree(loaded, { findings: [] });
    assert.deepEqual(outline(tree), [
      'admin msp — 111111111111',
      '  hypervisor msp-aws — IAM role · Use admin account resources: off',
      '    role vsa-assume-role — arn:aws:iam::111111111111:role/vsa-assume-role',
      '    accessNode an-use1a — us-east-1a · linux',
      '    accessNode an-usw2b — us-west-2b · windows',
      '    policyFile admin-iam-role-policy.json — trust policy',
      '    policyFile amazon_sts_assumerole.json — permissions policy',
      '    policyFile amazon_restricted_role_permissions.json — permissions policy',
      'tenant finance — 222222222222',
      '  hypervisor finance-aws — STS assume role · uses msp-aws',
      '    role vsa-role — arn:aws:iam::222222222222:role/vsa-role',
      '    policyFile amazon_sts_assumerole_tenant.json — trust policy',
      '    policyFile amazon_restricted_role_permissions.json — permissions policy',
      '    vmGroup prod — us-east-1 · IntelliSnap',
      'tenant hr — 333333333333',
      '  hypervisor hr-aws — STS assume role · uses msp-aws',
      '    role vsa-role — arn:aws:iam::333333333333:role/vsa-role',
      '    policyFile amazon_sts_assumerole_tenant.json — trust policy',
      '    policyFile amazon_restricted_role_permissions.json — permissions policy',
      '    vmGroup payroll — us-west-2 · IntelliSnap',
    ]);
    const finance = tree[1];
    assert.equal(finance.tenantName, 'finance');
    assert.deepEqual(finance.account, { kind: 'tenant', name: 'finance', accountId: '222222222222' });
    const trust = finance.children[0].children.find((n) => n.policy?.role === 'trust')!;
    assert.equal(trust.policy!.location, `file://${path.dirname(EXAMPLE)}/policies/tenants/finance/amazon_sts_assumerole_tenant.json`);
    assert.equal(trust.tenantName, 'finance');
    const ids = outline(tree).length;
    const unique = new Set<string>();
    const collect = (ns: AccountsTreeNode[]) => ns.forEach((n) => (unique.add(n.id), collect(n.children)));
    collect(tree);
    assert.equal(unique.size, ids, 'node ids are unique');
  });

  it('counts problems on the node that contains them and its ancestors, and lists them in the tooltip', () => {
    const v = valid();
    v.tenants[0].restores[0].availabilityZone = 'us-east-1c';
    v.tenants[0].vmGroups[0].backupCopy = true;
    const text = JSON.stringify(v, null, 2);
    const loaded = loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text });
    const findings = lintAccountsText(loaded);
    const [admin, tenant] = buildAccountsTree(loaded, { findings });
    assert.deepEqual(admin.problems, { errors: 0, warnings: 0, infos: 0 });
    assert.deepEqual(tenant.problems, { errors: 1, warnings: 1, infos: 0 });
    const group = tenant.children[0].children.find((n) => n.kind === 'vmGroup')!;
    assert.deepEqual(group.problems, { errors: 0, warnings: 1, infos: 0 });
    assert.match(tenant.tooltip, /2 problems/);
    assert.match(tenant.tooltip, /restore-az-mismatch/);
  });

  it('shows the latest test or evaluation on the tenant', () => {
    const text = JSON.stringify(valid());
    const loaded = loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text });
    const at = new Date('2026-11-22T10:00:00Z');
    const tree = buildAccountsTree(loaded, {
      findings: [],
      status: (name) => (name === 'finance' ? { test: { kind: 'test', ok: false, summary: 'AccessDenied: not authorized', at } } : {}),
    });
    assert.equal(tree[1].description, '222222222222 · test failed');
    assert.equal(tree[1].status?.ok, false);
    assert.match(tree[1].tooltip, /AccessDenied/);
    assert.equal(tree[0].status, undefined);
  });

  it('shows an evaluation that depends on a key by its label, in the description and the tooltip', () => {
    const loaded = loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text: JSON.stringify(valid()) });
    const at = new Date('2026-11-22T10:00:00Z');
    const evaluation = {
      kind: 'evaluation' as const,
      ok: false,
      label: 'depends on aws:SourceIp',
      summary: 'offline: depends on aws:SourceIp (allowed at best, implicitly-denied at worst)',
      at,
    };
    const tree = buildAccountsTree(loaded, { findings: [], status: (name) => (name === 'finance' ? { evaluation } : {}) });
    assert.equal(tree[1].description, '222222222222 · evaluation depends on aws:SourceIp');
    assert.match(tree[1].tooltip, /Last offline evaluation \(2026-11-22T10:00:00\.000Z\): depends on aws:SourceIp — offline: depends on/);
  });

  it('marks missing policy files', () => {
    const text = JSON.stringify(valid());
    const loaded = loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text });
    const tree = buildAccountsTree(loaded, { findings: [], missingPolicies: new Set(['file:///ws/policies/restricted.json']) });
    const p = tree[1].children[0].children.find((n) => n.policy?.relPath === 'policies/restricted.json')!;
    assert.equal(p.policy!.exists, false);
    assert.match(p.description!, /missing/);
  });

  it('gives a file with no accounts one node pointing at its first problem', () => {
    const text = '{ "admins": [ }';
    const loaded = loadAccounts({ uri: URI.file('/ws/cross-account-backup.json'), text });
    const findings = lintAccountsText(loaded);
    const tree = buildAccountsTree(loaded, { findings });
    assert.equal(tree.length, 1);
    assert.equal(tree[0].kind, 'accountsFile');
    assert.match(tree[0].description!, /problem/);
    assert.deepEqual(tree[0].range, findings[0].range);
  });
});
