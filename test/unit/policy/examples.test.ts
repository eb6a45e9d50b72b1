// The sample workspace's policies lint clean with its accounts file, except the seed's deliberate duplicate action.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { policyAccountsFor } from '../../../src/core/policy/accounts';
import { classifyPolicy } from '../../../src/core/policy/classify';
import { lintPolicy } from '../../../src/core/policy/lint';
import { loadAccounts } from '../../../src/core/topology/load';
import { URI } from '../../../src/core/topology/paths';
import { REPO, testCatalog, undocumented } from './helpers';

const MSP = path.join(REPO, 'examples', 'msp');

function policyFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? policyFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
}

describe('policy checks on examples/msp', () => {
  const accountsFile = path.join(MSP, 'cross-account-backup.json');
  const loaded = loadAccounts({ uri: URI.file(accountsFile), text: fs.readFileSync(accountsFile, 'utf8') });
  const read = (f: URI) => (fs.existsSync(f.fsPath) ? fs.readFileSync(f.fsPath, 'utf8') : undefined);
  const files = policyFiles(path.join(MSP, 'policies'));

  it('finds the five policy files', () => assert.equal(files.length, 5));

  for (const file of files) {
    const rel = path.relative(MSP, file);
    it(`${rel}: ${rel.includes('restricted') ? 'only the duplicate ec2:ModifyImageAttribute' : 'no findings'}`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const accounts = policyAccountsFor(loaded, URI.file(file), read);
      assert.ok(accounts.references.length > 0, 'the accounts file references it');
      const all = lintPolicy({ uri: file, text }, { catalog: testCatalog(), accounts });
      const findings = undocumented(all);
      if (rel.includes('restricted')) {
        // The backup permission set's `iam:PassRole` on `*` (which `ec2:RunInstances` makes an escalation path) is reported as information.
        assert.deepEqual(
          all.filter((f) => f.severity === 'info').map((f) => [f.code, text.slice(f.range.start, f.range.end)]),
          [
            ['passrole-any-resource', 'iam:PassRole'],
            ['privilege-escalation', 'iam:PassRole'],
          ],
        );
        assert.deepEqual(
          findings.map((f) => f.code),
          ['duplicate-action'],
        );
        assert.equal(text.slice(findings[0].range.start, findings[0].range.end), 'ec2:ModifyImageAttribute');
        // The second occurrence is the one flagged.
        assert.equal(findings[0].range.start, text.lastIndexOf('ec2:ModifyImageAttribute'));
      } else assert.deepEqual(findings, []);
    });
  }

  it('classifies the trust policies as trust and the others as identity, with and without the accounts file', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const expected = /tenant|admin-iam-role/.test(file) ? 'trust' : 'identity';
      const refs = policyAccountsFor(loaded, URI.file(file)).references;
      assert.equal(classifyPolicy(file, text, refs).kind, expected, file);
      assert.equal(classifyPolicy(file, text).kind, expected, `${file} by name/content`);
    }
  });

  it("reports missing-required-action when a tenant's permissions file lacks part of the backup set", () => {
    const file = path.join(MSP, 'policies', 'amazon_restricted_role_permissions.json');
    const text = fs.readFileSync(file, 'utf8').replace('"iam:PassRole",', '');
    const accounts = policyAccountsFor(loaded, URI.file(file), read);
    const f = lintPolicy({ uri: file, text }, { catalog: testCatalog(), accounts }).filter((x) => x.code === 'missing-required-action');
    // The admin and both tenants lack it (the admin's sts-only file does not grant it): one finding names them all.
    assert.equal(f.length, 1);
    assert.match(f[0].message, /admin `msp`, tenant `finance`, tenant `hr` each lack 1 action\(s\) cross-account backup needs: iam:PassRole\./);
  });
});
