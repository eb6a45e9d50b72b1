// Publishes the accounts files' findings as Diagnostics (as you type, and when files appear or vanish on disk) and keeps them for the tree.
import * as vscode from 'vscode';
import { LineIndex, type Finding, type Severity } from '../../core/findings';
import { lintAccounts } from '../../core/topology/lint';
import type { AccountsEntry, AccountsService } from '../accounts-service';

export const DIAGNOSTIC_SOURCE = 'cross-account-backup';

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
  ) {
    this.disposables.push(accounts.onDidChange(() => void this.update()));
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
      for (const e of linted) this.collection.set(e.uri, toDiagnostics(e));
      this.updated.fire();
      return linted;
    })();
    this.current = work.catch((err: unknown) => {
      this.output.error(`accounts: checking the accounts files failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return [];
    });
    return this.current;
  }

  private async lint(entry: AccountsEntry): Promise<LintedEntry> {
    // Policy files outside the workspace folder get a warning: they are read, and sent to IAM on apply, unseen.
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(entry.uri)?.uri.toString();
    const findings = await lintAccounts(entry.loaded, { fileExists, workspaceFolder });
    const missingPolicies = new Set(findings.filter((f) => f.code === 'missing-policy-file').map((f) => String(f.data?.path)));
    return { ...entry, findings, missingPolicies };
  }

  dispose(): void {
    clearTimeout(this.debounce);
    for (const d of this.disposables) d.dispose();
  }
}

async function fileExists(location: string): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(location));
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostics(entry: { loaded: { text: string }; findings: readonly Finding[] }): vscode.Diagnostic[] {
  const index = new LineIndex(entry.loaded.text);
  return entry.findings.map((f) => {
    const s = index.positionAt(f.range.start);
    const e = index.positionAt(f.range.end);
    const d = new vscode.Diagnostic(new vscode.Range(s.line, s.character, e.line, e.character), f.message, SEVERITY[f.severity]);
    d.code = f.code;
    d.source = DIAGNOSTIC_SOURCE;
    return d;
  });
}
