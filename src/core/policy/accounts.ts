// What the accounts file says about a policy file (which admin/tenant uses it, as trust or permissions), for the cross-account checks.
import path from 'node:path';
import { policyReferences } from '../topology/lint';
import type { LoadedAccounts } from '../topology/load';
import type { AdminAccount, TenantAccount, Topology } from '../topology/model';
import { isUriString } from '../topology/paths';

/** How one account uses a policy file (as its trust policy or a permissions policy); topology/lint's PolicyReference is the accounts file's raw reference. */
export interface PolicyUse {
  role: 'admin' | 'tenant';
  account: AdminAccount | TenantAccount;
  as: 'trust' | 'permissions';
  /** Locations (paths or URI strings, as the accounts file's) of all permission files of the account, this one included. */
  permissionFiles: string[];
}

/** The accounts-file knowledge a policy check can use. */
export interface PolicyAccounts {
  topology: Topology;
  /** The references to the document being checked (empty when the accounts file does not mention it). */
  references: PolicyUse[];
  /** Reads another policy file by location (an open editor's text first); undefined when it does not exist. */
  readPolicy?(location: string): string | undefined;
}

/** A location as a comparison key: URI strings decoded, paths resolved, case-folded where file systems ignore case. */
export function locationKey(location: string): string {
  let p: string;
  if (isUriString(location)) {
    try {
      const url = new URL(location);
      p = url.protocol === 'file:' ? decodeURIComponent(url.pathname).replace(/^\/([a-zA-Z]:)/, '$1') : `${url.protocol}//${url.host}${decodeURIComponent(url.pathname)}`;
    } catch {
      p = location;
    }
  } else p = path.resolve(location);
  p = p.replace(/\\/g, '/');
  return process.platform === 'win32' || process.platform === 'darwin' || /^[a-zA-Z]:\//.test(p) ? p.toLowerCase() : p;
}

/**
 * The accounts context for one policy file. `accountsFile` and `policyFile` are both paths or both URI strings
 * (references resolve against the accounts file the same way).
 */
export function policyAccountsFor(loaded: LoadedAccounts, accountsFile: string, policyFile: string, readPolicy?: (location: string) => string | undefined): PolicyAccounts {
  const refs = policyReferences(loaded, accountsFile);
  const target = locationKey(policyFile);
  const topology = loaded.topology;
  const find = (kind: 'admin' | 'tenant', name: string): AdminAccount | TenantAccount | undefined =>
    kind === 'admin' ? topology.admins.find((a) => a.name === name) : topology.tenants.find((t) => t.name === name);
  const references: PolicyUse[] = [];
  for (const r of refs) {
    if (locationKey(r.path) !== target) continue;
    const account = find(r.account.kind, r.account.name);
    if (!account) continue;
    const permissionFiles = refs.filter((o) => o.role === 'permissions' && o.account.kind === r.account.kind && o.account.name === r.account.name).map((o) => o.path);
    references.push({ role: r.account.kind, account, as: r.role, permissionFiles });
  }
  return { topology, references, readPolicy };
}

/** All locations the accounts file references as policies (for deciding which open documents are policies). */
export function referencedPolicyKeys(loaded: LoadedAccounts, accountsFile: string): Set<string> {
  return new Set(policyReferences(loaded, accountsFile).map((r) => locationKey(r.path)));
}

/** The admin account a tenant uses (by its `admin` name; the only admin when the name is missing). */
export function adminOf(topology: Topology, tenant: TenantAccount): AdminAccount | undefined {
  return topology.admins.find((a) => a.name === tenant.admin) ?? (topology.admins.length === 1 && !tenant.admin ? topology.admins[0] : undefined);
}

/** Which admin or tenant an account ID belongs to, for hovers. */
export function describeAccount(topology: Topology, accountId: string): string | undefined {
  const admin = topology.admins.find((a) => a.accountId === accountId);
  if (admin) return `admin account \`${admin.name}\``;
  const tenant = topology.tenants.find((t) => t.accountId === accountId);
  if (tenant) return `tenant account \`${tenant.name}\` (uses admin \`${tenant.admin}\`)`;
  return undefined;
}
