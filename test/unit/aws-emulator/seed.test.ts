import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreatePolicyCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { fromIni } from '@aws-sdk/credential-providers';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { awsError, iam, sts } from './helpers';

const ACCOUNTS = path.resolve('examples/msp/cross-account-backup.json');
const FINANCE_ROLE = 'arn:aws:iam::222222222222:role/vsa-role';
const HR_ROLE = 'arn:aws:iam::333333333333:role/vsa-role';

describe('aws-emulator seeding from an accounts file', () => {
  let emu: Emulator;
  let tmp: string;
  beforeEach(async () => {
    emu = await startEmulator();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'emu-seed-'));
  });
  afterEach(async () => {
    await emu.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('builds the example: an EC2 instance-role admin session, tenant roles with their trust and permissions', async () => {
    const seeded = await emu.seedFromAccounts(ACCOUNTS);
    const admin = seeded.admins[0]!;
    assert.equal(admin.callerArn, 'arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19');
    assert.equal(admin.roleArn, 'arn:aws:iam::111111111111:role/vsa-assume-role');
    assert.deepEqual(
      seeded.tenants.map((t) => [t.name, t.roleArn, t.externalId, t.profile]),
      [
        ['finance', FINANCE_ROLE, 'msp-finance-7f3a', 'finance'],
        ['hr', HR_ROLE, 'msp-hr-52c1', 'hr'],
      ],
    );
    const state = emu.state.accounts;
    const adminRole = state['111111111111']!.roles['vsa-assume-role']!;
    assert.deepEqual(adminRole.attachedPolicies, [
      'arn:aws:iam::111111111111:policy/amazon_sts_assumerole',
      'arn:aws:iam::111111111111:policy/amazon_restricted_role_permissions',
    ]);
    assert.deepEqual(state['111111111111']!.instanceProfiles['vsa-assume-role']!.roles, ['vsa-assume-role']);
    const financeTrust = JSON.parse(await readFile('examples/msp/policies/tenants/finance/amazon_sts_assumerole_tenant.json', 'utf8'));
    assert.deepEqual(state['222222222222']!.roles['vsa-role']!.trustPolicy, financeTrust);
    assert.deepEqual(state['222222222222']!.roles['vsa-role']!.attachedPolicies, ['arn:aws:iam::222222222222:policy/amazon_restricted_role_permissions']);
  });

  it('writes config and credentials files the SDK reads: the admin profile assumes each tenant role with its ExternalId', async () => {
    const seeded = await emu.seedFromAccounts(ACCOUNTS);
    const files = await seeded.writeAwsFiles(tmp);
    assert.equal((await stat(files.credentialsFile)).mode & 0o777, 0o600);
    assert.match(
      await readFile(files.configFile, 'utf8'),
      new RegExp(`\\[profile msp-admin\\]\\nregion = us-east-1\\nendpoint_url = ${emu.url.replace(/[.]/g, '\\.')}`),
    );
    const credentials = fromIni({ profile: 'msp-admin', filepath: files.credentialsFile, configFilepath: files.configFile });
    const client = new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, seeded.admins[0]!.callerArn);
    const out = await client.send(new AssumeRoleCommand({ RoleArn: FINANCE_ROLE, RoleSessionName: 'vsa-test', ExternalId: 'msp-finance-7f3a' }));
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::222222222222:assumed-role/vsa-role/vsa-test');
    const wrong = await awsError(client.send(new AssumeRoleCommand({ RoleArn: HR_ROLE, RoleSessionName: 'vsa-test', ExternalId: 'msp-finance-7f3a' })));
    assert.equal(wrong.code, 'AccessDenied');
    // Seven hours: the instance-role session is not chaining, but the tenant role allows only one hour.
    const long = await awsError(
      client.send(new AssumeRoleCommand({ RoleArn: HR_ROLE, RoleSessionName: 'vsa-test', ExternalId: 'msp-hr-52c1', DurationSeconds: 7200 })),
    );
    assert.equal(long.message, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  });

  it('gives each account a deployer profile with IAM rights; the admin caller keeps only its restricted permissions', async () => {
    const seeded = await emu.seedFromAccounts(ACCOUNTS);
    const profile = (name: string) => seeded.profiles.find((p) => p.name === name)!;
    assert.deepEqual(
      seeded.profiles.map((p) => [p.name, p.kind]),
      [
        ['msp-admin', 'admin-caller'],
        ['msp-admin-deployer', 'deployer'],
        ['finance', 'deployer'],
        ['hr', 'deployer'],
      ],
    );
    await iam(emu, profile('finance').credentials).send(
      new CreatePolicyCommand({
        PolicyName: 'x',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }),
      }),
    );
    const admin = iam(emu, profile('msp-admin').credentials);
    await admin.send(new GetRoleCommand({ RoleName: 'vsa-assume-role' }));
    const e = await awsError(
      admin.send(
        new CreatePolicyCommand({
          PolicyName: 'x',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }] }),
        }),
      ),
    );
    assert.equal(e.code, 'AccessDenied');
    assert.match(
      e.message,
      /^User: arn:aws:sts::111111111111:assumed-role\/vsa-assume-role\/i-0d6a2d710af044a19 is not authorized to perform: iam:CreatePolicy/,
    );
    // Every secret in the written files is one the emulator reports, so tests can scan outputs for them.
    const secrets = new Set(emu.seenSecrets());
    for (const p of seeded.profiles) assert.ok(secrets.has(p.credentials.secretAccessKey));
  });

  it('leaves tenant accounts empty with tenantRoles: false, and uses inline policies when asked', async () => {
    const seeded = await emu.seedFromAccounts(ACCOUNTS, { tenantRoles: false, permissionsAs: 'inline' });
    assert.deepEqual(Object.keys(emu.state.accounts['222222222222']!.roles), []);
    assert.deepEqual(Object.keys(emu.state.accounts['222222222222']!.policies), []);
    assert.equal(seeded.tenants[0]!.roleArn, FINANCE_ROLE);
    const adminRole = emu.state.accounts['111111111111']!.roles['vsa-assume-role']!;
    assert.deepEqual(Object.keys(adminRole.inlinePolicies), ['amazon_sts_assumerole', 'amazon_restricted_role_permissions']);
    const denied = await awsError(
      sts(emu, seeded.admins[0]!.credentials).send(new AssumeRoleCommand({ RoleArn: FINANCE_ROLE, RoleSessionName: 's1', ExternalId: 'msp-finance-7f3a' })),
    );
    assert.equal(denied.code, 'AccessDenied');
  });

  it('seeds access-key and stsAssumeRole admins: the chained admin role session is capped at one hour', async () => {
    const { writeFile, copyFile, mkdir } = await import('node:fs/promises');
    await mkdir(path.join(tmp, 'p'));
    await copyFile('examples/msp/policies/amazon_sts_assumerole.json', path.join(tmp, 'p', 'sts.json'));
    const accounts = {
      admins: [
        {
          name: 'keys',
          accountId: '444444444444',
          profile: 'keys',
          hypervisor: { authentication: 'accessKey', userArn: 'arn:aws:iam::444444444444:user/vsa-keys' },
          policies: { permissions: ['p/sts.json'] },
        },
        {
          name: 'chain',
          accountId: '555555555555',
          hypervisor: { authentication: 'stsAssumeRole', roleArn: 'arn:aws:iam::555555555555:role/vsa-admin' },
          policies: { permissions: ['p/sts.json'] },
        },
      ],
      tenants: [
        {
          name: 't1',
          accountId: '666666666666',
          admin: 'chain',
          hypervisor: { authentication: 'stsAssumeRole', roleArn: 'arn:aws:iam::666666666666:role/vsa-role', externalId: 'ext-t1' },
        },
        {
          name: 't2',
          accountId: '777777777777',
          admin: 'keys',
          hypervisor: { authentication: 'accessKey', userArn: 'arn:aws:iam::777777777777:user/t2-user' },
        },
      ],
    };
    await writeFile(path.join(tmp, 'accounts.json'), JSON.stringify(accounts));
    const seeded = await emu.seedFromAccounts(path.join(tmp, 'accounts.json'), { deployers: false });
    assert.deepEqual(
      seeded.admins.map((a) => [a.name, a.callerArn, a.roleArn]),
      [
        ['keys', 'arn:aws:iam::444444444444:user/vsa-keys', undefined],
        ['chain', 'arn:aws:iam::555555555555:user/vsa-user', 'arn:aws:iam::555555555555:role/vsa-admin'],
      ],
    );
    assert.deepEqual(
      seeded.profiles.map((p) => [p.name, p.kind]),
      [
        ['keys', 'admin-caller'],
        ['chain', 'admin-caller'],
        ['t2', 'tenant-keys'],
      ],
    );
    // Without a trust file the tenant role trusts its admin's account with the ExternalId from the accounts file.
    const hop1 = await sts(emu, seeded.admins[1]!.credentials).send(new AssumeRoleCommand({ RoleArn: seeded.admins[1]!.roleArn, RoleSessionName: 'hop1' }));
    const chained = sts(emu, {
      accessKeyId: hop1.Credentials!.AccessKeyId!,
      secretAccessKey: hop1.Credentials!.SecretAccessKey!,
      sessionToken: hop1.Credentials!.SessionToken,
    });
    await chained.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::666666666666:role/vsa-role', RoleSessionName: 'hop2', ExternalId: 'ext-t1' }));
    const capped = await awsError(
      chained.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::666666666666:role/vsa-role', RoleSessionName: 'hop2', ExternalId: 'ext-t1', DurationSeconds: 3700 }),
      ),
    );
    assert.equal(capped.message, 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('names the file when the accounts file or a policy file is broken', async () => {
    const { writeFile, mkdir } = await import('node:fs/promises');
    await writeFile(path.join(tmp, 'bad.json'), '{ "admins": [ ');
    await assert.rejects(emu.seedFromAccounts(path.join(tmp, 'bad.json')), /bad\.json is not valid JSON/);
    await mkdir(path.join(tmp, 'ws'));
    await writeFile(
      path.join(tmp, 'ws', 'a.json'),
      JSON.stringify({
        admins: [{ name: 'm', accountId: '111111111111', hypervisor: { authentication: 'accessKey' }, policies: { permissions: ['missing.json'] } }],
        tenants: [],
      }),
    );
    await assert.rejects(emu.seedFromAccounts(path.join(tmp, 'ws', 'a.json')), /Policy file missing\.json \(referenced by .*a\.json\) cannot be read/);
  });
});
