// The emulator's state and the IAM rules shared by the HTTP handlers and the programmatic API (names, quotas, versions).
import { errors, validationError } from './errors';
import {
  ACCOUNT_ID,
  newAccessKeyId,
  newAccount,
  newSecretAccessKey,
  newSessionToken,
  normalizePath,
  uniqueId,
  type AccessKey,
  type Account,
  type InstanceProfile,
  type IssuedCredentials,
  type ManagedPolicy,
  type Principal,
  type Role,
  type RoleSession,
  type Tag,
  type User,
} from './model';
import { checkPolicy, policySize, QUOTAS } from './policy-doc';

const NAME_RE = /^[\w+=,.@-]+$/;
const PATH_RE = /^\/([\x21-\x7e]*\/)?$/;

export interface NamedPolicy {
  name: string;
  text: string;
}

export class World {
  readonly accounts = new Map<string, Account>();
  readonly keys = new Map<string, AccessKey>();
  readonly issued: IssuedCredentials[] = [];
  /** Virtual MFA devices by serial number (ARN): the user they belong to and the one code they accept. */
  readonly mfaDevices = new Map<string, { accountId: string; userName: string; code: string }>();
  /** Added to the wall clock: lets tests age sessions without waiting. */
  clockOffsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.clockOffsetMs);
  }

  account(id: string): Account {
    if (!ACCOUNT_ID.test(id)) throw new Error(`Account id must be 12 digits, got '${id}'.`);
    let a = this.accounts.get(id);
    if (!a) {
      a = newAccount(id);
      this.accounts.set(id, a);
    }
    return a;
  }

  // ---- principals -------------------------------------------------------

  principalArn(p: Principal): string {
    switch (p.kind) {
      case 'root':
        return `arn:aws:iam::${p.accountId}:root`;
      case 'user':
        return this.user(p.accountId, p.userName).arn;
      case 'session':
        return `arn:aws:sts::${p.session.accountId}:assumed-role/${p.session.roleName}/${p.session.sessionName}`;
    }
  }

  principalAccount(p: Principal): string {
    return p.kind === 'session' ? p.session.accountId : p.accountId;
  }

  /** `aws:PrincipalArn`: for a role session it is the role's ARN, not the session's. */
  principalArnForConditions(p: Principal): string {
    return p.kind === 'session' ? p.session.roleArn : this.principalArn(p);
  }

  principalType(p: Principal): 'Account' | 'User' | 'AssumedRole' {
    return p.kind === 'root' ? 'Account' : p.kind === 'user' ? 'User' : 'AssumedRole';
  }

  userIdOf(p: Principal): string {
    switch (p.kind) {
      case 'root':
        return p.accountId;
      case 'user':
        return this.user(p.accountId, p.userName).id;
      case 'session':
        return `${p.session.roleId}:${p.session.sessionName}`;
    }
  }

  /** The identity policies in force for a principal: inline ones, then the default versions of attached managed ones. */
  identityPolicies(p: Principal): NamedPolicy[] {
    if (p.kind === 'root') return [];
    const holder = p.kind === 'user' ? this.user(p.accountId, p.userName) : this.accounts.get(p.session.accountId)?.roles.get(p.session.roleName);
    if (!holder) return [];
    const out: NamedPolicy[] = [...holder.inlinePolicies].map(([name, text]) => ({ name, text }));
    for (const arn of holder.attachedPolicies) {
      const mp = this.policyByArn(arn);
      if (mp) out.push({ name: mp.name, text: defaultVersion(mp).document });
    }
    return out;
  }

  issueKey(principal: Principal, temporary: { expiration: Date } | undefined): IssuedCredentials {
    const key: AccessKey = {
      accessKeyId: newAccessKeyId(!!temporary),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: temporary ? newSessionToken() : undefined,
      principal,
      createDate: this.now(),
    };
    this.keys.set(key.accessKeyId, key);
    const issued: IssuedCredentials = {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
      ...(temporary ? { expiration: temporary.expiration } : {}),
      arn: this.principalArn(principal),
      accountId: this.principalAccount(principal),
    };
    this.issued.push(issued);
    return issued;
  }

  // ---- users ------------------------------------------------------------

  user(accountId: string, name: string): User {
    const u = this.accounts.get(accountId)?.users.get(name);
    if (!u) throw errors.noSuchEntity(`The user with name ${name} cannot be found.`);
    return u;
  }

  createUser(accountId: string, name: string, path?: string): User {
    checkName('userName', name, 64);
    const p = checkPath(path);
    const acct = this.account(accountId);
    if (acct.users.has(name)) throw errors.entityAlreadyExists(`User with name ${name} already exists.`);
    const u: User = {
      accountId,
      name,
      path: p,
      arn: `arn:aws:iam::${accountId}:user${p}${name}`,
      id: uniqueId('AIDA'),
      createDate: this.now(),
      inlinePolicies: new Map(),
      attachedPolicies: [],
    };
    acct.users.set(name, u);
    return u;
  }

  /** A virtual MFA device assigned to a user; it accepts `code` (a real device's code changes every 30 s). */
  createMfaDevice(accountId: string, userName: string, deviceName: string, code: string): string {
    this.user(accountId, userName);
    const serial = `arn:aws:iam::${accountId}:mfa/${deviceName}`;
    this.mfaDevices.set(serial, { accountId, userName, code });
    return serial;
  }

  putUserPolicy(accountId: string, userName: string, policyName: string, text: string): void {
    const u = this.user(accountId, userName);
    checkName('policyName', policyName, 128);
    checkPolicy(text, 'identity');
    const total = [...u.inlinePolicies].filter(([n]) => n !== policyName).reduce((s, [, t]) => s + policySize(t), policySize(text));
    if (total > QUOTAS.inlineUserPoliciesSize)
      throw errors.limitExceeded(`Maximum policy size of ${QUOTAS.inlineUserPoliciesSize} bytes exceeded for user ${userName}`);
    u.inlinePolicies.set(policyName, text);
  }

  // ---- roles ------------------------------------------------------------

  role(accountId: string, name: string): Role {
    const r = this.accounts.get(accountId)?.roles.get(name);
    if (!r) throw errors.noSuchEntity(`The role with name ${name} cannot be found.`);
    return r;
  }

  /** The role an ARN names, or undefined (paths must match too). */
  roleByArn(arn: string): Role | undefined {
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
    if (!m) return undefined;
    const r = this.accounts.get(m[1]!)?.roles.get(m[2]!);
    return r && r.arn === arn ? r : undefined;
  }

  createRole(
    accountId: string,
    name: string,
    trustText: string,
    opts: { path?: string; description?: string; maxSessionDuration?: number; tags?: Tag[] } = {},
  ): Role {
    checkName('roleName', name, 64);
    const p = checkPath(opts.path);
    const max = opts.maxSessionDuration ?? 3600;
    if (max < 3600) throw validationError('maxSessionDuration', max, 'Member must have value greater than or equal to 3600');
    if (max > 43200) throw validationError('maxSessionDuration', max, 'Member must have value less than or equal to 43200');
    checkTrust(trustText);
    const acct = this.account(accountId);
    if (acct.roles.has(name)) throw errors.entityAlreadyExists(`Role with name ${name} already exists.`);
    const r: Role = {
      accountId,
      name,
      path: p,
      arn: `arn:aws:iam::${accountId}:role${p}${name}`,
      id: uniqueId('AROA'),
      createDate: this.now(),
      trustPolicy: trustText,
      description: opts.description,
      maxSessionDuration: max,
      inlinePolicies: new Map(),
      attachedPolicies: [],
      tags: [],
    };
    if (opts.tags) tagInto(r.tags, opts.tags);
    acct.roles.set(name, r);
    return r;
  }

  updateAssumeRolePolicy(accountId: string, roleName: string, trustText: string): void {
    const r = this.role(accountId, roleName);
    checkTrust(trustText);
    r.trustPolicy = trustText;
  }

  putRolePolicy(accountId: string, roleName: string, policyName: string, text: string): void {
    const r = this.role(accountId, roleName);
    checkName('policyName', policyName, 128);
    checkPolicy(text, 'identity');
    const total = [...r.inlinePolicies].filter(([n]) => n !== policyName).reduce((s, [, t]) => s + policySize(t), policySize(text));
    if (total > QUOTAS.inlineRolePoliciesSize)
      throw errors.limitExceeded(`Maximum policy size of ${QUOTAS.inlineRolePoliciesSize} bytes exceeded for role ${roleName}`);
    r.inlinePolicies.set(policyName, text);
  }

  attachPolicy(holder: Role | User, policyArn: string): void {
    const mp = this.policyByArn(policyArn);
    if (!mp || mp.accountId !== holder.accountId) throw errors.noSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
    if (holder.attachedPolicies.includes(policyArn)) return;
    if (holder.attachedPolicies.length >= QUOTAS.attachedPoliciesPerRole) {
      // Users and roles share the default quota of 10 managed policies but AWS names the quota after the holder.
      throw errors.limitExceeded(
        `Cannot exceed quota for ${'trustPolicy' in holder ? 'PoliciesPerRole' : 'PoliciesPerUser'}: ${QUOTAS.attachedPoliciesPerRole}`,
      );
    }
    holder.attachedPolicies.push(policyArn);
  }

  detachPolicy(holder: Role | User, policyArn: string): void {
    const i = holder.attachedPolicies.indexOf(policyArn);
    if (i < 0) throw errors.noSuchEntity(`Policy ${policyArn} was not found.`);
    holder.attachedPolicies.splice(i, 1);
  }

  // ---- managed policies -------------------------------------------------

  policyByArn(arn: string): ManagedPolicy | undefined {
    const m = /^arn:aws:iam::(\d{12}):policy\//.exec(arn);
    return m ? this.accounts.get(m[1]!)?.policies.get(arn) : undefined;
  }

  policy(arn: string): ManagedPolicy {
    const mp = this.policyByArn(arn);
    if (!mp) throw errors.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return mp;
  }

  createPolicy(accountId: string, name: string, text: string, opts: { path?: string; description?: string; tags?: Tag[] } = {}): ManagedPolicy {
    checkName('policyName', name, 128);
    const p = checkPath(opts.path);
    checkManagedDocument(text);
    const acct = this.account(accountId);
    const arn = `arn:aws:iam::${accountId}:policy${p}${name}`;
    // Names are unique per account whatever the path.
    if ([...acct.policies.values()].some((x) => x.name === name)) {
      throw errors.entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
    }
    const now = this.now();
    const mp: ManagedPolicy = {
      accountId,
      name,
      path: p,
      arn,
      id: uniqueId('ANPA'),
      description: opts.description,
      createDate: now,
      updateDate: now,
      versions: [{ versionId: 'v1', document: text, createDate: now }],
      defaultVersionId: 'v1',
      nextVersion: 2,
      tags: [],
    };
    if (opts.tags) tagInto(mp.tags, opts.tags);
    acct.policies.set(arn, mp);
    return mp;
  }

  createPolicyVersion(arn: string, text: string, setAsDefault: boolean): { versionId: string; createDate: Date } {
    const mp = this.policy(arn);
    checkManagedDocument(text);
    if (mp.versions.length >= QUOTAS.policyVersions) {
      throw errors.limitExceeded(
        `A managed policy can have up to ${QUOTAS.policyVersions} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const v = { versionId: `v${mp.nextVersion++}`, document: text, createDate: this.now() };
    mp.versions.push(v);
    if (setAsDefault) mp.defaultVersionId = v.versionId;
    mp.updateDate = v.createDate;
    return v;
  }

  policyVersion(arn: string, versionId: string) {
    const mp = this.policy(arn);
    const v = mp.versions.find((x) => x.versionId === versionId);
    if (!v) throw errors.noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return { mp, v };
  }

  deletePolicyVersion(arn: string, versionId: string): void {
    const { mp, v } = this.policyVersion(arn, versionId);
    if (mp.defaultVersionId === versionId) throw errors.deleteConflict('Cannot delete the default version of a policy.');
    mp.versions.splice(mp.versions.indexOf(v), 1);
  }

  setDefaultPolicyVersion(arn: string, versionId: string): void {
    const { mp } = this.policyVersion(arn, versionId);
    mp.defaultVersionId = versionId;
    mp.updateDate = this.now();
  }

  attachmentCount(mp: ManagedPolicy): number {
    const acct = this.accounts.get(mp.accountId);
    if (!acct) return 0;
    let n = 0;
    for (const r of acct.roles.values()) if (r.attachedPolicies.includes(mp.arn)) n++;
    for (const u of acct.users.values()) if (u.attachedPolicies.includes(mp.arn)) n++;
    return n;
  }

  // ---- instance profiles ------------------------------------------------

  instanceProfile(accountId: string, name: string): InstanceProfile {
    const ip = this.accounts.get(accountId)?.instanceProfiles.get(name);
    if (!ip) throw errors.noSuchEntity(`Instance Profile ${name} cannot be found.`);
    return ip;
  }

  createInstanceProfile(accountId: string, name: string, path?: string): InstanceProfile {
    checkName('instanceProfileName', name, 128);
    const p = checkPath(path);
    const acct = this.account(accountId);
    if (acct.instanceProfiles.has(name)) throw errors.entityAlreadyExists(`Instance Profile ${name} already exists.`);
    const ip: InstanceProfile = {
      accountId,
      name,
      path: p,
      arn: `arn:aws:iam::${accountId}:instance-profile${p}${name}`,
      id: uniqueId('AIPA'),
      createDate: this.now(),
      roleNames: [],
    };
    acct.instanceProfiles.set(name, ip);
    return ip;
  }

  addRoleToInstanceProfile(accountId: string, profileName: string, roleName: string): void {
    const ip = this.instanceProfile(accountId, profileName);
    this.role(accountId, roleName);
    // AWS answers the same quota error when the role is already in the profile.
    if (ip.roleNames.length >= QUOTAS.rolesPerInstanceProfile) {
      throw errors.limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${QUOTAS.rolesPerInstanceProfile}`);
    }
    ip.roleNames.push(roleName);
  }

  // ---- sessions ---------------------------------------------------------

  /** Starts a role session (AssumeRole or EC2 instance-role credentials) and issues its temporary key. */
  startSession(
    role: Role,
    sessionName: string,
    durationSeconds: number,
    extra: { origin: RoleSession['origin']; sessionPolicy?: string; sourceIdentity?: string; tags?: Tag[] },
  ): { session: RoleSession; credentials: IssuedCredentials } {
    const expiration = new Date(Math.floor(this.now().getTime() / 1000) * 1000 + durationSeconds * 1000);
    const session: RoleSession = {
      accountId: role.accountId,
      roleName: role.name,
      roleArn: role.arn,
      roleId: role.id,
      sessionName,
      origin: extra.origin,
      sessionPolicy: extra.sessionPolicy,
      sourceIdentity: extra.sourceIdentity,
      tags: extra.tags ?? [],
      expiration,
    };
    return { session, credentials: this.issueKey({ kind: 'session', session }, { expiration }) };
  }
}

export function defaultVersion(mp: ManagedPolicy) {
  return mp.versions.find((v) => v.versionId === mp.defaultVersionId)!;
}

export function tagInto(tags: Tag[], add: Tag[]): void {
  for (const t of add) {
    const existing = tags.find((x) => x.key === t.key);
    if (existing) existing.value = t.value;
    else tags.push({ ...t });
  }
  if (tags.length > 50) throw errors.limitExceeded('Cannot exceed quota for TagsPerRole: 50');
}

function checkName(field: string, name: string, max: number): void {
  if (!name) throw validationError(field, undefined, 'Member must not be null');
  if (name.length > max) throw validationError(field, name, `Member must have length less than or equal to ${max}`);
  if (!NAME_RE.test(name)) throw validationError(field, name, 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
}

function checkPath(path: string | undefined): string {
  const p = normalizePath(path);
  if (!PATH_RE.test(p) || p.length > 512)
    throw validationError('path', p, 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  return p;
}

function checkTrust(text: string): void {
  checkPolicy(text, 'trust');
  if (policySize(text) > QUOTAS.trustPolicySize) throw errors.limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${QUOTAS.trustPolicySize}`);
}

function checkManagedDocument(text: string): void {
  checkPolicy(text, 'identity');
  if (policySize(text) > QUOTAS.managedPolicySize) throw errors.limitExceeded(`Cannot exceed quota for PolicySize: ${QUOTAS.managedPolicySize}`);
}
