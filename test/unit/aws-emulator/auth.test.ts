import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { ADMIN, TENANT, allowAssumeRole, awsError, credsOf, sts, trustAccount } from './helpers';

describe('aws-emulator SigV4 and credentials', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  let n = 0;
  async function session() {
    const u = emu.createUser(ADMIN, `backup-${++n}`, [allowAssumeRole]);
    if (!emu.state.accounts[TENANT]?.roles['vsa-role']) emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
    const out = await sts(emu, u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/vsa-role`, RoleSessionName: 's1' }));
    return credsOf(out.Credentials);
  }

  it('rejects a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const u = emu.createUser(ADMIN, 'backup');
    // Change the last character for sure: a random secret ends in 'X' one time in 64.
    const wrong = u.secretAccessKey.slice(0, -1) + (u.secretAccessKey.endsWith('X') ? 'Y' : 'X');
    const e = await awsError(sts(emu, { accessKeyId: u.accessKeyId, secretAccessKey: wrong }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.status, 403);
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided\./);
  });

  it('rejects a request dated more than 15 minutes off the wall clock ("Signature expired")', async () => {
    const u = emu.createUser(ADMIN, 'backup');
    // The SDK signs with its clock plus this offset: 20 minutes in the past.
    const client = new STSClient({ ...emu.clientConfig(u), maxAttempts: 1, systemClockOffset: -20 * 60_000 });
    const e = await awsError(client.send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.equal(e.status, 403);
    assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/);
  });

  /** A client whose request is changed after the SDK signed it (a proxy rewriting it, a tampered body). */
  function tampered(creds: Parameters<typeof sts>[1], change: (req: { headers: Record<string, string>; body: unknown }) => void): STSClient {
    const client = sts(emu, creds);
    type Middleware = Parameters<typeof client.middlewareStack.addRelativeTo>[0];
    client.middlewareStack.addRelativeTo(
      ((next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
        change(args.request as { headers: Record<string, string>; body: unknown });
        return next(args);
      }) as unknown as Middleware,
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAfterSigning' },
    );
    return client;
  }

  it('rejects a request whose signed header or body changed after signing', async () => {
    const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
    emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
    const signedDate = tampered(u, (r) => {
      const d = r.headers['x-amz-date']!;
      r.headers['x-amz-date'] = d.replace(/(\d)Z$/, (_, s: string) => `${(Number(s) + 1) % 10}Z`);
    });
    assert.equal((await awsError(signedDate.send(new GetCallerIdentityCommand({})))).name, 'SignatureDoesNotMatch');
    const body = tampered(u, (r) => {
      r.body = String(r.body).replace('RoleSessionName=s1', 'RoleSessionName=s2');
    });
    const e = await awsError(body.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/vsa-role`, RoleSessionName: 's1' })));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    // The same request untouched goes through: the failures above are the tampering, not the set-up.
    await sts(emu, u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/vsa-role`, RoleSessionName: 's1' }));
    assert.deepEqual(
      emu.calls.map((c) => [c.action, c.errorCode]),
      [
        ['GetCallerIdentity', 'SignatureDoesNotMatch'],
        ['AssumeRole', 'SignatureDoesNotMatch'],
        ['AssumeRole', undefined],
      ],
    );
  });

  it('rejects an unknown access key with InvalidClientTokenId (403)', async () => {
    const e = await awsError(sts(emu, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'InvalidClientTokenId');
    assert.equal(e.status, 403);
    assert.equal(e.message, 'The security token included in the request is invalid.');
  });

  it('rejects a temporary key with a wrong or missing session token, and a long-term key with a token', async () => {
    const c = await session();
    for (const sessionToken of [c.sessionToken!.slice(0, -2) + (c.sessionToken!.endsWith('AA') ? 'BB' : 'AA'), undefined]) {
      const e = await awsError(sts(emu, { ...c, sessionToken }).send(new GetCallerIdentityCommand({})));
      assert.equal(e.name, 'InvalidClientTokenId');
    }
    const u = emu.createUser(ADMIN, 'other');
    assert.equal((await awsError(sts(emu, { ...u, sessionToken: c.sessionToken }).send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');
  });

  it('answers ExpiredToken once a session has expired (by the clock or per key), and never for long-term keys', async () => {
    const longTerm = emu.createUser(ADMIN, 'long-term');
    const c = await session();
    const client = sts(emu, c);
    await client.send(new GetCallerIdentityCommand({}));
    emu.advanceClock(3600_000);
    const e = await awsError(client.send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'ExpiredToken');
    assert.equal(e.message, 'The security token included in the request is expired');
    await sts(emu, longTerm).send(new GetCallerIdentityCommand({}));

    const fresh = await session();
    emu.expireCredentials(fresh.accessKeyId);
    assert.equal((await awsError(sts(emu, fresh).send(new GetCallerIdentityCommand({})))).name, 'ExpiredToken');
  });

  it('expireSessions fault expires every temporary key but not user keys', async () => {
    const c = await session();
    emu.faults.set({ expireSessions: true });
    assert.equal((await awsError(sts(emu, c).send(new GetCallerIdentityCommand({})))).name, 'ExpiredToken');
    const u = emu.createUser(ADMIN, 'still-fine');
    await sts(emu, u).send(new GetCallerIdentityCommand({}));
    emu.faults.clear();
    await sts(emu, c).send(new GetCallerIdentityCommand({}));
  });

  it('revoked keys become unknown', async () => {
    const u = emu.createUser(ADMIN, 'backup');
    emu.revokeCredentials(u.accessKeyId);
    assert.equal((await awsError(sts(emu, u).send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');
  });

  it('refuses unsigned requests and unknown actions with AWS error XML', async () => {
    const res = await fetch(emu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    assert.equal(res.status, 403);
    const xml = await res.text();
    assert.match(
      xml,
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
    );
    assert.match(xml, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  });

  it('records calls without secrets, and lists every secret it issued', async () => {
    const c = await session();
    await sts(emu, c).send(new GetCallerIdentityCommand({}));
    const secrets = emu.seenSecrets();
    assert.ok(secrets.includes(c.secretAccessKey) && secrets.includes(c.sessionToken!));
    assert.equal(emu.issuedCredentials().length, 2);
    const logged = JSON.stringify(emu.calls);
    for (const s of secrets) assert.ok(!logged.includes(s), 'a secret leaked into the call log');
    assert.deepEqual(
      emu.calls.map((x) => [x.service, x.action, x.status]),
      [
        ['sts', 'AssumeRole', 200],
        ['sts', 'GetCallerIdentity', 200],
      ],
    );
  });
});
