// "Set Up Cross-Account Backup": asks for the account ids, writes the accounts file and starter policies with one undoable edit, opens them.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseTenantsInput, setUpFiles, validateAccountIdInput, validateNameInput } from '../../core/topology/templates';
import { AccountsService } from '../accounts-service';

/** Returns the accounts file's URI when files were written. */
export async function setUp(accounts: AccountsService): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    const open = 'Open Folder';
    const pick = await vscode.window.showErrorMessage('Open a folder first: the accounts file is written at the root of a workspace folder.', open);
    if (pick === open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder to set up cross-account backup in' });
  if (!folder) return undefined;

  const accountsUri = AccountsService.accountsUri(folder);
  const accountsRel = relativeTo(folder.uri, accountsUri);
  if (await exists(accountsUri)) {
    const open = 'Open It';
    const pick = await vscode.window.showInformationMessage(
      `${accountsRel} already exists in ${folder.name}: set-up never overwrites it. Edit it instead.`,
      open,
    );
    if (pick === open) await vscode.window.showTextDocument(accountsUri);
    return undefined;
  }

  const title = 'Set Up Cross-Account Backup';
  const adminAccountId = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: "The admin (service) account id: the account that runs the access nodes and assumes the tenants' roles.",
    placeHolder: '111111111111',
    ignoreFocusOut: true,
    validateInput: validateAccountIdInput,
  });
  if (adminAccountId === undefined) return undefined;
  const adminName = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: 'A short name for the admin account (tenants refer to it by this name).',
    value: 'msp',
    ignoreFocusOut: true,
    validateInput: validateNameInput,
  });
  if (adminName === undefined) return undefined;
  const admin = { name: adminName.trim(), id: adminAccountId.trim() };
  const tenantsText = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: 'Tenant accounts as name=accountId pairs separated by commas; leave empty to add them later.',
    placeHolder: 'finance=222222222222, hr=333333333333',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = parseTenantsInput(v, admin.name, admin.id);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (tenantsText === undefined) return undefined;
  const parsed = parseTenantsInput(tenantsText, admin.name, admin.id);
  if ('error' in parsed) return undefined;

  const files = setUpFiles(
    {
      adminName: admin.name,
      adminAccountId: admin.id,
      // The external id only has to be hard to guess for other AWS customers (confused deputy), not secret.
      tenants: parsed.tenants.map((t) => ({ ...t, externalId: `${admin.name}-${t.name}-${randomBytes(6).toString('hex')}` })),
    },
    accountsUri.path.split('/').pop(),
  );
  // Paths in the accounts file are relative to it, so the policies go next to it.
  const base = vscode.Uri.joinPath(accountsUri, '..');

  const edit = new vscode.WorkspaceEdit();
  const written: vscode.Uri[] = [];
  const kept: string[] = [];
  const encoder = new TextEncoder();
  for (const f of files) {
    const uri = vscode.Uri.joinPath(base, f.path);
    // Existing policy files are the user's: keep them and point at them.
    if (await exists(uri)) {
      kept.push(f.path);
      continue;
    }
    edit.createFile(uri, { contents: encoder.encode(f.content), ignoreIfExists: true });
    written.push(uri);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not write the set-up files in ${folder.name}: check that the folder is writable, then run ${title} again.`);
    return undefined;
  }
  for (const uri of written.slice(1)) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: true });
  await vscode.window.showTextDocument(accountsUri, { preview: false });
  await accounts.reload();
  const keptNote = kept.length ? ` Kept the existing ${kept.join(', ')}.` : '';
  void vscode.window.showInformationMessage(
    `Wrote ${written.length} files (undo with Edit > Undo).${keptNote} Next: list the admin's access nodes under \`accessNodes\` and the tenants' VM groups under \`vmGroups\`.`,
  );
  return accountsUri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function relativeTo(base: vscode.Uri, uri: vscode.Uri): string {
  const b = base.path.endsWith('/') ? base.path : `${base.path}/`;
  return uri.path.startsWith(b) ? uri.path.slice(b.length) : uri.path;
}
