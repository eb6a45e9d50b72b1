// Profile resolution: `aws configure export-credentials` (AWS CLI v2) and the extension's own resolution (session.ts / sdk.ts) against the emulator, kind by kind.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator, type CallRecord, type Emulator } from '../../aws-emulator';
import { createAwsRuntime } from '../../../src/core/aws/sdk';
import { AwsSession, staticCredentials } from '../../../src/core/aws/session';
import { ADMIN, TENANT, allowAssumeRole, trustAccount } from '../aws-emulator/helpers';
import { CliSandbox, requireAwsCli } from './aws-cli';

const ROLE = `arn:aws:iam::${TENANT}:role/vsa-role`;

/** What a resolution made the emulator do, without the identity check itself; no secrets (the call log has none). */
function resolutionCalls(calls: CallRecord[]): string[] {
  return calls
    .filter((c) => c.action !== 'GetCallerIdentity')
    .map((c) => `${c.service}:${c.action} ${c.status} as ${c.callerArn ?? '?'} ${JSON.stringify(Object.fromEntries(Object.entries(c.params).sort()))}`);
}

describe('AWS CLI v2 and the extension resolve each kind of profile to the same identity', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let sb: CliSandbox;
  let user: { accessKeyId: string; secretAccessKey: string; arn: string };
  let ssoRoleArn: string;
  /** Replaces process.env's contents (in place: it is not a plain object) for the length of `fn`. */
  async function withProcessEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, env);
    try {
      return await fn();
    } finally {
      for (const k of Object.keys(process.env)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }

  before(async function () {
    const bin = requireAwsCli(this);
    emu = await startEmulator();
    user = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
    emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN, 'msp-finance-7f3a'), { maxSessionDuration: 7200 });
    const sso = emu.createSsoUser('alice', [{ accountId: TENANT, permissionSet: 'BackupOperator' }]);
    ssoRoleArn = sso.roles[0]!.roleArn;
    sb = await CliSandbox.create(bin, emu);
    // The process profile prints the user's keys as credential_process output (Version 1 JSON), from a 0600 file in the sandbox.
    const processFile = path.join(sb.dir, 'process-credentials.json');
    await writeFile(processFile, JSON.stringify({ Version: 1, AccessKeyId: user.accessKeyId, SecretAccessKey: user.secretAccessKey }), { mode: 0o600 });
    // endpoint_url is for the extension (the SDK reads it); CLI 2.9 ignores it and is pointed with --endpoint-url and the proxy.
    const endpoint = `endpoint_url = ${emu.url}`;
    await sb.writeFiles(
      [
        `[profile keys]\nregion = us-east-1\n${endpoint}`,
        `[profile role]\nregion = us-east-1\n${endpoint}\nsource_profile = keys\nrole_arn = ${ROLE}\nexternal_id = msp-finance-7f3a\nrole_session_name = cab-session\nduration_seconds = 1800`,
        `[profile role-defaults]\nregion = us-east-1\n${endpoint}\nsource_profile = keys\nrole_arn = ${ROLE}\nexternal_id = msp-finance-7f3a`,
        `[profile process]\nregion = us-east-1\n${endpoint}\ncredential_process = cat ${processFile}`,
        `[profile sso]\nregion = us-east-1\n${endpoint}\nsso_session = corp\nsso_account_id = ${TENANT}\nsso_role_name = BackupOperator`,
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access`,
      ].join('\n\n') + '\n',
      `[keys]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    );
    // `aws sso login` leaves the token here: ~/.aws/sso/cache/<sha1 of the sso-session name>.json (both the CLI and the SDK read it).
    const cache = path.join(sb.home, '.aws', 'sso', 'cache');
    await mkdir(cache, { recursive: true });
    await writeFile(
      path.join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({
        startUrl: 'https://corp.awsapps.com/start',
        region: 'us-east-1',
        accessToken: sso.accessToken,
        expiresAt: sso.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      }),
      { mode: 0o600 },
    );
  });
  after(async () => {
    await sb?.close();
    await emu?.close();
  });

  interface Side {
    arn: string;
    accessKeyId: string;
    calls: string[];
  }

  /** `aws configure export-credentials`, then GetCallerIdentity with what it exported. */
  async function viaCli(args: string[], env: Record<string, string> = {}): Promise<Side> {
    // The CLI caches role and SSO credentials on disk (~/.aws/cli/cache); start cold so its STS/SSO calls show.
    await rm(path.join(sb.home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
    emu.clearCalls();
    const r = await sb.run(['configure', 'export-credentials', ...args], env);
    assert.equal(r.code, 0, `aws configure export-credentials failed: ${r.stderr.trim()}`);
    const c = JSON.parse(r.stdout) as { Version: number; AccessKeyId: string; SecretAccessKey: string; SessionToken?: string; Expiration?: string };
    assert.equal(c.Version, 1);
    const calls = resolutionCalls(emu.calls);
    const runtime = createAwsRuntime({ maxAttempts: 1 });
    const id = await runtime
      .sts({
        credentials: staticCredentials({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }),
        region: 'us-east-1',
        endpoint: emu.url,
      })
      .getCallerIdentity();
    return { arn: id.arn, accessKeyId: c.AccessKeyId, calls };
  }

  /** The extension's resolution: AwsSession.access → credentials → GetCallerIdentity, as the commands do it. */
  async function viaExtension(profile: string | undefined, env: Record<string, string> = {}): Promise<Side> {
    emu.clearCalls();
    // As in VS Code (src/vscode/aws/aws-env.ts): the files come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE in
    // process.env, which the SDK also reads itself (HOME for the SSO token cache, credential variables). Passing the
    // files only as options would not do: the SDK's SSO branch of fromIni drops them and reads the default files.
    const processEnv = { PATH: process.env.PATH ?? '', HOME: sb.home, AWS_CONFIG_FILE: sb.configFile, AWS_SHARED_CREDENTIALS_FILE: sb.credentialsFile, ...env };
    return withProcessEnv(processEnv, async () => {
      const runtime = createAwsRuntime({ maxAttempts: 1 });
      const session = new AwsSession({ runtime, settings: {}, env: { ...process.env } });
      const access = await session.access({ profile });
      const credentials = await session.credentials(access);
      const c = await credentials();
      const calls = resolutionCalls(emu.calls);
      const id = await session.sts(access, credentials).getCallerIdentity();
      return { arn: id.arn, accessKeyId: c.accessKeyId, calls };
    });
  }

  function same(cli: Side, ext: Side, arn: string, calls: string[]): void {
    assert.equal(cli.arn, arn, 'the identity the AWS CLI resolves');
    assert.equal(ext.arn, arn, 'the identity the extension resolves');
    assert.deepEqual(cli.calls, calls, 'the calls the AWS CLI made to resolve');
    assert.deepEqual(ext.calls, calls, 'the calls the extension made to resolve');
  }

  it('static keys (credentials file)', async () => {
    const cli = await viaCli(['--profile', 'keys']);
    const ext = await viaExtension('keys');
    same(cli, ext, user.arn, []);
    assert.equal(cli.accessKeyId, user.accessKeyId);
    assert.equal(ext.accessKeyId, user.accessKeyId);
  });

  it('source_profile + role_arn with external_id, duration_seconds and role_session_name: one AssumeRole with the same parameters', async () => {
    const cli = await viaCli(['--profile', 'role']);
    const ext = await viaExtension('role');
    const assume = `sts:AssumeRole 200 as ${user.arn} ${JSON.stringify({ DurationSeconds: '1800', ExternalId: 'msp-finance-7f3a', RoleArn: ROLE, RoleSessionName: 'cab-session' })}`;
    same(cli, ext, `arn:aws:sts::${TENANT}:assumed-role/vsa-role/cab-session`, [assume]);
    assert.match(cli.accessKeyId, /^ASIA/);
    assert.notEqual(cli.accessKeyId, ext.accessKeyId, 'each resolved its own session');
  });

  it('role_arn without duration_seconds / role_session_name: the defaults differ (documented in the README)', async () => {
    const cli = await viaCli(['--profile', 'role-defaults']);
    const ext = await viaExtension('role-defaults');
    const params = (calls: string[]) => JSON.parse(calls[0]!.slice(calls[0]!.indexOf('{'))) as Record<string, string>;
    // AWS CLI: no DurationSeconds (STS's default, one hour), session name botocore-session-<epoch seconds>.
    assert.equal(params(cli.calls).DurationSeconds, undefined);
    assert.match(params(cli.calls).RoleSessionName!, /^botocore-session-\d+$/);
    // The extension (JS SDK v3): DurationSeconds=3600 sent explicitly, session name aws-sdk-js-<epoch ms>.
    assert.equal(params(ext.calls).DurationSeconds, '3600');
    assert.match(params(ext.calls).RoleSessionName!, /^aws-sdk-js-\d+$/);
    assert.match(cli.arn, new RegExp(`^arn:aws:sts::${TENANT}:assumed-role/vsa-role/botocore-session-\\d+$`));
    assert.match(ext.arn, new RegExp(`^arn:aws:sts::${TENANT}:assumed-role/vsa-role/aws-sdk-js-\\d+$`));
  });

  it('credential_process', async () => {
    const cli = await viaCli(['--profile', 'process']);
    const ext = await viaExtension('process');
    same(cli, ext, user.arn, []);
    assert.equal(ext.accessKeyId, user.accessKeyId);
  });

  it('environment variables (no profile)', async () => {
    const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey, AWS_ENDPOINT_URL: emu.url, AWS_REGION: 'us-east-1' };
    const cli = await viaCli([], env);
    const ext = await viaExtension(undefined, env);
    same(cli, ext, user.arn, []);
  });

  it('AWS_PROFILE selects the profile (here a role profile)', async () => {
    const cli = await viaCli([], { AWS_PROFILE: 'role' });
    const ext = await viaExtension(undefined, { AWS_PROFILE: 'role' });
    const assume = `sts:AssumeRole 200 as ${user.arn} ${JSON.stringify({ DurationSeconds: '1800', ExternalId: 'msp-finance-7f3a', RoleArn: ROLE, RoleSessionName: 'cab-session' })}`;
    same(cli, ext, `arn:aws:sts::${TENANT}:assumed-role/vsa-role/cab-session`, [assume]);
  });

  it('IAM Identity Center (sso_session) with a cached token: one GetRoleCredentials for the permission set', async () => {
    const cli = await viaCli(['--profile', 'sso']);
    // The extension gives a custom endpoint (here the profile's endpoint_url) to STS and IAM only, never to the SSO
    // portal client, which would carry the SSO bearer token to it (issue 14); the user's own AWS_ENDPOINT_URL_SSO
    // is how the portal is pointed elsewhere.
    const ext = await viaExtension('sso', { AWS_ENDPOINT_URL_SSO: emu.url });
    const roleName = ssoRoleArn.split('/').pop();
    const get = `sso:GetRoleCredentials 200 as arn:aws:sts::${TENANT}:assumed-role/${roleName}/alice ${JSON.stringify({ account_id: TENANT, role_name: 'BackupOperator' })}`;
    same(cli, ext, `arn:aws:sts::${TENANT}:assumed-role/${roleName}/alice`, [get]);
    assert.deepEqual(
      sb.proxiedHosts.filter((h) => h.startsWith('portal.sso.')),
      ['portal.sso.us-east-1.amazonaws.com'],
      'the CLI asked the portal of the sso_region',
    );
  });

  it('the AWS CLI reached only AWS hosts for its own calls, the regional STS endpoint for role_arn', () => {
    assert.deepEqual([...new Set(sb.proxiedHosts)].sort(), ['portal.sso.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com']);
  });
});
