// Publishes the accounts files' findings as Diagnostics (as you type, and when files appear or vanish on disk) and keeps them for the tree.
import * as vscode from 'vscode';
import { LineIndex, type Finding } from '../../core/findings';
import { lintAccounts } from '../../core/topology/lint';
import type { URI } from '../../core/topology/paths';
import { toCoreUri, toVscodeUri } from '../locations';
import type { AccountsEntry, AccountsService } from '../accounts-service';
import { affects } from '../settings';
import { DIAGNOSTIC_SOURCE, toDiagnostic, withRuleLevels } from '../diagnostics';

export interface LintedEntry extends AccountsEntry {
  findings: Finding[];
  /** Policy locations (URI strings) that `missing-policy-file` reported. */
  missingPolicies: Set<string>;
}

export class AccountsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after the diagnostics of every accounts file are up to date. */
  readonly onDidUpdate = this.updated.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.updated];
  private generation = 0;
  private current: Promise<LintedEntry[]> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly accounts: AccountsService,
    private readonly output: vscode.LogOutputChannel,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(
      accounts.onDidChange(() => void this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'rules') && void this.update()),
    );
    // A policy file created or deleted changes `missing-policy-file`; edits inside one do not.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.json', false, true, false);
    const later = () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.update(), 200);
    };
    this.disposables.push(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later));
  }

  /** The accounts files with their findings, as of the latest check (starting one when none ran yet). */
  entries(): Promise<LintedEntry[]> {
    return this.current ?? this.update();
  }

  /** Checks every accounts file again and publishes the results; a later call supersedes an unfinished one. */
  update(): Promise<LintedEntry[]> {
    const run = ++this.generation;
    const work = (async () => {
      const entries = await this.accounts.all();
      const linted = await Promise.all(entries.map((e) => this.lint(e)));
      if (run !== this.generation) return this.current ?? linted;
      this.collection.clear();
      for (const e of linted) this.collection.set(e.uri, toDiagnostics(e, this.extensionUri));
      this.updated.fire();
      return linted;
    })();
    this.current = work.catch((err: unknown) => {
      this.output.error(`accounts: checking the accounts files failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return [];
    });
    return this.current;
  }

  private async lint(entry: AccountsEntry): Promise<LintedEntry> {
    // Policy files outside the workspace folder get a warning: they are read, and sent to IAM on apply, unseen.
    const folder = vscode.workspace.getWorkspaceFolder(entry.uri)?.uri;
    const all = await lintAccounts(entry.loaded, { fileExists, workspaceFolder: folder && toCoreUri(folder) });
    // The tree marks missing files whatever the rule's level; the counts and Problems follow the setting.
    const missingPolicies = new Set(all.filter((f) => f.code === 'missing-policy-file').map((f) => String(f.data?.path)));
    return { ...entry, findings: withRuleLevels(all, entry.uri), missingPolicies };
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const d of this.disposables) d.dispose();
  }
}

async function fileExists(location: URI): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(toVscodeUri(location));
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

export function toDiagnostics(entry: { loaded: { text: string }; findings: readonly Finding[] }, extensionUri: vscode.Uri): vscode.Diagnostic[] {
  const index = new LineIndex(entry.loaded.text);
  return entry.findings.map((f) => {
    const s = index.positionAt(f.range.start);
    const e = index.positionAt(f.range.end);
    return toDiagnostic(new vscode.Range(s.line, s.character, e.line, e.character), f, extensionUri);
  });
}
