// The policy files an accounts file references, with the account that uses each and as what (no schema or linter needed).
import type { OffsetRange } from '../findings';
import { entries, items, str, type AccountKind } from './entries';
import { rangeAt, type LoadedAccounts } from './load';
import { isAdminOf } from './model';
import { resolvePolicyPath, type URI } from './paths';

export interface PolicyFileReference {
  /** Where the policy file is, resolved against the accounts file's location. */
  location: URI;
  /** The path as written in the accounts file. */
  relPath: string;
  role: 'permissions' | 'trust';
  account: { kind: AccountKind; name: string; accountId: string };
  /** For a tenant: the account id of the admin it names (the principal its trust policy should allow). */
  adminAccountId?: string;
  /** The range of the path string in the accounts file. */
  range: OffsetRange;
}

/** Every policy file the accounts file references, with the account that uses it and as what. */
export function policyFileReferences(loaded: LoadedAccounts): PolicyFileReference[] {
  const { admins, tenants } = entries(loaded);
  const refs: PolicyFileReference[] = [];
  for (const e of [...admins, ...tenants]) {
    const account = { kind: e.kind, name: str(e.value.name) ?? '', accountId: str(e.value.accountId) ?? '' };
    const admin = e.kind === 'tenant' ? admins.find((a) => isAdminOf(a.value, e.value as { admin?: unknown })) : undefined;
    const adminAccountId = admin ? str(admin.value.accountId) : undefined;
    const policies = e.value.policies as { permissions?: unknown; trust?: unknown } | undefined;
    if (!policies || typeof policies !== 'object') continue;
    const push = (rel: unknown, role: PolicyFileReference['role'], jsonPath: (string | number)[]) => {
      if (typeof rel !== 'string' || !rel.trim()) return;
      refs.push({
        location: resolvePolicyPath(loaded.uri, rel.trim()),
        relPath: rel,
        role,
        account,
        ...(adminAccountId ? { adminAccountId } : {}),
        range: rangeAt(loaded.root, jsonPath),
      });
    };
    for (const p of items(policies.permissions)) push(p.item, 'permissions', [...e.path, 'policies', 'permissions', p.index]);
    push(policies.trust, 'trust', [...e.path, 'policies', 'trust']);
  }
  return refs;
}
