// AWS safety with real SDK clients: secrets reach only their own service, stalls end on time, retries follow the user's configuration.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testAssumeRole, type TestOptions } from '../../../src/core/aws/assume-role-test';
import { classifyError } from '../../../src/core/aws/failures';
import { parseProcessOutput } from '../../../src/core/aws/credential-process';
import { assertNoSecrets, makeFixture, type Fixture } from './fixture';
import { recordingServer, stallingServer } from './stand-in';

const OPTIONS: TestOptions = { durationSeconds: 3600, sessionNamePrefix: 'cab-test', simulatePermissions: false };

/** Sets environment variables for the body only (the SDK reads HOME and AWS_ENDPOINT_URL_* from process.env). */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('aws safety (emulator and loopback stand-ins)', function () {
  this.timeout(60000);
  let fx: Fixture;
  before(async () => {
    fx = await makeFixture();
  });
  after(() => fx.close());
  afterEach(() => fx.emu.faults.clear());

  describe('IAM Identity Center (SSO) with a custom STS endpoint', () => {
    const BEARER = 'sso-access-token-OLD-0123456789';
    const REFRESH = 'sso-refresh-token-SECRET-abcdef';
    const CLIENT_SECRET = 'sso-oidc-client-secret-SECRET-xyz';
    const NEW_BEARER = 'sso-access-token-NEW-9876543210';

    it('sends the SSO token refresh and the portal call to SSO, and nothing of them to the custom STS endpoint', async () => {
      const roleCreds = fx.world.admins[0].credentials;
      // The STS stand-in forwards to the emulator, so the test's own STS calls succeed through it.
      const sts = await recordingServer({ forwardTo: fx.emu.url });
      const sso = await recordingServer({
        answer: (r, res) => {
          res.setHeader('content-type', 'application/json');
          if (r.method === 'POST' && r.url.startsWith('/token')) {
            res.end(JSON.stringify({ accessToken: NEW_BEARER, expiresIn: 3600, tokenType: 'Bearer', refreshToken: 'sso-refresh-token-NEW' }));
          } else if (r.method === 'GET' && r.url.startsWith('/federation/credentials')) {
            res.end(
              JSON.stringify({
                roleCredentials: {
                  accessKeyId: roleCreds.accessKeyId,
                  secretAccessKey: roleCreds.secretAccessKey,
                  sessionToken: roleCreds.sessionToken,
                  expiration: Date.now() + 3600_000,
                },
              }),
            );
          } else {
            res.statusCode = 404;
            res.end('{}');
          }
          return true;
        },
      });
      const home = await fs.mkdtemp(path.join(os.tmpdir(), 'cab-sso-home-'));
      try {
        // An SSO session whose token expires within the SDK's five-minute window, so it is refreshed first.
        const cacheDir = path.join(home, '.aws', 'sso', 'cache');
        await fs.mkdir(cacheDir, { recursive: true });
        await fs.writeFile(
          path.join(cacheDir, `${createHash('sha1').update('corp').digest('hex')}.json`),
          JSON.stringify({
            startUrl: 'https://corp.awsapps.com/start',
            region: 'eu-west-1',
            accessToken: BEARER,
            expiresAt: new Date(Date.now() + 60_000).toISOString(),
            clientId: 'sso-client-id',
            clientSecret: CLIENT_SECRET,
            registrationExpiresAt: new Date(Date.now() + 86400_000).toISOString(),
            refreshToken: REFRESH,
          }),
        );
        await fx.appendConfig(
          '[profile sso-admin]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = BackupAdmin\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
        );
        const accounts = await fx.accounts();
        accounts.topology.admins[0].profile = 'sso-admin';
        const r = await withEnv(
          { HOME: home, AWS_CONFIG_FILE: fx.configFile, AWS_ENDPOINT_URL_SSO: sso.url, AWS_ENDPOINT_URL_SSO_OIDC: sso.url, AWS_PROFILE: undefined },
          () => testAssumeRole(accounts, 'finance', fx.session({ settings: { stsEndpoint: sts.url } }), OPTIONS),
        );
        assert.equal(r.steps[0]?.ok, true, JSON.stringify(r));
        assert.deepEqual(
          sso.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`),
          ['POST /token', 'GET /federation/credentials'],
          'the refresh and the portal call went to the SSO stand-in',
        );
        assert.ok(sts.requests.length >= 1, 'the STS calls went to the custom endpoint');
        const seenBySts = JSON.stringify(sts.requests);
        for (const secret of [BEARER, NEW_BEARER, REFRESH, CLIENT_SECRET, 'x-amz-sso_bearer_token', '/federation/credentials']) {
          assert.ok(!seenBySts.includes(secret), `the STS endpoint saw ${secret.slice(0, 24)}…`);
        }
        assert.ok(
          sts.requests.every((q) => q.method === 'POST' && q.url === '/'),
          'only STS Query calls reach STS',
        );
      } finally {
        await sts.close();
        await sso.close();
        await fs.rm(home, { recursive: true, force: true });
      }
    });
  });

  describe('calls that end', () => {
    it('ends a stalled STS endpoint at the request timeout, as a `timeout` failure naming the endpoint', async () => {
      const stall = await stallingServer();
      try {
        const started = Date.now();
        const r = await testAssumeRole(
          await fx.accounts(),
          'finance',
          fx.session({ settings: { stsEndpoint: stall.url }, env: { AWS_MAX_ATTEMPTS: '2' }, runtime: { requestTimeoutMs: 500 } }),
          OPTIONS,
        );
        const elapsed = Date.now() - started;
        assert.equal(r.failure?.kind, 'timeout', JSON.stringify(r.failure));
        assert.ok(r.failure!.message.includes(stall.url), r.failure!.message);
        assert.equal(stall.requests.length, 2, 'two attempts, as AWS_MAX_ATTEMPTS says');
        assert.ok(elapsed >= 1000 && elapsed < 4000, `took ${elapsed} ms`);
      } finally {
        await stall.close();
      }
    });

    it('ends the whole test at its deadline, however many attempts remain', async () => {
      const stall = await stallingServer();
      try {
        const started = Date.now();
        const r = await testAssumeRole(
          await fx.accounts(),
          'finance',
          fx.session({ settings: { stsEndpoint: stall.url }, env: { AWS_MAX_ATTEMPTS: '10' }, runtime: { requestTimeoutMs: 30_000 } }),
          { ...OPTIONS, deadlineSeconds: 1 },
        );
        const elapsed = Date.now() - started;
        assert.equal(r.failure?.kind, 'timeout', JSON.stringify(r.failure));
        assert.match(r.failure!.message, /did not finish within 1 s/);
        assert.ok(r.failure!.message.includes(stall.url), r.failure!.message);
        assert.ok(elapsed >= 900 && elapsed < 2500, `took ${elapsed} ms`);
      } finally {
        await stall.close();
      }
    });

    it('stops a credential_process that hangs and names the profile and the command', async () => {
      const command = `"${process.execPath}" -e "setTimeout(() => {}, 60000)"`;
      await fx.appendConfig(`[profile stuck-helper]\ncredential_process = ${command}\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`);
      const accounts = await fx.accounts();
      accounts.topology.admins[0].profile = 'stuck-helper';
      const started = Date.now();
      const r = await testAssumeRole(accounts, 'finance', fx.session({ runtime: { credentialProcessTimeoutMs: 800 } }), OPTIONS);
      const elapsed = Date.now() - started;
      assert.equal(r.failure?.kind, 'timeout', JSON.stringify(r.failure));
      assert.match(r.failure!.message, /credential_process of profile `stuck-helper`/);
      assert.ok(r.failure!.message.includes(command), r.failure!.message);
      assert.doesNotMatch(r.failure!.message + r.failure!.fix, /invalid JSON|choose a profile|Select AWS Profile/i);
      assert.ok(elapsed >= 700 && elapsed < 3000, `took ${elapsed} ms`);
    });

    it('uses a credential_process that answers with the documented Version 1 JSON', async () => {
      const keys = fx.world.admins[0].credentials;
      const json = JSON.stringify({
        Version: 1,
        AccessKeyId: keys.accessKeyId,
        SecretAccessKey: keys.secretAccessKey,
        SessionToken: keys.sessionToken,
        Expiration: new Date(Date.now() + 3600_000).toISOString(),
      });
      const script = path.join(fx.dir, 'helper.js');
      await fs.writeFile(script, `process.stdout.write(${JSON.stringify(json)});`);
      await fx.appendConfig(
        `[profile good-helper]\ncredential_process = "${process.execPath}" "${script}"\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
      );
      const accounts = await fx.accounts();
      accounts.topology.admins[0].profile = 'good-helper';
      const r = await testAssumeRole(accounts, 'finance', fx.session(), OPTIONS);
      assert.equal(r.steps[0]?.ok, true, JSON.stringify(r));
      assertNoSecrets(fx.emu, JSON.stringify(r));
    });

    it('stops a hanging helper that is the source_profile of a role profile, naming the helper profile', async () => {
      const command = `"${process.execPath}" -e "setTimeout(() => {}, 60000)"`;
      const admin = fx.world.admins[0];
      await fx.appendConfig(
        `[profile stuck-source]\ncredential_process = ${command}\n\n[profile role-over-stuck]\nrole_arn = ${admin.roleArn}\nsource_profile = stuck-source\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
      );
      const accounts = await fx.accounts();
      accounts.topology.admins[0].profile = 'role-over-stuck';
      const started = Date.now();
      const r = await testAssumeRole(accounts, 'finance', fx.session({ runtime: { credentialProcessTimeoutMs: 800 } }), OPTIONS);
      assert.equal(r.failure?.kind, 'timeout', JSON.stringify(r.failure));
      assert.match(r.failure!.message, /credential_process of profile `stuck-source`/);
      assert.ok(Date.now() - started < 3000);
    });

    it('assumes the role of a role profile whose source_profile is a working helper', async () => {
      const deployer = fx.world.profiles.find((p) => p.name === 'msp-admin-deployer')!.credentials;
      const script = path.join(fx.dir, 'deployer-helper.js');
      await fs.writeFile(
        script,
        `process.stdout.write(${JSON.stringify(JSON.stringify({ Version: 1, AccessKeyId: deployer.accessKeyId, SecretAccessKey: deployer.secretAccessKey }))});`,
      );
      const admin = fx.world.admins[0];
      await fx.appendConfig(
        `[profile helper-source]\ncredential_process = "${process.execPath}" "${script}"\n\n[profile role-over-helper]\nrole_arn = ${admin.roleArn}\nsource_profile = helper-source\nrole_session_name = over-helper\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
      );
      const accounts = await fx.accounts();
      accounts.topology.admins[0].profile = 'role-over-helper';
      const r = await testAssumeRole(accounts, 'finance', fx.session(), OPTIONS);
      assert.equal(r.steps[0]?.ok, true, JSON.stringify(r));
      assert.match(r.steps[0].detail!, new RegExp(`assumed-role/${admin.roleArn!.split('/').pop()}/over-helper$`));
    });

    it('refuses process output that is not Version 1 or has expired, in words about the helper', () => {
      assert.throws(() => parseProcessOutput('p', 'helper', '{"Version":2,"AccessKeyId":"a","SecretAccessKey":"b"}', new Date()), /without `"Version": 1`/);
      assert.throws(
        () => parseProcessOutput('p', 'helper', '{"Version":1,"AccessKeyId":"a","SecretAccessKey":"b","Expiration":"2000-01-01T00:00:00Z"}', new Date()),
        /already expired/,
      );
      assert.throws(() => parseProcessOutput('p', 'helper', 'Password:', new Date()), /did not print JSON/);
    });
  });

  describe('retries as configured', () => {
    for (const attempts of [1, 2, 5, 10]) {
      it(`makes ${attempts} attempt(s) with AWS_MAX_ATTEMPTS=${attempts} (AWS SDKs and Tools Reference Guide, "Retry behavior")`, async () => {
        fx.emu.faults.set({ http500: 100, actions: ['GetCallerIdentity'] });
        fx.emu.clearCalls();
        const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ env: { AWS_MAX_ATTEMPTS: String(attempts) } }), OPTIONS);
        assert.equal(r.failure?.kind, 'service-error', JSON.stringify(r.failure));
        assert.equal(fx.emu.calls.filter((c) => c.action === 'GetCallerIdentity').length, attempts);
      });
    }

    it("uses the profile's max_attempts when the environment sets none, and the environment over it", async () => {
      const text = await fs.readFile(fx.configFile, 'utf8');
      await fs.writeFile(fx.configFile, text.replace('[profile msp-admin]\n', '[profile msp-admin]\nmax_attempts = 4\n'));
      try {
        fx.emu.faults.set({ http500: 100, actions: ['GetCallerIdentity'] });
        fx.emu.clearCalls();
        await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
        assert.equal(fx.emu.calls.filter((c) => c.action === 'GetCallerIdentity').length, 4);
        fx.emu.clearCalls();
        await testAssumeRole(await fx.accounts(), 'finance', fx.session({ env: { AWS_MAX_ATTEMPTS: '2' } }), OPTIONS);
        assert.equal(fx.emu.calls.filter((c) => c.action === 'GetCallerIdentity').length, 2);
      } finally {
        await fs.writeFile(fx.configFile, text);
      }
    });
  });

  describe('messages for people', () => {
    it('says how to give an MFA code when nobody can be asked', () => {
      const f = classifyError(new Error('Profile ops requires multi-factor authentication, but no MFA code callback was provided.'), {
        profile: 'ops',
        interactive: false,
      });
      assert.equal(f.kind, 'mfa-required');
      assert.equal(f.message, 'Profile `ops` needs an MFA code: pass --mfa-code NNNNNN or run from VS Code.');
      assert.doesNotMatch(f.message + f.fix, /not accepted/);
    });

    it('describes a malformed AWS answer in plain words, never the SDK hint about $response', async () => {
      const junk = await recordingServer({
        answer: (_r, res) => {
          res.writeHead(200, { 'content-type': 'text/xml' }).end('<html><body>Welcome to the captive portal');
          return true;
        },
      });
      try {
        const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ settings: { stsEndpoint: junk.url } }), OPTIONS);
        assert.equal(r.failure?.kind, 'bad-response', JSON.stringify(r.failure));
        assert.doesNotMatch(r.failure!.message + r.failure!.fix, /\$response|hidden field|Deserialization/);
        assert.ok(r.failure!.message.includes(junk.url));
      } finally {
        await junk.close();
      }
    });
  });
});
