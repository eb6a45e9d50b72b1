// The accounts model: admin (service) accounts, tenant accounts, their hypervisors and access nodes.
import type { RequestFacts } from '../iam/context';

export type Authentication = 'accessKey' | 'iamRole' | 'stsAssumeRole';

export interface AccessNode {
  name: string;
  os?: 'linux' | 'windows';
  instanceId?: string;
  region?: string;
  availabilityZone?: string;
}

export interface Hypervisor {
  name: string;
  authentication: Authentication;
  roleArn?: string;
  userArn?: string;
  externalId?: string;
  useAdminAccountResources?: boolean;
  createdAutomatically?: boolean;
  accessNodes?: AccessNode[];
}

export interface PolicyRefs {
  /** Identity (permissions) policy files, relative to the accounts file. */
  permissions?: string[];
  /** The role's trust policy file, relative to the accounts file. */
  trust?: string;
}

export interface VmGroup {
  name: string;
  regions?: string[];
  intelliSnap?: boolean;
  backupCopy?: boolean;
}

export interface Restore {
  availabilityZone: string;
  from?: 'streaming' | 'backupCopy' | 'snapshot';
}

export interface Replication {
  transport: 'hotAdd' | 'importExport';
  source?: 'vmware' | 'aws';
}

export interface Conversion {
  transport: 'hotAdd' | 'importExport';
  source?: 'vmware' | 'hyperv' | 'azure';
}

export interface AdminAccount {
  name: string;
  accountId: string;
  profile?: string;
  region?: string;
  hypervisor: Hypervisor;
  policies?: PolicyRefs;
  /** What AWS knows about the admin's AssumeRole calls that no policy says (`aws:PrincipalOrgID`, tags, MFA…). */
  requestFacts?: RequestFacts;
}

export interface TenantAccount {
  name: string;
  accountId: string;
  profile?: string;
  region?: string;
  /** The `name` of the admin account whose resources this tenant uses. */
  admin: string;
  hypervisor: Hypervisor;
  policies?: PolicyRefs;
  vmGroups?: VmGroup[];
  restores?: Restore[];
  replications?: Replication[];
  conversions?: Conversion[];
}

export interface Topology {
  admins: AdminAccount[];
  tenants: TenantAccount[];
}

export const ACCOUNTS_FILE_NAME = 'cross-account-backup.json';

/**
 * Whether `tenant` uses `admin`: its `admin` field names the admin's `name`, exactly. There is no fallback (not
 * even to the only admin of the file): the schema requires `admin` on every tenant (schemas/topology.schema.json),
 * and a tenant that names no admin, or one that does not exist, is reported (`unknown-admin`, the schema's
 * `required`) rather than guessed, so every feature (lint, evaluate, the tree, the AWS commands) agrees.
 */
export function isAdminOf(admin: { name?: unknown }, tenant: { admin?: unknown }): boolean {
  return typeof tenant.admin === 'string' && tenant.admin !== '' && admin.name === tenant.admin;
}

/** The admin account a tenant uses (see `isAdminOf` for the one meaning); undefined when its `admin` names none. */
export function adminOf(topology: Pick<Topology, 'admins'>, tenant: { admin?: unknown }): AdminAccount | undefined {
  return topology.admins.find((a) => isAdminOf(a, tenant));
}
