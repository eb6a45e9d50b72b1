// Every policy the extension writes lints clean: the set-up templates, and the CloudFormation and CLI exports of the
// sample workspace (examples/ and snippets/ have their own tests). Clean means no error or warning, and no information
// finding but the documented ones on the backup permission set's iam:PassRole (see `undocumented`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readLocalAccount } from '../../../src/core/aws/apply';
import { cliScript, cloudFormationTemplate } from '../../../src/core/aws/export';
import type { Json } from '../../../src/core/aws/policy-compare';
import { policyAccountsFor } from '../../../src/core/policy/accounts';
import { lintPolicy } from '../../../src/core/policy/lint';
import { loadAccounts } from '../../../src/core/topology/load';
import { ACCOUNTS_FILE_NAME } from '../../../src/core/topology/model';
import { URI } from '../../../src/core/topology/paths';
import { setUpFiles } from '../../../src/core/topology/templates';
import { REPO, testCatalog, undocumented } from './helpers';

const MSP = path.join(REPO, 'examples', 'msp');

/** The sample's restricted policy keeps the seed's duplicate `ec2:ModifyImageAttribute` (see examples.test.ts); the exports copy it. */
const seedDuplicate = (file: string) => (f: { code: string }) => !(file.includes('restricted') && f.code === 'duplicate-action');

/** CloudFormation's `Ref` and `Fn::Sub` on the template's parameters, replaced by their defaults (what a stack deploys). */
function resolve(v: Json, params: Record<string, string>): Json {
  if (Array.isArray(v)) return v.map((x) => resolve(x, params));
  if (v && typeof v === 'object') {
    const o = v as Record<string, Json>;
    if (typeof o.Ref === 'string' && o.Ref in params) return params[o.Ref];
    if (typeof o['Fn::Sub'] === 'string') return (o['Fn::Sub'] as string).replace(/\$\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x, params)]));
  }
  return v;
}

describe('policies the extension generates lint clean', () => {
  const catalog = testCatalog();

  it('the set-up templates (sts-only, restricted permissions, admin and tenant trust) with the accounts file they come with', () => {
    const files = setUpFiles({
      adminName: 'msp',
      adminAccountId: '111111111111',
      tenants: [
        { name: 'finance', accountId: '222222222222', externalId: 'msp-finance-7f3a' },
        { name: 'hr', accountId: '333333333333', externalId: 'msp-hr-91c2' },
      ],
    });
    const root = '/setup';
    const byPath = new Map(files.map((f) => [path.posix.join(root, f.path), f.content]));
    const accountsFile = files.find((f) => f.path === ACCOUNTS_FILE_NAME)!;
    const loaded = loadAccounts({ uri: URI.file(path.posix.join(root, accountsFile.path)), text: accountsFile.content });
    const policies = files.filter((f) => f.path !== ACCOUNTS_FILE_NAME && f.path.endsWith('.json'));
    assert.ok(policies.length >= 5, policies.map((f) => f.path).join(', '));
    for (const f of policies) {
      const uri = URI.file(path.posix.join(root, f.path));
      const accounts = policyAccountsFor(loaded, uri, (u) => byPath.get(u.path));
      assert.ok(accounts.references.length > 0, `the accounts file references ${f.path}`);
      assert.deepEqual(undocumented(lintPolicy({ uri: uri.path, text: f.content }, { catalog, accounts })), [], f.path);
    }
  });

  describe('the CloudFormation template and the CLI script of each tenant of examples/msp', () => {
    const accountsPath = path.join(MSP, 'cross-account-backup.json');
    const loaded = loadAccounts({ uri: URI.file(accountsPath), text: fs.readFileSync(accountsPath, 'utf8') });
    const input = { topology: loaded.topology, readFile: async (rel: string) => fs.promises.readFile(path.join(MSP, rel), 'utf8').catch(() => undefined) };
    const read = (u: URI) => (fs.existsSync(u.fsPath) ? fs.readFileSync(u.fsPath, 'utf8') : undefined);
    /** The accounts file's view of the local file a generated document comes from. */
    const accountsFor = (file: string) => policyAccountsFor(loaded, URI.file(path.join(MSP, file)), read);

    for (const tenant of loaded.topology.tenants) {
      it(`${tenant.name}: the template's managed policies and trust policy`, async () => {
        const local = await readLocalAccount(input, tenant, 'tenant');
        const t = JSON.parse(
          cloudFormationTemplate(
            local,
            tenant,
            loaded.topology.admins.find((a) => a.name === tenant.admin),
          ),
        );
        const params = Object.fromEntries(Object.entries(t.Parameters as Record<string, { Default: string }>).map(([k, p]) => [k, p.Default]));
        const docs: { file: string; doc: Json }[] = [];
        for (const [, r] of Object.entries(t.Resources as Record<string, { Type: string; Properties: Record<string, Json> }>)) {
          if (r.Type === 'AWS::IAM::ManagedPolicy')
            docs.push({ file: local.policies.find((p) => p.name === r.Properties.ManagedPolicyName)!.file, doc: r.Properties.PolicyDocument });
          if (r.Type === 'AWS::IAM::Role') docs.push({ file: local.role!.trust!.file, doc: r.Properties.AssumeRolePolicyDocument });
        }
        assert.ok(docs.length >= 2);
        for (const { file, doc } of docs) {
          const text = JSON.stringify(resolve(doc, params), null, 2);
          assert.deepEqual(undocumented(lintPolicy({ uri: file, text }, { catalog, accounts: accountsFor(file) })).filter(seedDuplicate(file)), [], file);
        }
      });

      it(`${tenant.name}: the policies the CLI script writes`, async () => {
        const local = await readLocalAccount(input, tenant, 'tenant');
        const script = cliScript(local, tenant);
        const blocks = [...script.matchAll(/<<'POLICY_JSON'\n([\s\S]*?)\nPOLICY_JSON/g)].map((m) => m[1]);
        const sources = [...local.policies, ...(local.role?.trust ? [local.role.trust] : [])];
        assert.equal(blocks.length, sources.length);
        for (const text of blocks) {
          const source = sources.find((s) => JSON.stringify(s.document) === JSON.stringify(JSON.parse(text)));
          const file = source!.file;
          assert.deepEqual(undocumented(lintPolicy({ uri: file, text }, { catalog, accounts: accountsFor(file) })).filter(seedDuplicate(file)), [], file);
        }
      });
    }
  });
});
