// The Accounts view's commands: refresh, open the accounts file, reveal a node in it, open a policy file.
import * as vscode from 'vscode';
import { loadAccounts, rangeAt } from '../../core/topology/load';
import { toCoreUri } from '../locations';
import type { AccountsTreeNode } from '../../core/topology/tree';
import type { AccountsService } from '../accounts-service';
import { CommandId } from '../command-ids';
import type { AccountsDiagnostics } from './diagnostics';
import type { AccountsTreeProvider, PlainNode } from './tree';

export interface RefreshSummary {
  /** The accounts files found, as URI strings. */
  accountsFiles: string[];
  /** What the view shows. */
  tree: PlainNode[];
}

export async function refreshAccounts(accounts: AccountsService, diagnostics: AccountsDiagnostics, tree: AccountsTreeProvider): Promise<RefreshSummary> {
  await accounts.reload();
  const entries = await diagnostics.update();
  tree.refresh();
  return { accountsFiles: entries.map((e) => e.uri.toString()), tree: await tree.summary() };
}

export async function openAccountsFile(accounts: AccountsService, node?: AccountsTreeNode): Promise<vscode.TextEditor | undefined> {
  const uri = node ? vscode.Uri.parse(node.accountsUri) : await pickAccountsFile(accounts);
  if (!uri) return undefined;
  return vscode.window.showTextDocument(uri, { preview: false });
}

/** Opens the accounts file with the node's property selected; finds it again by its JSON path in case the text moved. */
export async function revealInAccountsFile(accounts: AccountsService, node?: AccountsTreeNode): Promise<vscode.TextEditor | undefined> {
  if (!node) return openAccountsFile(accounts);
  const uri = vscode.Uri.parse(node.accountsUri);
  const doc = await vscode.workspace.openTextDocument(uri);
  let range = node.range;
  if (node.jsonPath.length > 0) {
    const loaded = loadAccounts({ uri: toCoreUri(uri), text: doc.getText() });
    // Select what names the node: an entry's name, the hypervisor's key, the ARN or path value itself.
    const named = node.kind === 'admin' || node.kind === 'tenant' || node.kind === 'accessNode' || node.kind === 'vmGroup';
    range = named ? rangeAt(loaded.root, [...node.jsonPath, 'name']) : rangeAt(loaded.root, node.jsonPath, node.kind === 'hypervisor');
  }
  const selection = new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
  return vscode.window.showTextDocument(doc, { selection, preview: false });
}

export async function openPolicyFile(accounts: AccountsService, node?: AccountsTreeNode): Promise<vscode.TextEditor | undefined> {
  if (!node?.policy) {
    void vscode.window.showInformationMessage('Pick a policy file in the Accounts view to open it.');
    return undefined;
  }
  const uri = vscode.Uri.parse(node.policy.location);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    const reveal = 'Reveal in Accounts File';
    const pick = await vscode.window.showErrorMessage(
      `The policy file \`${node.policy.relPath}\` does not exist: create it, or fix the path in the accounts file (paths are relative to it).`,
      reveal,
    );
    if (pick === reveal) return revealInAccountsFile(accounts, node);
    return undefined;
  }
  return vscode.window.showTextDocument(uri, { preview: true });
}

async function pickAccountsFile(accounts: AccountsService): Promise<vscode.Uri | undefined> {
  const all = await accounts.all();
  if (all.length === 0) {
    const setUp = 'Set Up Cross-Account Backup';
    const pick = await vscode.window.showInformationMessage('This workspace has no accounts file yet: set up cross-account backup to write one.', setUp);
    if (pick === setUp) await vscode.commands.executeCommand(CommandId.SetUp);
    return undefined;
  }
  if (all.length === 1) return all[0].uri;
  const pick = await vscode.window.showQuickPick(
    all.map((e) => ({ label: e.folder.name, description: vscode.workspace.asRelativePath(e.uri, true), uri: e.uri })),
    { placeHolder: "Which workspace folder's accounts file?" },
  );
  return pick?.uri;
}
