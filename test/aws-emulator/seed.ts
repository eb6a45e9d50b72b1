// Builds an emulated AWS world from an accounts file and its policy files, and the shared config/credentials files to reach it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadAccounts } from '../../src/core/topology/load';
import { URI } from '../../src/core/topology/paths';
import { adminOf, type AdminAccount, type TenantAccount } from '../../src/core/topology/model';
import type { Emulator } from './emulator';
import type { IssuedCredentials } from './model';

export interface SeedOptions {
  /** Create each tenant's role (trust + permissions) as if already applied. Default true; false leaves tenant accounts empty for apply tests. */
  tenantRoles?: boolean;
  /** How seeded permissions are attached: managed policies named after their file (`amazon_sts_assumerole`) or inline policies. Default managed. */
  permissionsAs?: 'managed' | 'inline';
  /** Per account, an IAM user `emulator-deployer` allowed `iam:*` and `sts:*`, for applying policies. Default true. */
  deployers?: boolean;
  /** Region written to profiles when the accounts file gives none. Default us-east-1. */
  region?: string;
}

export interface SeededProfile {
  name: string;
  accountId: string;
  region: string;
  /** `admin-caller`: the admin hypervisor's identity; `deployer`: IAM-admin user of the account; `tenant-keys`: an accessKey tenant's user. */
  kind: 'admin-caller' | 'deployer' | 'tenant-keys';
  credentials: IssuedCredentials;
}

export interface SeededAdmin {
  name: string;
  accountId: string;
  authentication: string;
  /** The ARN the admin calls AWS as (instance-role session, user). */
  callerArn: string;
  /** The admin role (iamRole: the instance role; stsAssumeRole: the role to chain into). */
  roleArn?: string;
  profile: string;
  credentials: IssuedCredentials;
}

export interface SeededTenant {
  name: string;
  accountId: string;
  roleArn?: string;
  externalId?: string;
  /** The profile holding the account's deployer (or, for accessKey tenants without deployers, the tenant user's key). */
  profile?: string;
}

export interface SeededWorld {
  admins: SeededAdmin[];
  tenants: SeededTenant[];
  profiles: SeededProfile[];
  /** INI text for AWS_CONFIG_FILE: each profile's region and `endpoint_url` pointing at the emulator. */
  configFileText(): string;
  /** INI text for AWS_SHARED_CREDENTIALS_FILE. Holds secrets: write it only under a temporary directory. */
  credentialsFileText(): string;
  /** Writes `config` and `credentials` (mode 0600) into `dir` and returns the environment that points the SDK at them and the emulator. */
  writeAwsFiles(dir: string): Promise<{ configFile: string; credentialsFile: string; env: Record<string, string> }>;
}

const DEPLOYER_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:*', 'sts:*'], Resource: '*' }] };

function nameFromArn(arn: string | undefined, fallback: string): string {
  const m = arn && /:(?:role|user)\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return m ? m[1]! : fallback;
}

export async function seedFromAccounts(emu: Emulator, accountsPath: string, opts: SeedOptions = {}): Promise<SeededWorld> {
  const text = await fs.readFile(accountsPath, 'utf8');
  const loaded = loadAccounts({ uri: URI.file(path.resolve(accountsPath)), text });
  if (loaded.syntaxFindings.length > 0) {
    throw new Error(`${accountsPath} is not valid JSON (${loaded.syntaxFindings[0]!.message}); fix the file before seeding the emulator.`);
  }
  const base = path.dirname(accountsPath);
  const readDoc = async (rel: string) => {
    const file = path.resolve(base, rel);
    try {
      return await fs.readFile(file, 'utf8');
    } catch {
      throw new Error(`Policy file ${rel} (referenced by ${accountsPath}) cannot be read from ${file}.`);
    }
  };
  const permissionsAs = opts.permissionsAs ?? 'managed';
  const defaultRegion = opts.region ?? 'us-east-1';
  const profiles: SeededProfile[] = [];
  const admins: SeededAdmin[] = [];
  const tenants: SeededTenant[] = [];

  /** Permissions as managed policies (one per file per account, shared) or inline. */
  const managedByAccount = new Map<string, string>();
  const permissionsFor = async (accountId: string, files: string[] | undefined) => {
    const inline: Record<string, string> = {};
    const managed: string[] = [];
    for (const rel of files ?? []) {
      const doc = await readDoc(rel);
      const name = path.basename(rel).replace(/\.json$/i, '');
      if (permissionsAs === 'inline') {
        inline[name] = doc;
      } else {
        const key = `${accountId}/${name}`;
        if (!managedByAccount.has(key)) managedByAccount.set(key, emu.createPolicy(accountId, name, doc).arn);
        managed.push(managedByAccount.get(key)!);
      }
    }
    return { inline, managed };
  };

  const deployer = (accountId: string, profile: string, region: string) => {
    if (opts.deployers === false) return;
    const existing = emu.state.accounts[accountId]?.users['emulator-deployer'];
    const creds = existing
      ? emu.createAccessKey(accountId, 'emulator-deployer')
      : emu.createUser(accountId, 'emulator-deployer', { inline: { 'emulator-deployer': DEPLOYER_POLICY } });
    profiles.push({ name: profile, accountId, region, kind: 'deployer', credentials: creds });
  };

  for (const admin of loaded.topology.admins as AdminAccount[]) {
    const accountId = admin.accountId;
    const region = admin.region ?? defaultRegion;
    const profile = admin.profile ?? admin.name;
    const hv = admin.hypervisor ?? ({ authentication: 'accessKey' } as AdminAccount['hypervisor']);
    const perms = await permissionsFor(accountId, admin.policies?.permissions);
    let credentials: IssuedCredentials;
    let roleArn: string | undefined;
    if (hv.authentication === 'iamRole' || hv.authentication === 'stsAssumeRole') {
      const roleName = nameFromArn(hv.roleArn, 'vsa-assume-role');
      const trust = admin.policies?.trust
        ? await readDoc(admin.policies.trust)
        : JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com', AWS: `arn:aws:iam::${accountId}:root` } },
          });
      roleArn = emu.createRole(accountId, roleName, trust, { policies: perms.inline, managedPolicyArns: perms.managed }).arn;
      if (hv.authentication === 'iamRole') {
        emu.createInstanceProfile(accountId, roleName, roleName);
        const instanceId = hv.accessNodes?.find((n) => n.instanceId)?.instanceId;
        credentials = emu.instanceRoleCredentials(roleArn, { instanceId });
      } else {
        // The access node starts from a user's keys and chains into the admin role itself.
        credentials = emu.createUser(accountId, nameFromArn(hv.userArn, 'vsa-user'), { inline: perms.inline, managed: perms.managed });
      }
    } else {
      credentials = emu.createUser(accountId, nameFromArn(hv.userArn, 'vsa-user'), { inline: perms.inline, managed: perms.managed });
    }
    profiles.push({ name: profile, accountId, region, kind: 'admin-caller', credentials });
    deployer(accountId, `${profile}-deployer`, region);
    admins.push({ name: admin.name, accountId, authentication: hv.authentication, callerArn: credentials.arn, roleArn, profile, credentials });
  }

  for (const tenant of loaded.topology.tenants as TenantAccount[]) {
    const accountId = tenant.accountId;
    const region = tenant.region ?? adminOf(loaded.topology, tenant)?.region ?? defaultRegion;
    const hv = tenant.hypervisor ?? ({ authentication: 'stsAssumeRole' } as TenantAccount['hypervisor']);
    const adminAccount = adminOf(loaded.topology, tenant)?.accountId;
    const profile = tenant.profile ?? tenant.name;
    let roleArn: string | undefined;
    if (hv.authentication === 'accessKey') {
      if (opts.tenantRoles !== false) {
        const perms = await permissionsFor(accountId, tenant.policies?.permissions);
        const creds = emu.createUser(accountId, nameFromArn(hv.userArn, 'vsa-user'), { inline: perms.inline, managed: perms.managed });
        if (opts.deployers === false) profiles.push({ name: profile, accountId, region, kind: 'tenant-keys', credentials: creds });
        else profiles.push({ name: `${profile}-keys`, accountId, region, kind: 'tenant-keys', credentials: creds });
      }
    } else if (opts.tenantRoles !== false) {
      const roleName = nameFromArn(hv.roleArn, 'vsa-role');
      const trust = tenant.policies?.trust
        ? await readDoc(tenant.policies.trust)
        : JSON.stringify({
            Version: '2012-10-17',
            Statement: {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { AWS: `arn:aws:iam::${adminAccount ?? accountId}:root` },
              ...(hv.externalId ? { Condition: { StringEquals: { 'sts:ExternalId': hv.externalId } } } : {}),
            },
          });
      const perms = await permissionsFor(accountId, tenant.policies?.permissions);
      roleArn = emu.createRole(accountId, roleName, trust, { policies: perms.inline, managedPolicyArns: perms.managed }).arn;
    } else {
      roleArn = hv.roleArn;
    }
    deployer(accountId, profile, region);
    tenants.push({
      name: tenant.name,
      accountId,
      roleArn: roleArn ?? hv.roleArn,
      externalId: hv.externalId,
      profile: profiles.some((p) => p.name === profile) ? profile : undefined,
    });
  }

  const configFileText = () => profiles.map((p) => `[profile ${p.name}]\nregion = ${p.region}\nendpoint_url = ${emu.url}\n`).join('\n');
  const credentialsFileText = () =>
    profiles
      .map(
        (p) =>
          `[${p.name}]\naws_access_key_id = ${p.credentials.accessKeyId}\naws_secret_access_key = ${p.credentials.secretAccessKey}\n` +
          (p.credentials.sessionToken ? `aws_session_token = ${p.credentials.sessionToken}\n` : ''),
      )
      .join('\n');
  return {
    admins,
    tenants,
    profiles,
    configFileText,
    credentialsFileText,
    async writeAwsFiles(dir: string) {
      await fs.mkdir(dir, { recursive: true });
      const configFile = path.join(dir, 'config');
      const credentialsFile = path.join(dir, 'credentials');
      await fs.writeFile(configFile, configFileText(), { mode: 0o600 });
      await fs.writeFile(credentialsFile, credentialsFileText(), { mode: 0o600 });
      return {
        configFile,
        credentialsFile,
        env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_ENDPOINT_URL: emu.url },
      };
    },
  };
}
