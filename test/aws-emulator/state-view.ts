// A plain, detached copy of the emulator's state for test assertions (documents parsed, Maps turned into objects).
import type { World } from './world';

export interface PolicyVersionView {
  versionId: string;
  isDefault: boolean;
  document: unknown;
  text: string;
  createDate: Date;
}

export interface ManagedPolicyView {
  name: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  versions: PolicyVersionView[];
  /** The default version's document, parsed. */
  document: unknown;
  attachmentCount: number;
  tags: Record<string, string>;
}

export interface RoleView {
  name: string;
  arn: string;
  roleId: string;
  path: string;
  trustPolicy: unknown;
  maxSessionDuration: number;
  description?: string;
  attachedPolicies: string[];
  inlinePolicies: Record<string, unknown>;
  tags: Record<string, string>;
}

export interface UserView {
  name: string;
  arn: string;
  userId: string;
  attachedPolicies: string[];
  inlinePolicies: Record<string, unknown>;
}

export interface InstanceProfileView {
  name: string;
  arn: string;
  roles: string[];
}

export interface AccountView {
  users: Record<string, UserView>;
  roles: Record<string, RoleView>;
  /** By ARN. */
  policies: Record<string, ManagedPolicyView>;
  instanceProfiles: Record<string, InstanceProfileView>;
}

export interface EmulatorState {
  accounts: Record<string, AccountView>;
}

const parse = (t: string): unknown => JSON.parse(t);

export function snapshot(world: World): EmulatorState {
  const accounts: Record<string, AccountView> = {};
  for (const a of world.accounts.values()) {
    const view: AccountView = { users: {}, roles: {}, policies: {}, instanceProfiles: {} };
    for (const u of a.users.values()) {
      view.users[u.name] = {
        name: u.name,
        arn: u.arn,
        userId: u.id,
        attachedPolicies: [...u.attachedPolicies],
        inlinePolicies: Object.fromEntries([...u.inlinePolicies].map(([n, t]) => [n, parse(t)])),
      };
    }
    for (const r of a.roles.values()) {
      view.roles[r.name] = {
        name: r.name,
        arn: r.arn,
        roleId: r.id,
        path: r.path,
        trustPolicy: parse(r.trustPolicy),
        maxSessionDuration: r.maxSessionDuration,
        description: r.description,
        attachedPolicies: [...r.attachedPolicies],
        inlinePolicies: Object.fromEntries([...r.inlinePolicies].map(([n, t]) => [n, parse(t)])),
        tags: Object.fromEntries(r.tags.map((t) => [t.key, t.value])),
      };
    }
    for (const p of a.policies.values()) {
      const versions = p.versions.map((v) => ({
        versionId: v.versionId,
        isDefault: v.versionId === p.defaultVersionId,
        document: parse(v.document),
        text: v.document,
        createDate: new Date(v.createDate),
      }));
      view.policies[p.arn] = {
        name: p.name,
        arn: p.arn,
        path: p.path,
        defaultVersionId: p.defaultVersionId,
        versions,
        document: versions.find((v) => v.isDefault)!.document,
        attachmentCount: world.attachmentCount(p),
        tags: Object.fromEntries(p.tags.map((t) => [t.key, t.value])),
      };
    }
    for (const ip of a.instanceProfiles.values()) view.instanceProfiles[ip.name] = { name: ip.name, arn: ip.arn, roles: [...ip.roleNames] };
    accounts[a.id] = view;
  }
  return { accounts };
}
