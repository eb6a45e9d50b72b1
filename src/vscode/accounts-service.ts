// Finds, loads and watches the accounts files of all workspace folders; every feature reads the model from here.
import * as vscode from 'vscode';
import { loadAccounts, type LoadedAccounts } from '../core/topology/load';
import { ACCOUNTS_FILE_NAME } from '../core/topology/model';
import { toCoreUri } from './locations';
import { affects, setting } from './settings';

export interface AccountsEntry {
  folder: vscode.WorkspaceFolder;
  uri: vscode.Uri;
  loaded: LoadedAccounts;
}

export class AccountsService implements vscode.Disposable {
  private entries: AccountsEntry[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private loading: Promise<void> | undefined;
  private watchers: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'accountsFile')) void this.reload();
      }),
      // Unsaved edits count: the tree and the checks follow what the user sees.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.entries.some((x) => x.uri.toString() === e.document.uri.toString())) void this.reload();
      }),
    );
  }

  /** Loaded accounts files; loads them on first use. */
  async all(): Promise<AccountsEntry[]> {
    if (!this.loading) this.loading = this.load();
    await this.loading;
    return this.entries;
  }

  /** The accounts file that governs `uri` (the one of its workspace folder), if any. */
  async forResource(uri: vscode.Uri): Promise<AccountsEntry | undefined> {
    const all = await this.all();
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return all.find((e) => e.folder === folder) ?? (all.length === 1 ? all[0] : undefined);
  }

  reload(): Promise<void> {
    this.loading = this.load();
    return this.loading;
  }

  /** The configured accounts file location for a folder. */
  static accountsUri(folder: vscode.WorkspaceFolder): vscode.Uri {
    const rel = setting('accountsFile', folder.uri) || ACCOUNTS_FILE_NAME;
    return vscode.Uri.joinPath(folder.uri, rel);
  }

  private async load(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const next: AccountsEntry[] = [];
    for (const folder of folders) {
      const uri = AccountsService.accountsUri(folder);
      const text = await readText(uri);
      if (text === undefined) continue;
      next.push({ folder, uri, loaded: loadAccounts({ uri: toCoreUri(uri), text }) });
    }
    this.watch(folders);
    this.entries = next;
    this.output.debug(`accounts: ${next.length} accounts file(s) loaded`);
    await vscode.commands.executeCommand('setContext', 'crossAccountBackup.hasAccounts', next.length > 0);
    this.changed.fire();
  }

  private watch(folders: readonly vscode.WorkspaceFolder[]): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = folders.map((folder) => {
      const rel = setting('accountsFile', folder.uri) || ACCOUNTS_FILE_NAME;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, rel));
      const again = () => void this.reload();
      watcher.onDidCreate(again);
      watcher.onDidChange(again);
      watcher.onDidDelete(again);
      return watcher;
    });
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
  }
}

/** The text of a file, preferring an open (possibly unsaved) editor's; undefined when it does not exist. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
