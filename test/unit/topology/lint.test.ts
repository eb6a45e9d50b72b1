// Syntax and schema findings of the accounts file, the example workspace, the schema itself, and the API other features use.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintAccounts, lintAccountsText } from '../../../src/core/topology/lint';
import { policyFileReferences } from '../../../src/core/topology/references';
import { loadAccounts } from '../../../src/core/topology/load';
import { baseName, locationKey, relativePolicyPath, resolvePolicyPath, URI } from '../../../src/core/topology/paths';
import { arnAccount } from '../../../src/core/iam/arn';
import { adminOf } from '../../../src/core/topology/model';
import { lint, valid } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'examples/msp/cross-account-backup.json');

/** The parts of a JSON Schema (draft-07) the description check walks. */
interface SchemaNode {
  $ref?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: unknown[];
}

describe('accounts file checks', () => {
  describe('json-syntax', () => {
    it('reports a missing comma at the next property, and nothing else', async () => {
      const run = await lint('{\n  "admins": []\n  "tenants": []\n}');
      assert.deepEqual(
        run.findings.map((f) => f.code),
        ['json-syntax'],
      );
      assert.equal(run.text(run.findings[0]), '"tenants"');
      assert.match(run.findings[0].message, /comma/);
    });
    it('accepts comments and trailing commas (JSONC)', async () => {
      const v = valid();
      const text = `// accounts\n${JSON.stringify(v, null, 2).replace(/\]\n\}$/, '],\n}')} /* end */`;
      assert.deepEqual((await lint(text)).findings, []);
    });
    it('reports a key written twice in one object (as in policies), and still runs the other checks', async () => {
      const text = JSON.stringify(valid(), null, 2).replace(
        '"externalId": "msp-finance-7f3a",',
        '"externalId": "msp-finance-7f3a",\n          "externalId": "msp-finance-OLD",',
      );
      const run = await lint(text.replace('"accountId": "222222222222",', '"accountId": "22222222222x",'));
      assert.deepEqual(
        run.findings.map((f) => f.code),
        ['account-id-format', 'role-arn-account-mismatch', 'json-syntax'],
      );
      const dup = run.of('json-syntax')[0];
      assert.equal(run.text(dup), 'externalId');
      assert.equal(text.indexOf('"externalId"', text.indexOf('"externalId"') + 1) + 1, dup.range.start, 'on the second key');
      assert.match(dup.message, /Duplicate key `externalId`: only the last one counts/);
      assert.equal(run.loaded.topology.tenants[0].hypervisor.externalId, 'msp-finance-OLD');
      assert.deepEqual(
        (await lint('{"admins": [], "tenants": [], "admins": []}')).findings.map((f) => f.code),
        ['json-syntax'],
      );
    });
    it('explains an empty file', async () => {
      const run = await lint('  // nothing yet\n');
      assert.deepEqual(
        run.findings.map((f) => f.code),
        ['json-syntax'],
      );
      assert.match(run.findings[0].message, /empty/);
    });
  });

  describe('missing-property', () => {
    it('points at the hypervisor key when the hypervisor lacks authentication', async () => {
      const v = valid();
      delete v.tenants[0].hypervisor.authentication;
      const run = await lint(v);
      const f = run.of('missing-property');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, run.at(['tenants', 0, 'hypervisor'], true));
      assert.match(f[0].message, /hypervisor of tenant `finance` has no `authentication`/);
      assert.equal(f[0].data?.property, 'authentication');
    });
    it('points at the name of an array entry that lacks accountId', async () => {
      const v = valid();
      delete v.tenants[0].accountId;
      const run = await lint(v);
      const f = run.of('missing-property');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, run.at(['tenants', 0, 'name']));
    });
    it('points at the opening brace when the root lacks tenants', async () => {
      const v = valid();
      delete v.tenants;
      const run = await lint(v);
      const f = run.of('missing-property');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, { start: 0, end: 1 });
    });
    it('requires roleArn for stsAssumeRole but not for accessKey', async () => {
      const v = valid();
      delete v.tenants[0].hypervisor.roleArn;
      assert.equal((await lint(v)).of('missing-property')[0]?.data?.property, 'roleArn');
      v.tenants[0].hypervisor.authentication = 'accessKey';
      assert.deepEqual((await lint(v)).of('missing-property'), []);
    });
    it('does not fire on the valid file', async () => {
      assert.deepEqual((await lint(valid())).of('missing-property'), []);
    });
  });

  describe('invalid-value', () => {
    it('rejects an unknown authentication with a did-you-mean, on the value', async () => {
      const v = valid();
      v.tenants[0].hypervisor.authentication = 'STSAssumeRole';
      const run = await lint(v);
      const f = run.of('invalid-value');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, run.at(['tenants', 0, 'hypervisor', 'authentication']));
      assert.match(f[0].message, /Did you mean `stsAssumeRole`\?/);
    });
    it('rejects a numeric account id and says to quote it (not account-id-format)', async () => {
      const v = valid();
      v.tenants[0].accountId = 222222222222;
      const run = await lint(v);
      assert.equal(run.of('invalid-value').length, 1);
      assert.match(run.of('invalid-value')[0].message, /double quotes/);
      assert.deepEqual(run.of('account-id-format'), []);
    });
    it('rejects a malformed region, restore source and instance id', async () => {
      const v = valid();
      v.tenants[0].vmGroups[0].regions = ['us-east1'];
      v.tenants[0].restores[0].from = 'tape';
      v.admins[0].hypervisor.accessNodes[0].instanceId = 'i-123';
      const run = await lint(v);
      const texts = run
        .of('invalid-value')
        .map((f) => run.text(f))
        .sort();
      assert.deepEqual(texts, ['"i-123"', '"tape"', '"us-east1"']);
    });
    it('leaves a malformed account id string to account-id-format', async () => {
      const v = valid();
      v.tenants[0].accountId = '12345';
      const run = await lint(v);
      assert.deepEqual(run.of('invalid-value'), []);
      assert.equal(run.of('account-id-format').length, 1);
    });
    it("allows extra properties (the file is the user's)", async () => {
      const v = valid();
      v.tenants[0].notes = 'moved in 2026';
      assert.deepEqual((await lint(v)).findings, []);
    });
  });

  it('the example workspace lints clean', async () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const findings = await lintAccounts(loadAccounts({ uri: URI.file(EXAMPLE), text }), { fileExists: (p) => fs.existsSync(p.fsPath) });
    assert.deepEqual(findings, []);
  });

  it('the example lints clean when addressed by a URI string too', async () => {
    const uri = URI.parse(`file://${EXAMPLE}`);
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const findings = await lintAccounts(loadAccounts({ uri, text }), { fileExists: (p) => fs.existsSync(new URL(p.toString())) });
    assert.deepEqual(findings, []);
  });

  it('lintAccountsText skips the file-system check', () => {
    const v = valid();
    const findings = lintAccountsText(loadAccounts({ uri: URI.file('/nowhere/cross-account-backup.json'), text: JSON.stringify(v) }));
    assert.deepEqual(findings, []);
  });
});

describe('topology schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/topology.schema.json'), 'utf8')) as SchemaNode & {
    $schema: string;
    definitions: Record<string, SchemaNode>;
  };

  it('is draft-07 and has a description on every property', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const missing: string[] = [];
    const resolve = (s: SchemaNode): SchemaNode => (s.$ref ? { ...resolve(schema.definitions[s.$ref.split('/').pop()!]), ...s } : s);
    const walk = (s: SchemaNode, where: string) => {
      const r = resolve(s);
      for (const [k, v] of Object.entries(r.properties ?? {})) {
        if (!resolve(v).description) missing.push(`${where}.${k}`);
        walk(v, `${where}.${k}`);
      }
      if (r.items) walk(r.items, `${where}[]`);
    };
    walk(schema, '$');
    assert.deepEqual(missing, []);
  });

  it('has the enums the issue names', () => {
    const d = schema.definitions;
    assert.deepEqual(d.authentication.enum, ['accessKey', 'iamRole', 'stsAssumeRole']);
    assert.deepEqual(d.restore.properties?.from.enum, ['streaming', 'backupCopy', 'snapshot']);
    assert.deepEqual(d.replication.properties?.transport.enum, ['hotAdd', 'importExport']);
    assert.deepEqual(d.replication.properties?.source.enum, ['vmware', 'aws']);
    assert.deepEqual(d.conversion.properties?.source.enum, ['vmware', 'hyperv', 'azure']);
  });
});

describe('topology API', () => {
  it('policyFileReferences lists each policy file with its account and role', () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const loaded = loadAccounts({ uri: URI.file(EXAMPLE), text });
    const refs = policyFileReferences(loaded);
    const dir = path.dirname(EXAMPLE);
    const finance = refs.filter((r) => r.account.name === 'finance');
    assert.deepEqual(
      finance.map((r) => [r.role, r.location.fsPath, r.account.kind, r.account.accountId, r.adminAccountId]),
      [
        ['permissions', path.join(dir, 'policies/amazon_restricted_role_permissions.json'), 'tenant', '222222222222', '111111111111'],
        ['trust', path.join(dir, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json'), 'tenant', '222222222222', '111111111111'],
      ],
    );
    const adminTrust = refs.find((r) => r.account.kind === 'admin' && r.role === 'trust')!;
    assert.equal(adminTrust.adminAccountId, undefined);
    assert.equal(text.slice(adminTrust.range.start, adminTrust.range.end), '"policies/admin/admin-iam-role-policy.json"');
    assert.equal(refs.length, 7);
  });

  it('resolvePolicyPath handles file and remote locations', () => {
    const file = URI.file('/ws/a/cross-account-backup.json');
    assert.equal(resolvePolicyPath(file, 'policies/x.json').fsPath, path.join('/ws/a/policies/x.json'));
    assert.equal(resolvePolicyPath(file, '../p\\y.json').fsPath, path.join('/ws/p/y.json'));
    assert.equal(resolvePolicyPath(file, '/abs/z.json').toString(), 'file:///abs/z.json');
    assert.equal(resolvePolicyPath(file, 'C:\\abs\\z.json').path, '/C:/abs/z.json');
    assert.equal(
      resolvePolicyPath(URI.parse('file:///ws/a/cross-account-backup.json'), 'policies/my policy.json').toString(),
      'file:///ws/a/policies/my%20policy.json',
    );
    assert.equal(
      resolvePolicyPath(URI.parse('vscode-remote://ssh-remote%2Bhost/ws/cross-account-backup.json'), './p.json').toString(),
      'vscode-remote://ssh-remote%2Bhost/ws/p.json',
    );
    assert.equal(relativePolicyPath(URI.parse('file:///ws/a/cross-account-backup.json'), URI.parse('file:///ws/a/policies/x.json')), 'policies/x.json');
    assert.equal(baseName(URI.parse('file:///ws/a/my%20policy.json')), 'my policy.json');
    assert.equal(
      locationKey(URI.parse('file:///C%3A/Ws/x.json')),
      locationKey(URI.from({ scheme: 'file', path: '/c:/ws/X.json' })),
      'drive letters and case on Windows paths',
    );
    assert.equal(locationKey(URI.parse('vscode-remote://ssh-remote%2Bhost/ws/x.json')), locationKey(URI.parse('vscode-remote://ssh-remote+host/ws/x.json')));
  });

  it('adminOf and arnAccount', () => {
    const v = valid();
    assert.equal(adminOf(v, v.tenants[0])?.accountId, '111111111111');
    assert.equal(adminOf(v, { admin: 'nope' }), undefined);
    // One meaning everywhere: the tenant's `admin` names it; no guess, not even the only admin (the schema requires the field).
    assert.equal(v.admins.length, 1);
    assert.equal(adminOf(v, {}), undefined);
    assert.equal(adminOf(v, { admin: '' }), undefined);
    assert.equal(adminOf({ admins: [{ ...v.admins[0], name: undefined }] }, {}), undefined, "a nameless admin is nobody's");
    assert.equal(arnAccount('arn:aws:iam::222222222222:role/vsa-role'), '222222222222');
    assert.equal(arnAccount('arn:aws:iam:: 222222222222 :role/VSA_Role'), '222222222222');
    assert.equal(arnAccount('not an arn'), undefined);
  });
});
