// The emulator's public API: start/stop the server, create principals and roles, set faults, inspect state and issued secrets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Faults } from './faults';
import { policyText, type IssuedCredentials, type PolicyInput, type Role, type Tag } from './model';
import { seedFromAccounts, type SeedOptions, type SeededWorld } from './seed';
import { createHandler, type CallRecord } from './server';
import { SsoDirectory, type SsoAssignment, type SsoUser } from './sso';
import { snapshot, type EmulatorState } from './state-view';
import { World } from './world';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay added to every call, in milliseconds (faults can add more). */
  latencyMs?: number;
}

export interface UserPolicies {
  /** Inline policies: an array (named `inline-1`, …) or a name → document map. */
  inline?: PolicyInput[] | Record<string, PolicyInput>;
  /** ARNs of managed policies (in the same account) to attach. */
  managed?: string[];
}

export interface RoleOptions {
  /** Inline permission policies: an array (named `inline-1`, …) or a name → document map. */
  policies?: PolicyInput[] | Record<string, PolicyInput>;
  /** ARNs of managed policies (in the same account) to attach. */
  managedPolicyArns?: string[];
  /** Seconds, 3600..43200 (default 3600). */
  maxSessionDuration?: number;
  path?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** Ready-made options for `new STSClient(...)` / `new IAMClient(...)`. */
export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export class Emulator {
  readonly faults = new Faults();
  private readonly world = new World();
  private readonly sso = new SsoDirectory(this.world);
  private readonly log: CallRecord[] = [];
  private readonly sockets = new Set<Socket>();
  latencyMs: number;

  private constructor(
    private readonly server: Server,
    opts: EmulatorOptions,
  ) {
    this.latencyMs = opts.latencyMs ?? 0;
  }

  static async start(opts: EmulatorOptions = {}): Promise<Emulator> {
    const server = createServer();
    const emu = new Emulator(server, opts);
    server.on(
      'request',
      createHandler({ world: emu.world, sso: emu.sso, faults: emu.faults, baseLatencyMs: () => emu.latencyMs, record: (c) => emu.log.push(c) }),
    );
    server.on('connection', (s: Socket) => {
      emu.sockets.add(s);
      s.on('close', () => emu.sockets.delete(s));
    });
    // The SDK keeps connections alive; many parallel tests open many sockets.
    server.keepAliveTimeout = 5000;
    server.maxConnections = 2048;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    return emu;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---- setting up the world --------------------------------------------

  /** Accounts are also created on first use; this returns shortcuts bound to one account. */
  createAccount(accountId: string) {
    this.world.account(accountId);
    return {
      accountId,
      createUser: (name: string, policies?: PolicyInput[] | UserPolicies) => this.createUser(accountId, name, policies),
      createRole: (name: string, trust: PolicyInput, opts?: RoleOptions) => this.createRole(accountId, name, trust, opts),
      createPolicy: (name: string, doc: PolicyInput, opts?: { path?: string; description?: string }) => this.createPolicy(accountId, name, doc, opts),
      rootCredentials: () => this.createRootAccessKey(accountId),
    };
  }

  /** An IAM user with a long-term access key (`AKIA…`). Plain documents become inline policies. */
  createUser(
    accountId: string,
    name: string,
    policies: PolicyInput[] | UserPolicies = [],
    opts: { path?: string } = {},
  ): IssuedCredentials & { userId: string; userName: string } {
    const u = this.world.createUser(accountId, name, opts.path);
    const spec: UserPolicies = Array.isArray(policies) ? { inline: policies } : policies;
    for (const [pn, doc] of namedPolicies(spec.inline)) this.world.putUserPolicy(accountId, name, pn, policyText(doc));
    for (const arn of spec.managed ?? []) this.world.attachPolicy(u, arn);
    const creds = this.world.issueKey({ kind: 'user', accountId, userName: name }, undefined);
    return { ...creds, userId: u.id, userName: name };
  }

  /** A virtual MFA device for a user, accepting `code`; returns its serial number (ARN) for `mfa_serial`. */
  createMfaDevice(accountId: string, userName: string, deviceName: string, code = '123456'): string {
    return this.world.createMfaDevice(accountId, userName, deviceName, code);
  }

  /**
   * An IAM Identity Center user assigned permission sets in accounts (each becomes a reserved role
   * `AWSReservedSSO_<set>_<hex>` there), and the access token `aws sso login` would cache for it. The SSO portal's
   * `GET /federation/credentials` turns the token into role credentials.
   */
  createSsoUser(userName: string, assignments: SsoAssignment[], opts: { tokenLifetimeMs?: number } = {}): SsoUser {
    return this.sso.createUser(userName, assignments, opts);
  }

  /** Another long-term key for an existing user. */
  createAccessKey(accountId: string, userName: string): IssuedCredentials {
    this.world.user(accountId, userName);
    return this.world.issueKey({ kind: 'user', accountId, userName }, undefined);
  }

  /** The account root user's key: allowed everything in its account, never allowed to assume a role. */
  createRootAccessKey(accountId: string): IssuedCredentials {
    this.world.account(accountId);
    return this.world.issueKey({ kind: 'root', accountId }, undefined);
  }

  createRole(accountId: string, name: string, trust: PolicyInput, opts: RoleOptions = {}): { arn: string; roleId: string; name: string } {
    const tags: Tag[] = Object.entries(opts.tags ?? {}).map(([key, value]) => ({ key, value }));
    const r = this.world.createRole(accountId, name, policyText(trust), {
      path: opts.path,
      description: opts.description,
      maxSessionDuration: opts.maxSessionDuration,
      tags,
    });
    for (const [pn, doc] of namedPolicies(opts.policies)) this.world.putRolePolicy(accountId, name, pn, policyText(doc));
    for (const arn of opts.managedPolicyArns ?? []) this.world.attachPolicy(r, arn);
    return { arn: r.arn, roleId: r.id, name: r.name };
  }

  createPolicy(
    accountId: string,
    name: string,
    doc: PolicyInput,
    opts: { path?: string; description?: string; tags?: { key: string; value: string }[] } = {},
  ): { arn: string; policyId: string } {
    const mp = this.world.createPolicy(accountId, name, policyText(doc), opts);
    return { arn: mp.arn, policyId: mp.id };
  }

  /** Adds a version as the API would (SetAsDefault), e.g. to prepare a policy that already has 5 versions. */
  createPolicyVersion(policyArn: string, doc: PolicyInput, setAsDefault = false): { versionId: string } {
    return { versionId: this.world.createPolicyVersion(policyArn, policyText(doc), setAsDefault).versionId };
  }

  attachRolePolicy(accountId: string, roleName: string, policyArn: string): void {
    this.world.attachPolicy(this.world.role(accountId, roleName), policyArn);
  }

  attachUserPolicy(accountId: string, userName: string, policyArn: string): void {
    this.world.attachPolicy(this.world.user(accountId, userName), policyArn);
  }

  putRolePolicy(accountId: string, roleName: string, policyName: string, doc: PolicyInput): void {
    this.world.putRolePolicy(accountId, roleName, policyName, policyText(doc));
  }

  updateAssumeRolePolicy(accountId: string, roleName: string, trust: PolicyInput): void {
    this.world.updateAssumeRolePolicy(accountId, roleName, policyText(trust));
  }

  createInstanceProfile(accountId: string, name: string, roleName?: string): { arn: string } {
    const ip = this.world.createInstanceProfile(accountId, name);
    if (roleName) this.world.addRoleToInstanceProfile(accountId, name, roleName);
    return { arn: ip.arn };
  }

  /**
   * Credentials as EC2's instance metadata hands them to an access node running with the role's instance profile:
   * a role session named after the instance, not counted as role chaining. Default lifetime 6 hours.
   */
  instanceRoleCredentials(roleArn: string, opts: { instanceId?: string; durationSeconds?: number } = {}): IssuedCredentials {
    const role = this.requireRole(roleArn);
    return this.world.startSession(role, opts.instanceId ?? 'i-0123456789abcdef0', opts.durationSeconds ?? 6 * 3600, { origin: 'instance-profile' })
      .credentials;
  }

  /** Makes one issued key fail with `ExpiredToken` from now on (temporary keys only). */
  expireCredentials(accessKeyId: string): void {
    const key = this.world.keys.get(accessKeyId);
    if (!key || key.principal.kind !== 'session') throw new Error(`No temporary credentials with access key id ${accessKeyId}.`);
    key.principal.session.expiration = new Date(this.world.now().getTime() - 1000);
  }

  /** Removes a key: the next call with it gets `InvalidClientTokenId`. */
  revokeCredentials(accessKeyId: string): void {
    this.world.keys.delete(accessKeyId);
  }

  /** Moves the emulator's clock (session expiry, `aws:CurrentTime`) forward; SigV4 dates are still checked against the wall clock. */
  advanceClock(ms: number): void {
    this.world.clockOffsetMs += ms;
  }

  now(): Date {
    return this.world.now();
  }

  seedFromAccounts(accountsPath: string, opts: SeedOptions = {}): Promise<SeededWorld> {
    return seedFromAccounts(this, accountsPath, opts);
  }

  // ---- looking at it ----------------------------------------------------

  /** A deep copy of every account's users, roles, policies (with versions, documents parsed) and instance profiles. */
  get state(): EmulatorState {
    return snapshot(this.world);
  }

  /** Every call so far, oldest first (copies). */
  get calls(): CallRecord[] {
    return this.log.map((c) => ({ ...c, params: { ...c.params } }));
  }

  clearCalls(): void {
    this.log.length = 0;
  }

  /** Every credential the emulator handed out (users' keys, root keys, role sessions), so tests can scan outputs for them. */
  issuedCredentials(): IssuedCredentials[] {
    return this.world.issued.map((c) => ({ ...c }));
  }

  /** The secret parts of every issued credential: secret access keys, session tokens and SSO access tokens. */
  seenSecrets(): string[] {
    return [...this.world.issued.flatMap((c) => [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])]), ...this.sso.secrets()];
  }

  clientConfig(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region = 'us-east-1'): ClientConfig {
    return {
      endpoint: this.url,
      region,
      credentials: {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        ...(creds.sessionToken ? { sessionToken: creds.sessionToken } : {}),
      },
    };
  }

  requireRole(roleArn: string): Role {
    const role = this.world.roleByArn(roleArn);
    if (!role) throw new Error(`No role ${roleArn} in the emulator.`);
    return role;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }
}

export function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  return Emulator.start(opts);
}

function namedPolicies(p: PolicyInput[] | Record<string, PolicyInput> | undefined): [string, PolicyInput][] {
  if (!p) return [];
  if (Array.isArray(p)) return p.map((doc, i) => [`inline-${i + 1}`, doc]);
  return Object.entries(p);
}
