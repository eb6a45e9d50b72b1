// What the accounts file says about a policy file (which admin/tenant uses it, as trust or permissions), for the cross-account checks.
import type { LoadedAccounts } from '../topology/load';
import type { AdminAccount, TenantAccount, Topology } from '../topology/model';
import { locationKey, type URI } from '../topology/paths';
import { policyFileReferences } from '../topology/references';

export { locationKey };

export interface PolicyUse {
  role: 'admin' | 'tenant';
  account: AdminAccount | TenantAccount;
  as: 'trust' | 'permissions';
  /** Locations of all permission files of the account, this one included. */
  permissionFiles: URI[];
}

/** The accounts-file knowledge a policy check can use. */
export interface PolicyAccounts {
  topology: Topology;
  /** The references to the document being checked (empty when the accounts file does not mention it). */
  references: PolicyUse[];
  /** Where the document being checked is, when known: its own permission file is not read again through `readPolicy`. */
  document?: URI;
  /** Reads another policy file by location (an open editor's text first); undefined when it does not exist. */
  readPolicy?(location: URI): string | undefined;
}

/** The accounts context for the policy file at `policyFile` (references resolve against `loaded.uri`). */
export function policyAccountsFor(loaded: LoadedAccounts, policyFile: URI, readPolicy?: (location: URI) => string | undefined): PolicyAccounts {
  const refs = policyFileReferences(loaded);
  const target = locationKey(policyFile);
  const topology = loaded.topology;
  const find = (kind: 'admin' | 'tenant', name: string): AdminAccount | TenantAccount | undefined =>
    kind === 'admin' ? topology.admins.find((a) => a.name === name) : topology.tenants.find((t) => t.name === name);
  const references: PolicyUse[] = [];
  for (const r of refs) {
    if (locationKey(r.location) !== target) continue;
    const account = find(r.account.kind, r.account.name);
    if (!account) continue;
    const permissionFiles = refs
      .filter((o) => o.role === 'permissions' && o.account.kind === r.account.kind && o.account.name === r.account.name)
      .map((o) => o.location);
    references.push({ role: r.account.kind, account, as: r.role, permissionFiles });
  }
  return { topology, references, document: policyFile, readPolicy };
}

/** All locations the accounts file references as policies, as `locationKey`s (for deciding which open documents are policies). */
export function referencedPolicyKeys(loaded: LoadedAccounts): Set<string> {
  return new Set(policyFileReferences(loaded).map((r) => locationKey(r.location)));
}

/** Which admin or tenant an account ID belongs to, for hovers. */
export function describeAccount(topology: Topology, accountId: string): string | undefined {
  const admin = topology.admins.find((a) => a.accountId === accountId);
  if (admin) return `admin account \`${admin.name}\``;
  const tenant = topology.tenants.find((t) => t.accountId === accountId);
  if (tenant) return `tenant account \`${tenant.name}\` (uses admin \`${tenant.admin}\`)`;
  return undefined;
}
