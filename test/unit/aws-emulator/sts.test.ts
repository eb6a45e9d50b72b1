import assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { ADMIN, TENANT, allowAssumeRole, awsError, credsOf, sts, trustAccount, trustPrincipal } from './helpers';

const ROLE = `arn:aws:iam::${TENANT}:role/vsa-role`;

describe('aws-emulator STS', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('GetCallerIdentity', () => {
    it('names an IAM user by ARN, user id and account', async () => {
      const u = emu.createUser(ADMIN, 'backup');
      const id = await sts(emu, u).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, `arn:aws:iam::${ADMIN}:user/backup`);
      assert.equal(id.Account, ADMIN);
      assert.equal(id.UserId, u.userId);
      assert.match(u.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.match(id.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    });

    it('names the root user and a role session', async () => {
      const root = emu.createRootAccessKey(ADMIN);
      assert.equal((await sts(emu, root).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ADMIN}:root`);
      const role = emu.createRole(ADMIN, 'vsa-assume-role', trustAccount(ADMIN));
      const session = emu.instanceRoleCredentials(role.arn, { instanceId: 'i-0abc' });
      const id = await sts(emu, session).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, `arn:aws:sts::${ADMIN}:assumed-role/vsa-assume-role/i-0abc`);
      assert.equal(id.UserId, `${role.roleId}:i-0abc`);
    });
  });

  describe('AssumeRole', () => {
    it('cross-account: succeeds when the identity policy and the trust policy (with ExternalId) both allow', async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN, 'msp-finance-7f3a'), { maxSessionDuration: 7200 });
      const before = emu.now().getTime();
      const out = await sts(emu, u).send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'vsa-test', ExternalId: 'msp-finance-7f3a', DurationSeconds: 1800 }),
      );
      assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${TENANT}:assumed-role/vsa-role/vsa-test`);
      assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
      const after = emu.now().getTime();
      // The session starts while the call runs, somewhere between `before` and `after`.
      const expiry = out.Credentials!.Expiration!.getTime();
      assert.ok(
        expiry >= before + 1800_000 - 1000 && expiry <= after + 1800_000,
        `expiry ${expiry - before} ms after the call started, ${after - before} ms call`,
      );
      const id = await sts(emu, credsOf(out.Credentials)).send(new GetCallerIdentityCommand({}));
      assert.equal(id.Arn, out.AssumedRoleUser?.Arn);
      assert.equal(id.Account, TENANT);
    });

    it("cross-account: denied without an identity policy, with AWS's message", async () => {
      const u = emu.createUser(ADMIN, 'backup');
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
      const e = await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })));
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.status, 403);
      assert.equal(e.message, `User: arn:aws:iam::${ADMIN}:user/backup is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
    });

    it('cross-account: denied when the trust policy names another account, or the role does not exist', async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', trustAccount('999999999999'));
      assert.equal((await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })))).name, 'AccessDenied');
      const missing = await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/nope`, RoleSessionName: 's1' })));
      assert.equal(missing.name, 'AccessDenied');
    });

    it('denies a wrong or missing ExternalId', async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN, 'right-id'));
      for (const ExternalId of ['wrong-id', undefined]) {
        const e = await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', ExternalId })));
        assert.equal(e.name, 'AccessDenied', `ExternalId ${ExternalId}`);
      }
    });

    it('an explicit Deny in the identity policy wins over the trust policy', async () => {
      const u = emu.createUser(ADMIN, 'backup', [
        allowAssumeRole,
        { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: ROLE }] },
      ]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
      assert.equal((await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })))).name, 'AccessDenied');
    });

    it('same account: a trust policy naming the principal ARN suffices; naming the account root needs the identity policy too', async () => {
      const u = emu.createUser(TENANT, 'local');
      emu.createRole(TENANT, 'by-arn', trustPrincipal(`arn:aws:iam::${TENANT}:user/local`));
      emu.createRole(TENANT, 'by-root', trustAccount(TENANT));
      const out = await sts(emu, u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/by-arn`, RoleSessionName: 's1' }));
      assert.ok(out.Credentials?.SessionToken);
      const e = await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/by-root`, RoleSessionName: 's1' })));
      assert.equal(e.name, 'AccessDenied');
      const withPolicy = emu.createUser(TENANT, 'allowed', [allowAssumeRole]);
      await sts(emu, withPolicy).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TENANT}:role/by-root`, RoleSessionName: 's1' }));
    });

    it('fills aws:PrincipalArn with the role ARN of a calling session (trust conditions on it work)', async () => {
      const admin = emu.createRole(ADMIN, 'vsa-assume-role', trustAccount(ADMIN), { policies: [allowAssumeRole] });
      emu.createRole(TENANT, 'vsa-role', {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { AWS: `arn:aws:iam::${ADMIN}:root` },
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ADMIN}:role/vsa-*` }, StringEquals: { 'aws:PrincipalType': 'AssumedRole' } },
        },
      });
      const session = emu.instanceRoleCredentials(admin.arn);
      await sts(emu, session).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' }));
      const other = emu.createUser(ADMIN, 'vsa-user', [allowAssumeRole]);
      assert.equal((await awsError(sts(emu, other).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })))).name, 'AccessDenied');
    });

    it('sets aws:SecureTransport to false (plain http), so a TLS-only trust denies', async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: `arn:aws:iam::${ADMIN}:root` } },
          { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ],
      });
      assert.equal((await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })))).name, 'AccessDenied');
    });

    it("checks an MFA code against the caller's own device, and an MFA-only trust policy sees aws:MultiFactorAuthPresent", async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      const serial = emu.createMfaDevice(ADMIN, 'backup', 'backup-phone', '246810');
      assert.equal(serial, `arn:aws:iam::${ADMIN}:mfa/backup-phone`);
      const trust = trustAccount(ADMIN);
      emu.createRole(TENANT, 'vsa-role', { ...trust, Statement: { ...trust.Statement, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } });
      const assume = (creds: typeof u, mfa: { SerialNumber?: string; TokenCode?: string }) =>
        sts(emu, creds).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'mfa', ...mfa }));

      assert.equal((await awsError(assume(u, {}))).name, 'AccessDenied', 'the trust policy wants MFA');
      assert.match((await assume(u, { SerialNumber: serial, TokenCode: '246810' })).Credentials?.AccessKeyId ?? '', /^ASIA/);
      const wrong = await awsError(assume(u, { SerialNumber: serial, TokenCode: '135790' }));
      assert.equal(wrong.name, 'AccessDenied');
      assert.match(wrong.message, /^MultiFactorAuthentication failed with invalid MFA one time pass code\./);
      const other = emu.createUser(ADMIN, 'other', [allowAssumeRole]);
      for (const [creds, SerialNumber] of [
        [other, serial],
        [u, `arn:aws:iam::${ADMIN}:mfa/nope`],
      ] as const) {
        const e = await awsError(assume(creds, { SerialNumber, TokenCode: '246810' }));
        assert.match(e.message, /unable to validate MFA code\. Please verify your MFA serial number is valid and associated with this user\./);
      }
      const malformed = await awsError(assume(u, { SerialNumber: serial, TokenCode: '24681a' }));
      assert.equal(malformed.code, 'ValidationError');
      assert.match(malformed.message, /'tokenCode' failed to satisfy constraint/);
    });

    it('refuses root users', async () => {
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
      const e = await awsError(sts(emu, emu.createRootAccessKey(ADMIN)).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1' })));
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.message, 'Roles may not be assumed by root accounts.');
    });

    it("validates RoleSessionName and DurationSeconds with AWS's messages", async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
      const client = sts(emu, u);
      const cases: [AssumeRoleCommand['input'], string][] = [
        [
          { RoleArn: ROLE, RoleSessionName: 'a' },
          "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
        ],
        [
          { RoleArn: ROLE, RoleSessionName: 'has space' },
          "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        ],
        [
          { RoleArn: ROLE, RoleSessionName: 'x'.repeat(65) },
          `1 validation error detected: Value '${'x'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
        ],
        [
          { RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: 899 },
          "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
        ],
        [
          { RoleArn: ROLE, RoleSessionName: 'a', DurationSeconds: 50000 },
          "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
        ],
        [{ RoleArn: ROLE, RoleSessionName: 'ok', DurationSeconds: 3601 }, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'],
        [
          { RoleArn: ROLE, RoleSessionName: 'ok', ExternalId: 'x' },
          "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
        ],
      ];
      for (const [input, message] of cases) {
        const e = await awsError(client.send(new AssumeRoleCommand(input)));
        assert.equal(e.name, 'ValidationError', JSON.stringify(input));
        assert.equal(e.status, 400);
        assert.equal(e.message, message);
      }
      // The 64-character boundary and every allowed punctuation character are accepted.
      await client.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'a+=,.@-_'.padEnd(64, 'z') }));
    });

    it("caps role chaining at one hour with AWS's message; instance-role credentials are not chaining", async () => {
      const admin = emu.createRole(ADMIN, 'vsa-assume-role', trustAccount(ADMIN), { policies: [allowAssumeRole], maxSessionDuration: 43200 });
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN), { maxSessionDuration: 43200 });
      const user = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      const first = await sts(emu, user).send(new AssumeRoleCommand({ RoleArn: admin.arn, RoleSessionName: 'hop1', DurationSeconds: 7200 }));
      const chained = sts(emu, credsOf(first.Credentials));
      const e = await awsError(chained.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'hop2', DurationSeconds: 3601 })));
      assert.equal(e.name, 'ValidationError');
      assert.equal(e.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
      await chained.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'hop2', DurationSeconds: 3600 }));
      const instance = emu.instanceRoleCredentials(admin.arn);
      await sts(emu, instance).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'from-ec2', DurationSeconds: 7200 }));
    });

    it('needs sts:TagSession in the trust policy to pass session tags', async () => {
      const u = emu.createUser(ADMIN, 'backup', [
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }] },
      ]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
      const e = await awsError(sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', Tags: [{ Key: 'team', Value: 'backup' }] })));
      assert.equal(e.message, `User: arn:aws:iam::${ADMIN}:user/backup is not authorized to perform: sts:TagSession on resource: ${ROLE}`);
      emu.updateAssumeRolePolicy(TENANT, 'vsa-role', {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Principal: { AWS: `arn:aws:iam::${ADMIN}:root` } },
      });
      const out = await sts(emu, u).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 's1', Tags: [{ Key: 'team', Value: 'backup' }] }));
      assert.ok((out.PackedPolicySize ?? 0) > 0);
    });

    it('applies a session policy to what the session may do', async () => {
      const u = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
      emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN), {
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }],
      });
      const out = await sts(emu, u).send(
        new AssumeRoleCommand({
          RoleArn: ROLE,
          RoleSessionName: 's1',
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }] }),
        }),
      );
      const { IAMClient, GetRoleCommand, ListPoliciesCommand } = await import('@aws-sdk/client-iam');
      const client = new IAMClient({ ...emu.clientConfig(credsOf(out.Credentials)), maxAttempts: 1 });
      await client.send(new GetRoleCommand({ RoleName: 'vsa-role' }));
      const e = await awsError(client.send(new ListPoliciesCommand({})));
      assert.equal(e.name, 'AccessDenied');
      assert.match(e.message, /because no session policy allows the iam:ListPolicies action$/);
    });
  });
});
