// `cross-account-backup lint` on policies: folders, the accounts file (found or given), exit codes, and the bundled CLI with its catalog.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../cli-run';
import { lintCommand } from '../../../src/cli/lint';
import { REPO, testCatalog } from './helpers';

const run = (args: string[], cwd: string) => runCommand(lintCommand, args, cwd);

describe('cli lint (policies)', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    testCatalog(); // makes sure dist/data/iam-catalog exists for the in-process runs
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-policy-lint-'));
    fs.cpSync(path.join(REPO, 'examples', 'msp'), path.join(dir, 'msp'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'loose'));
    fs.writeFileSync(
      path.join(dir, 'loose', 'role-trust.json'),
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}}',
    );
    fs.writeFileSync(path.join(dir, 'loose', 'notes.json'), '{"title": "not a policy"}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks a whole folder: the accounts file and every policy, clean but for the seed duplicate (exit 0)', async () => {
    const r = await run(['--format', 'json', 'msp'], dir);
    assert.equal(r.code, 0, r.err);
    const records = JSON.parse(r.out) as { file: string; code: string; line: number; severity: string }[];
    const restricted = path.join('msp', 'policies', 'amazon_restricted_role_permissions.json');
    // Besides the duplicate, the backup permission set's iam:PassRole on `*` is reported as information (docs/rules.md).
    assert.deepEqual(
      records.map((x) => [x.file, x.code, x.severity]),
      [
        [restricted, 'duplicate-action', 'warning'],
        [restricted, 'passrole-any-resource', 'info'],
        [restricted, 'privilege-escalation', 'info'],
      ],
    );
  });

  it('--rule turns rules off or changes their severity (ESLint-style), and the exit code follows', async () => {
    const before = await run(['--format', 'json', 'loose'], dir);
    const codes = (JSON.parse(before.out) as { code: string; severity: string }[]).map((x) => `${x.code}:${x.severity}`);
    assert.ok(codes.includes('trust-principal-wildcard:error') && codes.includes('trust-resource-not-allowed:error'), codes.join());
    const r = await run(['--format', 'json', '--rule', 'trust-principal-wildcard=off', '--rule', 'trust-resource-not-allowed=warning', 'loose'], dir);
    const after = (JSON.parse(r.out) as { code: string; severity: string }[]).map((x) => `${x.code}:${x.severity}`);
    assert.ok(!after.some((c) => c.startsWith('trust-principal-wildcard')), after.join());
    assert.ok(after.includes('trust-resource-not-allowed:warning'), after.join());
    assert.equal(r.code, after.some((c) => c.endsWith(':error')) ? 1 : 0);
  });

  it("--rule applies to the Access Analyzer-level rules too: the sample's info findings off, or raised to warnings", async () => {
    const off = await run(['--format', 'json', '--rule', 'passrole-any-resource=off', '--rule', 'privilege-escalation=warning', 'msp'], dir);
    const codes = (JSON.parse(off.out) as { code: string; severity: string }[]).map((x) => `${x.code}:${x.severity}`);
    assert.deepEqual(codes, ['duplicate-action:warning', 'privilege-escalation:warning']);
  });

  it('--rule with an unknown code or level is a usage error (exit 2) that says what to write', async () => {
    const unknown = await run(['--rule', 'trust-principal-wildcart=off', 'loose'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /Unknown rule `trust-principal-wildcart`.*did you mean `trust-principal-wildcard`/);
    const level = await run(['--rule', 'missing-version=loud', 'loose'], dir);
    assert.equal(level.code, 2);
    assert.match(level.err, /one of off, error, warning, info, hint/);
    assert.equal((await run(['--rule', 'missing-version', 'loose'], dir)).code, 2);
  });

  it('reads policy and accounts files that start with a UTF-8 BOM, reporting the columns an editor shows', async () => {
    const policy = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRol","Resource":"*"}}';
    fs.writeFileSync(path.join(dir, 'loose', 'bom-policy.json'), '\uFEFF' + policy);
    fs.writeFileSync(path.join(dir, 'loose', 'plain-policy.json'), policy);
    const bom = await run(['--format', 'json', path.join('loose', 'bom-policy.json')], dir);
    const plain = await run(['--format', 'json', path.join('loose', 'plain-policy.json')], dir);
    assert.equal(bom.code, 1, bom.err);
    const strip = (out: string) => (JSON.parse(out) as { file: string }[]).map(({ file: _f, ...rest }) => rest);
    assert.deepEqual(strip(bom.out), strip(plain.out));
    const accounts = path.join(dir, 'msp', 'cross-account-backup.json');
    const original = fs.readFileSync(accounts, 'utf8');
    try {
      fs.writeFileSync(accounts, '\uFEFF' + original);
      const r = await run([path.join('msp', 'cross-account-backup.json')], dir);
      assert.equal(r.code, 0, r.err + r.out);
    } finally {
      fs.writeFileSync(accounts, original);
    }
  });

  it('exits 1 on errors, with text output naming file:line:col and the code', async () => {
    const r = await run(['loose'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /loose\/role-trust\.json:1:\d+: error .* \[trust-principal-wildcard\]/);
    assert.match(r.out, /\[trust-resource-not-allowed\]/);
    assert.ok(!r.out.includes('notes.json'), 'files in a folder that are not policies are skipped');
  });

  it('uses the nearest accounts file, or the one given with --accounts, for the cross-account checks', async () => {
    const tenantTrust = path.join('msp', 'policies', 'tenants', 'hr', 'amazon_sts_assumerole_tenant.json');
    fs.writeFileSync(path.join(dir, tenantTrust), fs.readFileSync(path.join(dir, tenantTrust), 'utf8').replace('111111111111', '999999999999'));
    const found = await run(['--format', 'json', tenantTrust], dir);
    assert.equal(found.code, 1);
    assert.ok((JSON.parse(found.out) as { code: string }[]).some((x) => x.code === 'trust-account-mismatch'));
    // Copied elsewhere, the file is no longer referenced, unless --accounts says where the accounts file is: then nothing references it either.
    fs.copyFileSync(path.join(dir, tenantTrust), path.join(dir, 'loose', 'tenant-trust.json'));
    const loose = await run(['--format', 'json', path.join('loose', 'tenant-trust.json')], dir);
    assert.ok(!(JSON.parse(loose.out) as { code: string }[]).some((x) => x.code === 'trust-account-mismatch'));
    const given = await run(['--accounts', path.join('msp', 'cross-account-backup.json'), '--format', 'json', tenantTrust], dir);
    assert.ok((JSON.parse(given.out) as { code: string }[]).some((x) => x.code === 'trust-account-mismatch'));
  });

  it('exits 2 when the --accounts file does not exist', async () => {
    const r = await run(['--accounts', 'nope.json', 'loose'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /Cannot read the accounts file nope\.json/);
  });

  it('works bundled, reading the catalog from data/iam-catalog next to cli.js', async () => {
    // The real build (npm test runs esbuild.mjs first): cli.js with data/iam-catalog beside it.
    const out = path.join(REPO, 'dist', 'cli.js');
    assert.ok(fs.existsSync(path.join(REPO, 'dist', 'data', 'iam-catalog')), 'node esbuild.mjs builds the catalog next to cli.js');
    const r = spawnSync(process.execPath, [out, 'lint', '--format', 'json', path.join('loose', 'role-trust.json')], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { code: string }[]).some((x) => x.code === 'trust-principal-wildcard'));
  });
});
