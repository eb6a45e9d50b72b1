// Test AssumeRole against the local STS/IAM emulator with real SDK clients: success and every failure class.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { testAssumeRole, type TestOptions } from '../../../src/core/aws/assume-role-test';
import { assertNoSecrets, makeFixture, recordingLogger, type Fixture } from './fixture';

const OPTIONS: TestOptions = { durationSeconds: 3600, sessionNamePrefix: 'cab-test', simulatePermissions: true };

describe('aws test assume role (emulator)', function () {
  this.timeout(30000);
  let fx: Fixture;

  describe('on the example workspace', () => {
    before(async () => {
      fx = await makeFixture();
    });
    after(() => fx.close());
    afterEach(() => fx.emu.faults.clear());

    it('assumes the tenant role with the admin profile and proves the credentials work', async () => {
      const logger = recordingLogger();
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ logger }), OPTIONS);
      assert.equal(r.ok, true, JSON.stringify(r.failure));
      assert.deepEqual(
        r.steps.map((s) => s.name),
        ['get-caller-identity', 'assume-tenant-role', 'verify-credentials', 'simulate-permissions'],
      );
      assert.match(r.assumedRoleArn!, /^arn:aws:sts::222222222222:assumed-role\/vsa-role\/cab-test-finance-\d{8}T\d{6}Z$/);
      assert.equal(r.callerArn, fx.world.admins[0].callerArn);
      assert.ok(Date.parse(r.expiration!) > Date.now() + 50 * 60_000, 'expires in about an hour');
      assert.equal(r.profile, 'msp-admin');
      assert.deepEqual(r.missingActions, [], JSON.stringify(r.steps));
      const assume = fx.emu.calls.find((c) => c.action === 'AssumeRole' && c.status === 200)!;
      assert.equal(assume.params.ExternalId, 'msp-finance-7f3a');
      assert.equal(assume.params.DurationSeconds, '3600');
      assertNoSecrets(fx.emu, JSON.stringify(r), ...logger.lines);
    });

    it('lists the profiles of both shared files through the SDK loader, without secrets', async () => {
      const profiles = await fx.session().listProfiles();
      const names = profiles.map((p) => p.name);
      for (const n of ['msp-admin', 'finance', 'hr']) assert.ok(names.includes(n), names.join(','));
      const admin = profiles.find((p) => p.name === 'msp-admin')!;
      assert.equal(admin.source, 'both');
      assert.equal(admin.region, 'us-east-1');
      assert.equal(admin.kind, 'keys');
      assertNoSecrets(fx.emu, JSON.stringify(profiles));
      assert.ok(!JSON.stringify(profiles).includes(fx.world.admins[0].credentials.accessKeyId), 'no access key ids either');
    });

    it('lists the backup actions the tenant role is missing', async () => {
      const policyArn = 'arn:aws:iam::333333333333:policy/amazon_restricted_role_permissions';
      const doc = JSON.parse(await fs.readFile(path.join(fx.dir, 'policies/amazon_restricted_role_permissions.json'), 'utf8'));
      doc.Statement = doc.Statement.map((s: { Sid?: string; Action: string[] }) =>
        s.Sid === 'VisualEditor6' ? { ...s, Action: s.Action.filter((a: string) => a !== 'ec2:CreateSnapshot' && a !== 'kms:CreateGrant') } : s,
      );
      fx.emu.createPolicyVersion(policyArn, doc, true);
      const r = await testAssumeRole(await fx.accounts(), 'hr', fx.session(), OPTIONS);
      assert.equal(r.ok, true);
      assert.deepEqual(r.missingActions, ['ec2:CreateSnapshot', 'kms:CreateGrant']);
      assert.equal(r.steps.at(-1)!.ok, false);
      assert.match(r.warnings.join('\n'), /lacks 2 backup action/);
    });

    it('skips the simulation when asked', async () => {
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), { ...OPTIONS, simulatePermissions: false });
      assert.equal(r.ok, true);
      assert.equal(r.steps.length, 3);
      assert.equal(r.missingActions, undefined);
    });

    it('asks for more than the role allows: duration-too-long with the MaxSessionDuration fix', async () => {
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), { ...OPTIONS, durationSeconds: 7200 });
      assert.equal(r.ok, false);
      assert.equal(r.failure!.kind, 'duration-too-long');
      assert.match(r.failure!.fix, /max-session-duration/);
    });

    it('classifies an expired session: expired-token', async () => {
      fx.emu.faults.set({ expireSessions: true });
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'expired-token');
      assert.equal(r.steps[0].name, 'get-caller-identity');
    });

    it('classifies a disabled region: region-disabled', async () => {
      fx.emu.faults.set({ disabledRegions: ['us-east-1'] });
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'region-disabled');
      assert.match(r.failure!.message, /us-east-1/);
    });

    it('classifies throttling after the SDK gives up: throttled', async () => {
      fx.emu.faults.set({ throttle: 10, actions: ['AssumeRole'] });
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'throttled');
      assert.equal(r.steps.at(-1)!.name, 'assume-tenant-role');
    });

    it('classifies reset connections and HTTP 500', async () => {
      fx.emu.faults.set({ reset: 5 });
      const reset = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(reset.failure?.kind, 'network');
      assert.match(reset.failure!.message, new RegExp(fx.emu.url.replace(/[./]/g, '\\$&')));
      fx.emu.faults.clear();
      fx.emu.faults.set({ http500: 5 });
      const five = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(five.failure?.kind, 'service-error');
    });

    it('recovers from one throttled call through the SDK retry', async () => {
      fx.emu.faults.set({ throttle: 1, actions: ['AssumeRole'] });
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ runtime: { maxAttempts: 3 } }), OPTIONS);
      assert.equal(r.ok, true, JSON.stringify(r.failure));
    });

    it('shows the URL tried when nothing listens there: network', async () => {
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ settings: { stsEndpoint: 'http://127.0.0.1:9' } }), OPTIONS);
      assert.equal(r.failure?.kind, 'network');
      assert.match(r.failure!.message, /http:\/\/127\.0\.0\.1:9/);
    });

    it('reports revoked keys as invalid-credentials', async () => {
      const fx2 = await makeFixture();
      try {
        fx2.emu.revokeCredentials(fx2.world.admins[0].credentials.accessKeyId);
        const r = await testAssumeRole(await fx2.accounts(), 'finance', fx2.session(), OPTIONS);
        assert.equal(r.failure?.kind, 'invalid-credentials');
      } finally {
        await fx2.close();
      }
    });

    it('reports an unknown profile with the profiles it knows: profile-not-found', async () => {
      await fx.editAccounts((j) => (j.admins[0].profile = 'no-such-profile'));
      try {
        const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
        assert.equal(r.failure?.kind, 'profile-not-found');
        assert.match(r.failure!.message, /no-such-profile.*known profiles: .*msp-admin/);
      } finally {
        await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin'));
      }
    });

    it('tells the user to run aws sso login for an SSO profile without a token: sso-expired', async () => {
      await fx.appendConfig(
        '[profile sso-dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
      );
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ settings: { profile: 'sso-dev' } }), OPTIONS).then(async (x) => x);
      // The account's own profile wins: point the admin at the SSO profile through the accounts file instead.
      assert.equal(r.profile, 'msp-admin');
      await fx.editAccounts((j) => (j.admins[0].profile = 'sso-dev'));
      try {
        const s = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
        assert.equal(s.failure?.kind, 'sso-expired');
        assert.match(s.failure!.fix, /aws sso login --profile sso-dev/);
      } finally {
        await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin'));
      }
    });

    it('resolves role_arn + source_profile with MFA, asking for the code once per session; a wrong code is mfa-required', async () => {
      const admin = fx.world.admins[0];
      // The emulator checks the code against the deployer's device.
      const serial = fx.emu.createMfaDevice('111111111111', 'emulator-deployer', 'me', '123456');
      await fx.appendConfig(
        `[profile mfa-chain]\nrole_arn = ${admin.roleArn}\nsource_profile = msp-admin-deployer\nmfa_serial = ${serial}\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
      );
      await fx.editAccounts((j) => (j.admins[0].profile = 'mfa-chain'));
      try {
        const asked: string[] = [];
        const session = fx.session({ runtime: { mfaCodeProvider: async (serial) => (asked.push(serial), '123456') } });
        const accounts = await fx.accounts();
        const a = await testAssumeRole(accounts, 'finance', session, OPTIONS);
        const b = await testAssumeRole(accounts, 'hr', session, OPTIONS);
        assert.equal(a.ok, true, JSON.stringify(a.failure));
        assert.equal(b.ok, true, JSON.stringify(b.failure));
        assert.deepEqual(asked, [serial]);
        const wrong = await testAssumeRole(accounts, 'finance', fx.session({ runtime: { mfaCodeProvider: async () => '654321' } }), OPTIONS);
        assert.equal(wrong.ok, false);
        assert.equal(wrong.failure?.kind, 'mfa-required');
        assert.match(wrong.failure!.message, /MFA code was not accepted/);
        const refused = await testAssumeRole(
          accounts,
          'finance',
          fx.session({ runtime: { mfaCodeProvider: async () => Promise.reject(new Error('MFA code not provided for arn:aws:iam::111111111111:mfa/me.')) } }),
          OPTIONS,
        );
        assert.equal(refused.failure?.kind, 'mfa-required');
      } finally {
        await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin'));
      }
    });

    it('resolves credential_process profiles', async () => {
      const c = fx.world.admins[0].credentials;
      const script = path.join(fx.dir, '.aws', 'creds.js');
      await fs.writeFile(
        script,
        `process.stdout.write(JSON.stringify(${JSON.stringify({ Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken })}))`,
        { mode: 0o600 },
      );
      await fx.appendConfig(
        `[profile via-process]\ncredential_process = "${process.execPath}" "${script}"\nregion = us-east-1\nendpoint_url = ${fx.emu.url}\n`,
      );
      await fx.editAccounts((j) => (j.admins[0].profile = 'via-process'));
      try {
        const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
        assert.equal(r.ok, true, JSON.stringify(r.failure));
      } finally {
        await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin'));
      }
    });

    it('uses environment credentials when no profile is named anywhere', async () => {
      const c = fx.world.admins[0].credentials;
      const saved = { ...process.env };
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_SESSION_TOKEN: c.sessionToken ?? '' });
      delete process.env.AWS_PROFILE;
      await fx.editAccounts((j) => delete j.admins[0].profile);
      try {
        const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session({ env: { AWS_ENDPOINT_URL: fx.emu.url } }), OPTIONS);
        assert.equal(r.ok, true, JSON.stringify(r.failure));
        assert.equal(r.profile, undefined);
      } finally {
        for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) if (saved[k] === undefined) delete process.env[k];
        Object.assign(process.env, saved);
        await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin'));
      }
    });
  });

  describe('denials explained from the local files', () => {
    afterEach(() => fx?.close());

    it('external-id-mismatch when the accounts file and the trust policy disagree', async () => {
      fx = await makeFixture();
      await fx.editAccounts((j) => (j.tenants[0].hypervisor.externalId = 'typo-7f3a'));
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'external-id-mismatch');
      assert.match(r.failure!.message, /msp-finance-7f3a.*typo-7f3a/);
    });

    it('access-denied naming the trusted principals when the trust policy does not trust the caller', async () => {
      const other = JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::444444444444:root' } },
      });
      fx = await makeFixture();
      await fs.writeFile(path.join(fx.dir, 'policies/tenants/hr/amazon_sts_assumerole_tenant.json'), other);
      fx.emu.updateAssumeRolePolicy('333333333333', 'vsa-role', other);
      const r = await testAssumeRole(await fx.accounts(), 'hr', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'access-denied');
      assert.match(
        r.failure!.message,
        /does not trust the caller: it trusts arn:aws:iam::444444444444:root; the caller is arn:aws:sts::111111111111:assumed-role\/vsa-assume-role/,
      );
    });

    it('access-denied saying the caller lacks sts:AssumeRole when the trust is fine', async () => {
      fx = await makeFixture({ edit: (j) => (j.admins[0].policies!.permissions = ['policies/amazon_restricted_role_permissions.json']) });
      const r = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(r.failure?.kind, 'access-denied');
      assert.match(r.failure!.message, /may not call sts:AssumeRole/);
      assert.match(r.failure!.fix, /sts:AssumeRole/);
    });

    it('chains through the admin role for an stsAssumeRole admin and warns that over 1 h is impossible', async () => {
      fx = await makeFixture({
        edit: (j) => {
          j.admins[0].hypervisor.authentication = 'stsAssumeRole';
          j.admins[0].hypervisor.userArn = 'arn:aws:iam::111111111111:user/vsa-user';
        },
      });
      const ok = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), OPTIONS);
      assert.equal(ok.ok, true, JSON.stringify(ok.failure));
      assert.deepEqual(
        ok.steps.slice(0, 3).map((s) => s.name),
        ['get-caller-identity', 'assume-admin-role', 'assume-tenant-role'],
      );
      assert.match(ok.callerArn!, /assumed-role\/vsa-assume-role\/cab-test-msp-/);
      const long = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), { ...OPTIONS, durationSeconds: 7200 });
      assert.match(long.warnings[0], /role chaining/);
      assert.equal(long.failure?.kind, 'duration-too-long');
      assert.match(long.failure!.message, /1-hour limit for role chaining/);
    });
  });
});
