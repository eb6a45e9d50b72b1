// Walks the raw accounts JSON keeping each entry's index in the file, so findings and tree nodes point at the right place.
import { getNodeValue, type JSONPath } from 'jsonc-parser';
import type { LoadedAccounts } from './load';
import { isObject } from './load';
import type { AccessNode, AdminAccount, Hypervisor, TenantAccount } from './model';

export type AccountKind = 'admin' | 'tenant';

export interface Entry<T> {
  kind: AccountKind;
  /** Index in the file's `admins` / `tenants` array (entries that are not objects still count). */
  index: number;
  path: JSONPath;
  value: T;
}

export interface Entries {
  admins: Entry<AdminAccount>[];
  tenants: Entry<TenantAccount>[];
}

/** The object entries of `admins` and `tenants`; fields keep whatever the file says, so read them through the guards below. */
export function entries(loaded: LoadedAccounts): Entries {
  const raw: unknown = loaded.root ? getNodeValue(loaded.root) : undefined;
  const pick = <T>(kind: AccountKind, key: 'admins' | 'tenants'): Entry<T>[] => {
    const list = isObject(raw) && Array.isArray(raw[key]) ? (raw[key] as unknown[]) : [];
    const out: Entry<T>[] = [];
    list.forEach((value, index) => {
      if (isObject(value)) out.push({ kind, index, path: [key, index], value: value as T });
    });
    return out;
  };
  return { admins: pick<AdminAccount>('admin', 'admins'), tenants: pick<TenantAccount>('tenant', 'tenants') };
}

/** The value when it is a non-empty string. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** The value when it is an array, else an empty list; pairs each item with its index. */
export function items<T = unknown>(v: unknown): { item: T; index: number }[] {
  return Array.isArray(v) ? v.map((item, index) => ({ item: item as T, index })) : [];
}

export function hypervisorOf(account: { hypervisor?: unknown }): Partial<Hypervisor> {
  return isObject(account.hypervisor) ? (account.hypervisor as Partial<Hypervisor>) : {};
}

/** Whether a hypervisor uses the admin's resources; tenants do unless they say otherwise, admins never should. */
export function usesAdminResources(kind: AccountKind, hv: Partial<Hypervisor>): boolean {
  return kind === 'tenant' ? hv.useAdminAccountResources !== false : hv.useAdminAccountResources === true;
}

export function accessNodesOf(hv: Partial<Hypervisor>): { item: Partial<AccessNode>; index: number }[] {
  return items<Partial<AccessNode>>(hv.accessNodes).filter((n) => isObject(n.item));
}

/** The region of an access node: its `region`, else its availability zone without the zone letter. */
export function nodeRegion(node: Partial<AccessNode>): string | undefined {
  const region = str(node.region);
  if (region) return region;
  const az = str(node.availabilityZone);
  return az ? az.replace(/[a-z]$/, '') : undefined;
}

/** How an entry reads in messages: "tenant `finance`" (or "tenant #2" when it has no name). */
export function label(kind: AccountKind, value: { name?: unknown }, index: number): string {
  const name = str(value.name);
  return name ? `${kind} \`${name}\`` : `${kind} #${index + 1}`;
}
