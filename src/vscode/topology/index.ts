// Registers the topology feature: accounts-file diagnostics, the Accounts view and its commands.
import * as vscode from 'vscode';
import type { AccountsTreeNode } from '../../core/topology/tree';
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { openAccountsFile, openPolicyFile, refreshAccounts, revealInAccountsFile } from './commands';
import { AccountsDiagnostics } from './diagnostics';
import { setUp } from './set-up';
import { AccountsTreeProvider } from './tree';

export function registerTopology(ctx: Ctx): void {
  const diagnostics = new AccountsDiagnostics(ctx.accounts, ctx.output, ctx.extension.extensionUri);
  const provider = new AccountsTreeProvider(diagnostics, ctx.results);
  const view = ctx.host.views.accounts.attach(provider);

  const updateView = () => {
    const t = provider.totals();
    const shown = t.errors + t.warnings;
    view.badge = shown ? { value: shown, tooltip: `Accounts file: ${t.errors} error(s), ${t.warnings} warning(s)` } : undefined;
    const broken = provider.linted().filter((e) => e.findings.some((f) => f.code === 'json-syntax'));
    view.message = broken.length
      ? `${broken.map((e) => vscode.workspace.asRelativePath(e.uri)).join(', ')} cannot be read completely: fix the JSON syntax errors (see Problems).`
      : undefined;
  };

  ctx.push(
    diagnostics,
    provider,
    diagnostics.onDidUpdate(() => void provider.summary().then(updateView)),
    ctx.command(CommandId.RefreshAccounts, () => refreshAccounts(ctx.accounts, diagnostics, provider)),
    ctx.command(CommandId.OpenAccountsFile, (node?: AccountsTreeNode) => openAccountsFile(ctx.accounts, node)),
    ctx.command(CommandId.RevealInAccountsFile, (node?: AccountsTreeNode) => revealInAccountsFile(ctx.accounts, node)),
    ctx.command(CommandId.OpenPolicyFile, (node?: AccountsTreeNode) => openPolicyFile(ctx.accounts, node)),
    ctx.command(CommandId.SetUp, () => setUp(ctx.accounts)),
  );

  // The workspace has an accounts file (that is what activated us): show its problems without waiting
  // for the view, but after activation returns, so start-up does not wait for the first check.
  const first = setTimeout(() => void diagnostics.update(), 0);
  ctx.push({ dispose: () => clearTimeout(first) });
}
