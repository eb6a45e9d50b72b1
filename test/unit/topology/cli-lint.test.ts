// `cross-account-backup lint` on accounts files: output formats, exit codes, detection by name or content, and the bundled CLI.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectKind, lintCommand } from '../../../src/cli/lint';
import { runCommand } from '../cli-run';
import { valid } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'examples/msp/cross-account-backup.json');

const run = (args: string[], cwd: string) => runCommand(lintCommand, args, cwd);

describe('cli lint (accounts files)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-lint-'));
    fs.mkdirSync(path.join(dir, 'policies/admin'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'policies/tenants/finance'), { recursive: true });
    for (const p of ['policies/sts-only.json', 'policies/admin/trust.json', 'policies/restricted.json', 'policies/tenants/finance/trust.json'])
      fs.writeFileSync(path.join(dir, p), '{}');
    fs.writeFileSync(path.join(dir, 'cross-account-backup.json'), JSON.stringify(valid(), null, 2));
    const broken = valid();
    broken.tenants[0].restores[0].from = 'streaming';
    broken.tenants[0].admin = 'nobody';
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify(broken, null, 2));
    fs.writeFileSync(
      path.join(dir, 'info-only.json'),
      JSON.stringify({ ...valid(), tenants: [{ ...valid().tenants[0], restores: [{ availabilityZone: 'us-east-1a', from: 'backupCopy' }] }] }, null, 2),
    );
    fs.writeFileSync(path.join(dir, 'other.json'), '{"Version": "2012-10-17"}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names a 100,000-deep document it cannot parse and still reports the other files (exit 2)', async () => {
    const deep = path.join(dir, 'deep.json');
    fs.writeFileSync(deep, `{"tenants": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    try {
      const r = await run(['deep.json', 'broken.json'], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /^Cannot check deep\.json: it nests values too deeply to be parsed/m);
      assert.match(r.out, /^broken\.json:\d+:\d+: error /m, 'the next file is still reported');
    } finally {
      fs.rmSync(deep);
    }
  });

  it('exits 1 when warnings exceed --max-warnings, and 0 at the limit', async () => {
    const v = valid();
    v.tenants[0].policies.trust = '../outside/trust.json';
    const file = path.join(dir, 'warns.json');
    fs.writeFileSync(file, JSON.stringify(v, null, 2));
    try {
      const count = (await run(['--format', 'json', 'warns.json'], dir)).out;
      const warnings = JSON.parse(count).filter((r: { severity: string }) => r.severity === 'warning').length;
      assert.ok(warnings >= 1, count);
      assert.equal(
        (await run(['--max-warnings', String(warnings), 'warns.json'], dir)).code,
        JSON.parse(count).some((r: { severity: string }) => r.severity === 'error') ? 1 : 0,
      );
      const over = await run(['--max-warnings', String(warnings - 1), 'warns.json'], dir);
      assert.equal(over.code, 1);
      assert.match(over.err, /more than --max-warnings/);
      assert.equal((await run(['--max-warnings', 'many', 'warns.json'], dir)).code, 2);
    } finally {
      fs.rmSync(file);
    }
  });

  it('escapes a newline in a file name in text output, so it cannot forge a line', async () => {
    const odd = path.join(dir, 'evil\nfake.json:1:1: error forged');
    fs.writeFileSync(odd, fs.readFileSync(path.join(dir, 'broken.json')));
    try {
      const r = await run([path.basename(odd)], dir);
      assert.equal(r.code, 1);
      assert.ok(
        r.out.split('\n').every((l) => l === '' || l.startsWith('evil\\nfake.json') || /error\(s\)/.test(l)),
        r.out,
      );
      const json = await run(['--format', 'json', path.basename(odd)], dir);
      assert.equal(JSON.parse(json.out)[0].file, path.basename(odd), 'JSON keeps the real name');
    } finally {
      fs.rmSync(odd);
    }
  });

  it('refuses a file over 5 MB with its size, without reading it into the linter', async () => {
    const big = path.join(dir, 'huge.json');
    fs.writeFileSync(big, `{"admins":[],"tenants":[],"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`);
    try {
      const r = await run(['huge.json', 'broken.json'], dir);
      assert.equal(r.code, 2);
      assert.match(r.err, /huge\.json is 50\.0 MB, more than any accounts or policy file/);
      assert.match(r.out, /broken\.json/);
    } finally {
      fs.rmSync(big);
    }
  });

  it('exits 0 with no output on a clean file (the example workspace)', async () => {
    const r = await run([EXAMPLE], ROOT);
    assert.deepEqual(r, { code: 0, out: '', err: '' });
  });

  it('prints ESLint-style JSON records and exits 1 on errors (file recognised by content)', async () => {
    const r = await run(['--format', 'json', 'broken.json'], dir);
    assert.equal(r.code, 1);
    const records = JSON.parse(r.out);
    assert.deepEqual(records.map((x: { code: string }) => x.code).sort(), ['unknown-admin', 'volume-tags-not-restored']);
    const unknown = records.find((x: { code: string }) => x.code === 'unknown-admin');
    assert.deepEqual(Object.keys(unknown), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    const lines = fs.readFileSync(path.join(dir, 'broken.json'), 'utf8').split('\n');
    assert.equal(unknown.file, 'broken.json');
    assert.equal(lines[unknown.line - 1].slice(unknown.column - 1, unknown.endColumn - 1), '"nobody"');
    assert.equal(unknown.severity, 'error');
  });

  it('exits 0 when there are only infos, and prints them as text', async () => {
    const r = await run(['info-only.json'], dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /^info-only\.json:\d+:\d+: info .* \[volume-tags-not-restored\]$/m);
    assert.match(r.out, /0 error\(s\), 0 warning\(s\), 1 info/);
  });

  it('reports missing policy files relative to the accounts file, from any working directory', async () => {
    fs.renameSync(path.join(dir, 'policies/restricted.json'), path.join(dir, 'policies/restricted.bak'));
    try {
      const r = await run(['--format', 'json', path.join(dir, 'cross-account-backup.json')], os.tmpdir());
      assert.equal(r.code, 1);
      assert.deepEqual(
        JSON.parse(r.out).map((x: { code: string }) => x.code),
        ['missing-policy-file'],
      );
    } finally {
      fs.renameSync(path.join(dir, 'policies/restricted.bak'), path.join(dir, 'policies/restricted.json'));
    }
  });

  it('exits 2 with a message on stderr for usage and I/O problems, still reporting the readable files', async () => {
    assert.equal((await run([], dir)).code, 2);
    const badFormat = await run(['--format', 'xml', 'broken.json'], dir);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.err, /Unknown format `xml`/);
    const unknownOpt = await run(['--frmat', 'json', 'broken.json'], dir);
    assert.equal(unknownOpt.code, 2);
    const missing = await run(['--format', 'json', 'nope.json', 'broken.json'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Cannot read nope\.json: no such file/);
    assert.equal(JSON.parse(missing.out).length, 2);
    const other = await run(['other.json'], dir);
    assert.equal(other.code, 2);
    assert.match(other.err, /not a file this command checks/);
    // A folder is searched for accounts and policy files (issue 4): its stub policies (`{}`) have no Statement.
    const folder = await run(['--format', 'json', '.'], dir);
    assert.equal(folder.code, 1);
    assert.ok(
      JSON.parse(folder.out).some((r: { file: string; code: string }) => r.file === path.join('policies', 'sts-only.json') && r.code === 'missing-statement'),
    );
  });

  it('detects accounts files by name or by content', () => {
    assert.equal(detectKind('/x/cross-account-backup.json', 'not even json'), 'accounts');
    assert.equal(detectKind('/x/a.json', '// c\n{ "tenants": [], }'), 'accounts');
    assert.equal(detectKind('/x/a.json', '{"Statement": []}'), 'policy');
    assert.equal(detectKind('/x/a.json', '{"Version": "2012-10-17"}'), undefined);
  });

  it('works as a bundled executable (node cli.js lint)', async () => {
    // The real build (npm test runs esbuild.mjs first), with ajv in its own file beside cli.js.
    const out = path.join(ROOT, 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [out, 'lint', '--format', 'json', 'broken.json', 'cross-account-backup.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(JSON.parse(r.stdout).length, 2);
    const clean = spawnSync(process.execPath, [out, 'lint', 'cross-account-backup.json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr);
  });
});
