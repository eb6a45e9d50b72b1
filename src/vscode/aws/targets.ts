// Works out which tenant or account a command is about: a tree node, `{ tenant }`, a trust policy's URI, or a quick pick.
import * as vscode from 'vscode';
import type { AccountRef } from '../../core/aws/account-ops';
import { locationKey, resolvePolicyPath } from '../../core/topology/paths';
import { toCoreUri } from '../locations';
import type { AccountsEntry } from '../accounts-service';
import type { Ctx } from '../context';

export interface TenantTarget {
  entry: AccountsEntry;
  tenant: string;
}

interface ArgShape {
  tenant?: unknown;
  tenantName?: unknown;
  admin?: unknown;
  accountsUri?: unknown;
  account?: { kind?: unknown; name?: unknown };
}

export async function resolveTenant(ctx: Ctx, arg: unknown, title: string): Promise<TenantTarget | undefined> {
  const entries = await ctx.accounts.all();
  if (entries.length === 0) {
    void vscode.window.showErrorMessage('There is no accounts file (cross-account-backup.json) in this workspace: run "Set Up Cross-Account Backup…" first.');
    return undefined;
  }
  if (arg instanceof vscode.Uri) {
    // From a trust policy editor: the tenant whose `policies.trust` is this file.
    for (const entry of entries) {
      const t = entry.loaded.topology.tenants.find(
        (x) => x.policies?.trust && locationKey(resolvePolicyPath(entry.loaded.uri, x.policies.trust)) === locationKey(toCoreUri(arg)),
      );
      if (t) return { entry, tenant: t.name };
    }
  } else if (arg && typeof arg === 'object') {
    const a = arg as ArgShape;
    const name =
      typeof a.tenantName === 'string'
        ? a.tenantName
        : typeof a.tenant === 'string'
          ? a.tenant
          : a.account?.kind === 'tenant' && typeof a.account.name === 'string'
            ? a.account.name
            : undefined;
    if (name) {
      const entry = pickEntry(entries, a.accountsUri, (e) => e.loaded.topology.tenants.some((t) => t.name === name));
      if (entry) return { entry, tenant: name };
      void vscode.window.showErrorMessage(`There is no tenant named \`${name}\` in the accounts file: check the name, or pick one from the list.`);
      return undefined;
    }
  }
  const items = entries.flatMap((entry) =>
    entry.loaded.topology.tenants.map((t) => ({
      label: t.name,
      description: t.hypervisor?.roleArn ?? '(no roleArn)',
      detail: entries.length > 1 ? entry.folder.name : undefined,
      target: { entry, tenant: t.name },
    })),
  );
  if (items.length === 0) {
    void vscode.window.showErrorMessage('The accounts file lists no tenants: add a tenant account first.');
    return undefined;
  }
  if (items.length === 1) return items[0].target;
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Tenant' }))?.target;
}

/** One account (from a tree node or `{ tenant }` / `{ admin }`), or undefined for "all accounts of every file". */
export async function resolveAccount(ctx: Ctx, arg: unknown): Promise<{ entry: AccountsEntry; ref: AccountRef } | undefined> {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const a = arg as ArgShape;
  let ref: AccountRef | undefined;
  if ((a.account?.kind === 'admin' || a.account?.kind === 'tenant') && typeof a.account.name === 'string') ref = { kind: a.account.kind, name: a.account.name };
  else if (typeof a.tenant === 'string') ref = { kind: 'tenant', name: a.tenant };
  else if (typeof a.admin === 'string') ref = { kind: 'admin', name: a.admin };
  if (!ref) return undefined;
  const want = ref;
  const entry = pickEntry(await ctx.accounts.all(), a.accountsUri, (e) =>
    want.kind === 'admin' ? e.loaded.topology.admins.some((x) => x.name === want.name) : e.loaded.topology.tenants.some((x) => x.name === want.name),
  );
  return entry ? { entry, ref } : undefined;
}

function pickEntry(entries: AccountsEntry[], accountsUri: unknown, has: (e: AccountsEntry) => boolean): AccountsEntry | undefined {
  if (typeof accountsUri === 'string') {
    const e = entries.find((x) => x.uri.toString() === accountsUri);
    if (e) return e;
  }
  return entries.find(has);
}
