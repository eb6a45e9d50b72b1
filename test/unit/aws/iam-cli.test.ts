// `plan`, `apply` and `drift` from the command line against the emulator: exit codes, confirmation, foreign resources, adoption; MFA and endpoint messages.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeIamCommand } from '../../../src/cli/iam-sync';
import { makeTestAssumeRoleCommand } from '../../../src/cli/test-assume-role';
import type { CliCommand } from '../../../src/cli/commands';
import { MANAGED_TAG } from '../../../src/core/aws/apply';
import { assertNoSecrets, makeFixture, type Fixture } from './fixture';

describe('cli plan / apply / drift (emulator)', function () {
  this.timeout(60000);
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture({ seed: { tenantRoles: false } });
    await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin-deployer'));
  });
  afterEach(() => fx.close());

  const cli = async (command: CliCommand, ...args: string[]) => {
    let out = '';
    let err = '';
    const code = await command.run(['--accounts', fx.accountsFile, ...args], {
      out: (s) => void (out += s),
      err: (s) => void (err += s),
      cwd: fx.dir,
      env: fx.env,
    });
    assertNoSecrets(fx.emu, out, err);
    return { code, out, err };
  };
  const plan = makeIamCommand('plan', { isTTY: false });
  const apply = makeIamCommand('apply', { isTTY: false });
  const drift = makeIamCommand('drift', { isTTY: false });

  it('plan prints the calls and the policy diffs and exits 1; apply needs --yes without a terminal; then plan and drift exit 0', async () => {
    const p = await cli(plan, '--account', 'finance');
    assert.equal(p.code, 1, p.err);
    assert.match(p.out, /iam:CreatePolicy arn:aws:iam::222222222222:policy\/amazon_restricted_role_permissions — Create managed policy/);
    assert.match(p.out, /iam:CreateRole arn:aws:iam::222222222222:role\/vsa-role — Create role vsa-role/);
    assert.match(p.out, /\+\+\+ local: policies\/tenants\/finance\/amazon_sts_assumerole_tenant\.json/);
    assert.match(p.out, /^ {4}\+ {2}"Version": "2012-10-17",?$/m, 'the diff shows the local document');
    const j = await cli(plan, '--account', 'finance', '--format', 'json');
    assert.equal(j.code, 1);
    assert.equal(JSON.parse(j.out).changes, 3);

    const d = await cli(drift, '--account', 'finance');
    assert.equal(d.code, 1, 'drift exits 1 while IAM differs from the files');
    assert.match(d.out, /MISSING finance policy amazon_restricted_role_permissions/);

    const refused = await cli(apply, '--account', 'finance');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /no terminal to confirm on.*--yes/);
    assert.equal(fx.emu.calls.filter((c) => c.action?.startsWith('Create')).length, 0, 'nothing was applied');

    const done = await cli(apply, '--account', 'finance', '--yes');
    assert.equal(done.code, 0, done.out + done.err);
    assert.match(done.out, /Applied 3 of 3 change\(s\)\./);
    assert.equal((await cli(plan, '--account', 'finance')).code, 0);
    const clean = await cli(drift, '--account', 'finance', '--format', 'json');
    assert.equal(clean.code, 0);
    assert.ok(JSON.parse(clean.out).accounts[0].items.every((i: { status: string }) => i.status === 'in-sync'));
  });

  it('leaves a foreign role alone from the CLI and adopts it only with --adopt NAME', async () => {
    const theirs = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::333333333333:root' } } };
    fx.emu.createRole('222222222222', 'vsa-role', theirs, { tags: { owner: 'security-team' } });
    const p = await cli(plan, '--account', 'finance');
    assert.equal(p.code, 1);
    assert.match(
      p.out,
      /foreign role vsa-role: Role vsa-role exists but apply did not create it .*someone else's, so it is left as it is\. Withheld: Replace the trust policy of vsa-role/,
    );
    assert.doesNotMatch(p.out, /iam:UpdateAssumeRolePolicy/);
    await cli(apply, '--account', 'finance', '--yes');
    assert.deepEqual(fx.emu.state.accounts['222222222222'].roles['vsa-role'].trustPolicy, theirs, 'apply left the foreign trust policy alone');

    const adopted = await cli(apply, '--account', 'finance', '--yes', '--adopt', 'vsa-role');
    assert.equal(adopted.code, 0, adopted.out);
    assert.match(adopted.out, /iam:TagRole arn:aws:iam::222222222222:role\/vsa-role — Adopt role vsa-role/);
    const role = fx.emu.state.accounts['222222222222'].roles['vsa-role'];
    assert.equal(role.tags[MANAGED_TAG.key], 'true');
    assert.notDeepEqual(role.trustPolicy, theirs);
  });

  it('exits 2 when an account cannot be read, naming it and the fix', async () => {
    await fx.editAccounts((j) => (j.tenants[0].profile = 'msp-admin'));
    const p = await cli(plan, '--account', 'finance');
    assert.equal(p.code, 2);
    assert.match(p.out, /tenant finance: could not read IAM: access-denied/);
  });

  it('refuses plain http:// to another machine before any call', async () => {
    const p = await cli(plan, '--sts-endpoint', 'http://192.0.2.10:8080');
    assert.equal(p.code, 2);
    assert.match(p.err, /plain http:\/\/ to another machine.*session token unencrypted/);
  });
});

describe('cli messages (emulator)', function () {
  this.timeout(60000);
  let fx: Fixture;
  before(async () => {
    fx = await makeFixture();
  });
  after(() => fx.close());

  it('says how to give an MFA code when a pipeline meets an MFA profile, and --mfa-code gives it', async () => {
    const admin = fx.world.admins[0];
    const serial = fx.emu.createMfaDevice('111111111111', 'emulator-deployer', 'ci', '123456');
    await fx.appendConfig(
      `[profile mfa-ci]\nrole_arn = ${admin.roleArn}\nsource_profile = msp-admin-deployer\nmfa_serial = ${serial}\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
    );
    await fx.editAccounts((j) => (j.admins[0].profile = 'mfa-ci'));
    const run = async (...extra: string[]) => {
      let out = '';
      const code = await makeTestAssumeRoleCommand({ isTTY: false }).run(['--accounts', fx.accountsFile, '--tenant', 'finance', '--no-simulate', ...extra], {
        out: (s) => void (out += s),
        err: () => undefined,
        cwd: fx.dir,
        env: fx.env,
      });
      return { code, out };
    };
    const without = await run();
    assert.equal(without.code, 1);
    assert.match(without.out, /Profile `mfa-ci` needs an MFA code: pass --mfa-code NNNNNN or run from VS Code\./);
    assert.doesNotMatch(without.out, /not accepted/);
    const withCode = await run('--mfa-code', '123456');
    assert.equal(withCode.code, 0, withCode.out);
  });

  it('refuses --timeout that is not a number of seconds', async () => {
    let err = '';
    const code = await makeTestAssumeRoleCommand().run(['--accounts', fx.accountsFile, '--timeout', 'soon'], {
      out: () => undefined,
      err: (s) => void (err += s),
      cwd: fx.dir,
      env: fx.env,
    });
    assert.equal(code, 2);
    assert.match(err, /--timeout must be a whole number of seconds/);
  });

  it('refuses an accounts file far larger than any real one, with its size', async () => {
    const big = path.join(fx.dir, 'big.json');
    await fs.writeFile(big, `{"admins":[],"tenants":[],"pad":"${'x'.repeat(6 * 1024 * 1024)}"}`);
    let err = '';
    const code = await makeTestAssumeRoleCommand().run(['--accounts', big], { out: () => undefined, err: (s) => void (err += s), cwd: fx.dir, env: fx.env });
    assert.equal(code, 2);
    assert.match(err, /big\.json is 6\.0 MB; an accounts file may be at most 5 MB/);
  });
});
