import assert from 'node:assert/strict';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { TENANT, sts } from './helpers';

// IAM Identity Center Portal API Reference, GetRoleCredentials: GET /federation/credentials?account_id=&role_name=,
// header x-amz-sso_bearer_token; JSON roleCredentials with expiration in epoch milliseconds.
describe('aws-emulator IAM Identity Center portal (GetRoleCredentials)', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  const get = (query: string, token?: string) =>
    fetch(`${emu.url}/federation/credentials?${query}`, { headers: token ? { 'x-amz-sso_bearer_token': token } : {} });

  it('turns an access token into a session of the permission set reserved role, named after the user', async () => {
    const user = emu.createSsoUser('alice', [{ accountId: TENANT, permissionSet: 'BackupAdmin' }]);
    assert.match(
      user.roles[0]!.roleArn,
      new RegExp(`^arn:aws:iam::${TENANT}:role/aws-reserved/sso\\.amazonaws\\.com/AWSReservedSSO_BackupAdmin_[0-9a-f]{16}$`),
    );
    const before = Date.now();
    const res = await get(`account_id=${TENANT}&role_name=BackupAdmin`, user.accessToken);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const { roleCredentials: c } = (await res.json()) as {
      roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };
    };
    assert.match(c.accessKeyId, /^ASIA/);
    assert.ok(c.expiration - before > 3500_000 && c.expiration - before <= 3600_000, 'a one-hour session (the permission set default)');
    const id = await sts(emu, c).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Arn, `arn:aws:sts::${TENANT}:assumed-role/${user.roles[0]!.roleArn.split('/').pop()}/alice`);
    assert.ok(emu.seenSecrets().includes(user.accessToken), 'the access token is listed with the secrets');
    const call = emu.calls[0]!;
    assert.deepEqual(
      [call.service, call.action, call.status, call.params],
      ['sso', 'GetRoleCredentials', 200, { account_id: TENANT, role_name: 'BackupAdmin' }],
    );
    assert.ok(!JSON.stringify(emu.calls).includes(user.accessToken), 'the token stays out of the call log');
  });

  it('answers UnauthorizedException for a missing, unknown or expired token, and ForbiddenException for an unassigned role', async () => {
    const user = emu.createSsoUser('bob', [{ accountId: TENANT, permissionSet: 'ReadOnly' }], { tokenLifetimeMs: 60_000 });
    for (const token of [undefined, 'not-a-token']) {
      const res = await get(`account_id=${TENANT}&role_name=ReadOnly`, token);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('x-amzn-errortype'), 'UnauthorizedException');
      assert.deepEqual(await res.json(), { message: 'Session token not found or invalid' });
    }
    const forbidden = await get(`account_id=${TENANT}&role_name=BackupAdmin`, user.accessToken);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers.get('x-amzn-errortype'), 'ForbiddenException');
    assert.deepEqual(await forbidden.json(), { message: 'No access' });
    emu.advanceClock(61_000);
    assert.equal((await get(`account_id=${TENANT}&role_name=ReadOnly`, user.accessToken)).status, 401);
  });
});
