import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { ADMIN, TENANT, allowAssumeRole, awsError, sts, trustAccount } from './helpers';

describe('aws-emulator faults', () => {
  let emu: Emulator;
  let user: { accessKeyId: string; secretAccessKey: string };
  beforeEach(async () => {
    emu = await startEmulator();
    user = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
    emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
  });
  afterEach(async () => {
    await emu.close();
  });
  const who = () => new GetCallerIdentityCommand({});

  it('adds latency per call (emulator-wide and as a fault)', async () => {
    emu.faults.set({ latencyMs: 120 });
    let t = Date.now();
    await sts(emu, user).send(who());
    assert.ok(Date.now() - t >= 115, `took ${Date.now() - t} ms`);
    emu.faults.clear();
    emu.latencyMs = 60;
    t = Date.now();
    await sts(emu, user).send(who());
    assert.ok(Date.now() - t >= 55);
  });

  it("throttles the next N calls with Throttling / Rate exceeded; the SDK's retries then get through", async () => {
    emu.faults.set({ throttle: 1 });
    const e = await awsError(sts(emu, user).send(who()));
    assert.equal(e.name, 'Throttling');
    assert.equal(e.message, 'Rate exceeded');
    assert.equal(e.status, 400);
    await sts(emu, user).send(who());
    emu.faults.set({ throttle: 2 });
    const out = await sts(emu, user, { maxAttempts: 3 }).send(who());
    assert.equal(out.$metadata.attempts, 3);
    assert.equal(emu.calls.filter((c) => c.fault === 'throttle').length, 3);
  });

  it('throttles every k-th call for a steady rate', async () => {
    emu.faults.set({ throttleEvery: 3 });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        await sts(emu, user).send(who());
        outcomes.push('ok');
      } catch (e) {
        outcomes.push((e as Error).name);
      }
    }
    assert.deepEqual(outcomes, ['ok', 'ok', 'Throttling', 'ok', 'ok', 'Throttling']);
  });

  it('answers HTTP 500 InternalFailure for the next N calls', async () => {
    emu.faults.set({ http500: 1 });
    const e = await awsError(sts(emu, user).send(who()));
    assert.equal(e.status, 500);
    assert.equal(e.name, 'InternalFailure');
    emu.faults.set({ http500: 1 });
    assert.equal((await sts(emu, user, { maxAttempts: 2 }).send(who())).$metadata.attempts, 2);
  });

  it('resets the connection for the next N calls', async () => {
    emu.faults.set({ reset: 1 });
    await assert.rejects(sts(emu, user).send(who()), (e: Error & { code?: string }) => {
      assert.ok(e.code === 'ECONNRESET' || /socket hang up|ECONNRESET/.test(e.message), `${e.name}: ${e.message}`);
      return true;
    });
    emu.faults.set({ reset: 1 });
    assert.equal((await sts(emu, user, { maxAttempts: 2 }).send(who())).$metadata.attempts, 2);
    assert.equal(emu.faults.current.reset, 0);
  });

  it('limits counted faults to the listed actions', async () => {
    emu.faults.set({ http500: 1, actions: ['AssumeRole'] });
    await sts(emu, user).send(who());
    const e = await awsError(sts(emu, user).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/vsa-role`, RoleSessionName: 's1' })));
    assert.equal(e.status, 500);
  });

  it('answers RegionDisabledException for STS calls signed for a disabled region', async () => {
    emu.faults.set({ disabledRegions: ['ap-east-1'] });
    const e = await awsError(sts(emu, user, { region: 'ap-east-1' }).send(who()));
    assert.equal(e.name, 'RegionDisabledException');
    assert.equal(e.status, 403);
    assert.equal(
      e.message,
      `STS is not activated in this region for account:${ADMIN}. Your account administrator can activate STS in this region using the IAM Console.`,
    );
    await sts(emu, user, { region: 'us-east-1' }).send(who());
  });

  it('rejects nonsense settings', () => {
    assert.throws(() => emu.faults.set({ throttle: -1 }), /non-negative/);
  });
});
