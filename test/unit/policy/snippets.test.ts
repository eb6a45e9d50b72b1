// The policy snippets expand (with their defaults) to policies that pass every check, the backup permission set included.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { PolicyAccounts } from '../../../src/core/policy/accounts';
import { URI } from '../../../src/core/topology/paths';
import { lintPolicy } from '../../../src/core/policy/lint';
import { REPO, testCatalog, undocumented } from './helpers';

type Snippet = { prefix: string[]; body: string[] };
const snippets = JSON.parse(fs.readFileSync(path.join(REPO, 'snippets', 'policies.code-snippets'), 'utf8')) as Record<string, Snippet>;

/** Expands a snippet body the way VS Code does when every placeholder keeps its default. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}

const topology = {
  admins: [{ name: 'msp', accountId: '111111111111', hypervisor: { name: 'h', authentication: 'iamRole' as const } }],
  tenants: [{ name: 'finance', accountId: '222222222222', admin: 'msp', hypervisor: { name: 'f', authentication: 'stsAssumeRole' as const } }],
};
const as = (role: 'admin' | 'tenant', kind: 'trust' | 'permissions', files: string[] = []): PolicyAccounts => ({
  topology,
  references: [{ role, account: role === 'admin' ? topology.admins[0] : topology.tenants[0], as: kind, permissionFiles: files.map((f) => URI.file(`/${f}`)) }],
});

describe('policy snippets', () => {
  const byPrefix = (p: string) => Object.values(snippets).find((s) => s.prefix.includes(p))!;

  it('has the sts-only, admin trust, tenant trust and restricted permissions snippets', () => {
    for (const p of ['sts-only', 'admin-trust', 'tenant-trust', 'restricted-permissions']) assert.ok(byPrefix(p), p);
  });

  for (const [prefix, accounts] of [
    ['sts-only', as('admin', 'permissions', ['sts.json', 'restricted.json'])],
    ['admin-trust', as('admin', 'trust')],
    ['tenant-trust', as('tenant', 'trust')],
    ['restricted-permissions', as('tenant', 'permissions')],
  ] as const) {
    it(`${prefix} expands to a clean policy`, () => {
      const text = expand(byPrefix(prefix).body);
      const restricted = expand(byPrefix('restricted-permissions').body);
      const withSiblings = { ...accounts, readPolicy: (f: URI) => (f.path === '/restricted.json' ? restricted : undefined) };
      assert.deepEqual(undocumented(lintPolicy({ uri: `${prefix}.json`, text }, { catalog: testCatalog(), accounts: withSiblings })), []);
    });
  }
});
