// Test all tenants (bounded, cancellable) and the `test-assume-role` CLI against the emulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { makeTestAssumeRoleCommand } from '../../../src/cli/test-assume-role';
import { testAllTenants } from '../../../src/core/aws/test-all';
import { assertNoSecrets, makeFixture, manyTenants, type Fixture } from './fixture';

const ROOT = path.resolve(__dirname, '../../..');

/** An accounts file with `n` tenants sharing the example's trust (ExternalId per tenant), all seeded. */
describe('aws test all tenants and CLI (emulator)', function () {
  this.timeout(60000);
  let fx: Fixture;
  afterEach(() => fx?.close());

  it('never runs more tests at once than the bound, and returns results in tenant order', async () => {
    fx = await makeFixture({ edit: manyTenants(12, { firstAccountId: 400000000000, prefix: 't' }), latencyMs: 5 });
    const accounts = await fx.accounts();
    let running = 0;
    let peak = 0;
    const names = accounts.topology.tenants.map((t) => t.name);
    const results = await testAllTenants(accounts, names, fx.session(), {
      concurrency: 3,
      durationSeconds: 3600,
      sessionNamePrefix: 'cab',
      simulatePermissions: false,
      onStep: (_t, step, state) => {
        if (step === 'get-caller-identity' && state === 'start') peak = Math.max(peak, ++running);
      },
      onResult: () => running--,
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      results.map((r) => r.tenant),
      names,
    );
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.find((r) => !r.ok)),
    );
  });

  it('stops starting tenants once cancelled and marks them cancelled', async () => {
    fx = await makeFixture({ edit: manyTenants(10, { firstAccountId: 400000000000, prefix: 't' }) });
    const accounts = await fx.accounts();
    const controller = new AbortController();
    const results = await testAllTenants(
      accounts,
      accounts.topology.tenants.map((t) => t.name),
      fx.session(),
      {
        concurrency: 2,
        durationSeconds: 3600,
        sessionNamePrefix: 'cab',
        simulatePermissions: false,
        signal: controller.signal,
        onResult: (_r, done) => done === 2 && controller.abort(),
      },
    );
    const cancelled = results.filter((r) => r.failure?.kind === 'cancelled');
    assert.ok(cancelled.length >= 7, `${cancelled.length} cancelled`);
    assert.ok(results.filter((r) => r.ok).length >= 2);
  });

  describe('cli', () => {
    const run = async (args: string[], env: Record<string, string>) => {
      let out = '';
      let err = '';
      const code = await makeTestAssumeRoleCommand().run(args, { out: (s) => (out += s), err: (s) => (err += s), cwd: fx.dir, env });
      return { code, out, err };
    };

    it('prints the documented JSON per tenant and exits 0 when all pass', async () => {
      fx = await makeFixture();
      const r = await run(['--accounts', 'cross-account-backup.json', '--format', 'json'], fx.env);
      assert.equal(r.code, 0, r.out + r.err);
      const json = JSON.parse(r.out);
      assert.deepEqual(
        json.map((x: { tenant: string }) => x.tenant),
        ['finance', 'hr'],
      );
      const f = json[0];
      assert.deepEqual(Object.keys(f).slice(0, 7), ['tenant', 'roleArn', 'ok', 'assumedRoleArn', 'expiration', 'steps', 'failure']);
      assert.equal(f.roleArn, 'arn:aws:iam::222222222222:role/vsa-role');
      assert.equal(f.ok, true);
      assert.equal(f.failure, null);
      assert.deepEqual(Object.keys(f.steps[0]), ['name', 'ok', 'ms']);
      assertNoSecrets(fx.emu, r.out, r.err);
    });

    it('exits 1 with the failure kind for a failing tenant, testing only the tenants asked for', async () => {
      fx = await makeFixture();
      await fx.editAccounts((j) => (j.tenants[1].hypervisor.externalId = 'wrong'));
      const json = await run(['--accounts', 'cross-account-backup.json', '--tenant', 'hr', '--format', 'json'], fx.env);
      assert.equal(json.code, 1);
      const [hr] = JSON.parse(json.out);
      assert.equal(hr.tenant, 'hr');
      assert.equal(hr.failure.kind, 'external-id-mismatch');
      const text = await run(['--accounts', 'cross-account-backup.json', '--tenant', 'finance', '--tenant', 'hr'], fx.env);
      assert.equal(text.code, 1);
      assert.match(text.out, /^PASS finance/m);
      assert.match(text.out, /^FAIL hr/m);
      assert.match(text.out, /external-id-mismatch/);
      assert.match(text.out, /1 of 2 tenant\(s\) passed/);
      assertNoSecrets(fx.emu, json.out, json.err, text.out, text.err);
    });

    it('exits 2 on usage errors with a message that says what to fix', async () => {
      fx = await makeFixture();
      for (const [args, pattern] of [
        [[], /Missing --accounts/],
        [['--accounts', 'cross-account-backup.json', '--format', 'xml'], /Unknown format `xml`: use `--format json` or `--format text`/],
        [['--accounts', 'cross-account-backup.json', '--tenant', 'nobody'], /No tenant named `nobody`.*tenants: finance, hr/],
        [['--accounts', 'missing.json'], /does not exist/],
        [['--accounts', 'cross-account-backup.json', '--bogus'], /Unknown option/],
      ] as const) {
        const r = await run([...args], fx.env);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
        assert.match(r.err, pattern);
      }
    });

    it('runs as a process: exit code, JSON on stdout, no secrets anywhere', async () => {
      fx = await makeFixture();
      // Asynchronous: the emulator answers from this process, so a synchronous spawn would deadlock.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'test-assume-role', '--accounts', fx.accountsFile, '--format', 'json', '--profile', 'unused'],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: fx.dir, ...fx.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      const r = { stdout: '', stderr: '', status: null as number | null };
      child.stdout.on('data', (d) => (r.stdout += d));
      child.stderr.on('data', (d) => (r.stderr += d));
      const timer = setTimeout(() => child.kill(), 40000);
      r.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).length, 2);
      assertNoSecrets(fx.emu, r.stdout, r.stderr);
    });
  });
});
