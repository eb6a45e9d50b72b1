// Names the admin or tenant behind an ARN or account id from the accounts file, with its last test result.
import * as vscode from 'vscode';
import type { AdminAccount, TenantAccount } from '../../core/topology/model';
import type { Ctx } from '../context';
import { ResultsStore, type TenantResult } from '../results-store';

export interface AccountMatch {
  role: 'admin' | 'tenant';
  account: AdminAccount | TenantAccount;
  accountsUri: vscode.Uri;
  /** True when the ARN is exactly the account's hypervisor role. */
  roleMatches: boolean;
  test?: TenantResult;
  evaluation?: TenantResult;
}

export async function lookupAccount(ctx: Ctx, resource: vscode.Uri, ids: { arn?: string; accountId?: string }): Promise<AccountMatch | undefined> {
  const entries = await ctx.accounts.all();
  const preferred = await ctx.accounts.forResource(resource);
  const ordered = preferred ? [preferred, ...entries.filter((e) => e !== preferred)] : entries;
  const accountId = ids.accountId ?? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(ids.arn ?? '')?.[1];
  for (const entry of ordered) {
    const { admins, tenants } = entry.loaded.topology;
    const all: [AccountMatch['role'], AdminAccount | TenantAccount][] = [
      ...tenants.map((t): [AccountMatch['role'], TenantAccount] => ['tenant', t]),
      ...admins.map((a): [AccountMatch['role'], AdminAccount] => ['admin', a]),
    ];
    const byRole = ids.arn ? all.find(([, a]) => a.hypervisor?.roleArn === ids.arn || a.hypervisor?.userArn === ids.arn) : undefined;
    const found = byRole ?? all.find(([, a]) => accountId !== undefined && a.accountId === accountId);
    if (!found) continue;
    const [role, account] = found;
    const results = role === 'tenant' ? ctx.results.get(ResultsStore.key(entry.uri.toString(), account.name)) : {};
    return { role, account, accountsUri: entry.uri, roleMatches: byRole !== undefined, ...results };
  }
  return undefined;
}
