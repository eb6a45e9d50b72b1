// The command-line tool as users install it: `npm pack`, then `npm install -g` of the tarball into a
// temporary prefix, then the installed `cross-account-backup` on the sample workspace.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** This test runs under `npm test`: the nested npm must not inherit the outer npm's npm_* settings. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { status: r.status, out: String(r.stdout ?? ''), err: String(r.stderr ?? '') };
}

describe('the installable CLI package (npm pack → npm install -g)', function () {
  this.timeout(240_000);
  let tmp: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cab-pack-'));
    // A cache of its own keeps the test from depending on (or writing into) the user's npm cache.
    env = cleanEnv({ npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });
    const packed = run('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: root, env });
    assert.equal(packed.status, 0, `npm pack failed:\n${packed.err}`);
    const tarball = path.join(tmp, packed.out.trim().split('\n').pop()!);
    assert.ok(fs.existsSync(tarball), `npm pack named ${tarball}`);
    const prefix = path.join(tmp, 'prefix');
    const installed = run('npm', ['install', '-g', '--prefix', prefix, tarball], { cwd: tmp, env });
    assert.equal(installed.status, 0, `npm install -g failed:\n${installed.err}`);
    bin = path.join(prefix, 'bin', 'cross-account-backup');
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('installs no dependencies: everything the CLI needs is in the package', function () {
    const modules = path.join(path.dirname(path.dirname(bin)), 'lib/node_modules/cross-account-backup/node_modules');
    assert.equal(fs.existsSync(modules), false, 'no node_modules inside the installed package');
    assert.ok(fs.existsSync(bin), 'the bin link exists');
  });

  it("runs `cross-account-backup lint` on the sample workspace and finds the seed policy's duplicate action", function () {
    const r = run(bin, ['lint', '--format', 'json', 'examples/msp'], { cwd: root, env: cleanEnv() });
    assert.ok(r.status === 0 || r.status === 1, `lint exit code ${r.status}: ${r.err}`);
    const records = JSON.parse(r.out) as { file: string; code: string }[];
    // The seed's permission policy lists ec2:ModifyImageAttribute twice: finding it needs the policy
    // rules and the packaged IAM catalog.
    assert.ok(
      records.some((x) => x.file.endsWith('amazon_restricted_role_permissions.json') && x.code === 'duplicate-action'),
      JSON.stringify(records),
    );
    assert.equal(r.err, '', 'nothing on stderr: no warnings');
  });

  it('runs `cross-account-backup evaluate` on the sample and allows both tenants', function () {
    const r = run(bin, ['evaluate', '--accounts', 'examples/msp/cross-account-backup.json', '--format', 'json'], { cwd: root, env: cleanEnv() });
    assert.equal(r.status, 0, r.err);
    const text = r.out;
    assert.match(text, /finance/);
    assert.match(text, /hr/);
    assert.equal(r.err, '');
  });

  it('prints its version and usage', function () {
    const v = run(bin, ['--version'], { cwd: tmp, env: cleanEnv() });
    assert.equal(v.status, 0);
    assert.equal(v.out.trim(), JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });
});
