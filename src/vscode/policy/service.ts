// Keeps the policy findings of open JSON documents up to date (debounced) and gives the providers what they need.
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import { locationKey, policyAccountsFor, type PolicyAccounts } from '../../core/policy/accounts';
import { toCoreUri, toVscodeUri } from '../locations';
import { openIamCatalog, type IamCatalog } from '../../core/policy/catalog';
import { classifyPolicy, type PolicyClass } from '../../core/policy/classify';
import { lintModel } from '../../core/policy/lint';
import { ModelCache } from '../../core/policy/model-cache';
import { parsePolicyModel, type PolicyModel } from '../../core/policy/parse';
import type { AccountsEntry } from '../accounts-service';
import { readText } from '../accounts-service';
import type { Ctx } from '../context';
import { withRuleLevels, toDiagnostic } from '../diagnostics';
import { affects, setting } from '../settings';

export const POLICY_LANGUAGES = ['json', 'jsonc'];

/** What the last check of a document found, for the code actions, completions and hovers. */
export interface PolicyState {
  version: number;
  cls: PolicyClass;
  findings: Finding[];
  accounts?: PolicyAccounts;
}

export class PolicyService implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('cross-account-backup-policy');
  private readonly states = new Map<string, PolicyState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** One model per document version, shared by the checks, quick fixes, completions and hovers. */
  private readonly models = new ModelCache<PolicyModel>(parsePolicyModel, { maxEntries: 10, ttlMs: 2 * 60_000 });
  private readonly disposables: vscode.Disposable[] = [];
  private catalogInstance: IamCatalog | undefined;
  private catalogFailed = false;
  private readonly updated = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's findings are published. */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.diagnostics,
      this.updated,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, this.delay());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // Another permission file of the same account changes what this one lacks: re-check the open policies on save.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.states.get(d.uri.toString())?.cls.isPolicy) this.recheckAll(d.uri);
      }),
      ctx.accounts.onDidChange(() => this.recheckAll()),
      vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'rules') && this.recheckAll()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.updateContextKey()),
    );
  }

  /** The catalog, opened on first use (never at activation): the data ships in dist/data/iam-catalog. */
  catalog(): IamCatalog | undefined {
    if (this.catalogInstance || this.catalogFailed) return this.catalogInstance;
    const dir = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'data', 'iam-catalog').fsPath;
    try {
      const catalog = openIamCatalog(dir);
      void catalog.version; // reads the index now, so a missing catalog is reported once, here
      this.catalogInstance = catalog;
      this.ctx.output.info(`policy: IAM catalog ${catalog.version} loaded from ${dir}`);
    } catch (err) {
      this.catalogFailed = true;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.output.error(`policy: ${message}`);
      void vscode.window.showErrorMessage(`Cross-Account Backup cannot check IAM policies: ${message}`);
    }
    return this.catalogInstance;
  }

  /** The document's model at its current version: parsed on the first ask, then shared until the next edit. */
  model(doc: vscode.TextDocument): PolicyModel {
    return this.models.get(doc.uri.toString(), doc.version, () => doc.getText());
  }

  state(doc: vscode.TextDocument): PolicyState | undefined {
    const s = this.states.get(doc.uri.toString());
    return s && s.version === doc.version ? s : undefined;
  }

  /** The current state, checking the document now when the last check is stale (a provider asked before the debounce fired). */
  async current(doc: vscode.TextDocument): Promise<PolicyState | undefined> {
    return this.state(doc) ?? (await this.check(doc));
  }

  /** Checks every open document now (first activation, accounts file changes). */
  recheckAll(except?: vscode.Uri): void {
    for (const d of vscode.workspace.textDocuments) if (d.uri.toString() !== except?.toString()) this.schedule(d, 0);
  }

  private delay(): number {
    return setting('policy.diagnosticsDelay');
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!POLICY_LANGUAGES.includes(doc.languageId) || doc.uri.scheme === 'git' || doc.uri.scheme === 'output') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    // The check runs later, off the keystroke: typing never waits for it.
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(doc).catch((err) =>
          this.ctx.output.error(`policy: checking ${doc.uri.toString(true)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
        );
      }, delay),
    );
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.states.delete(key);
    this.models.delete(key);
    this.diagnostics.delete(uri);
  }

  private async check(doc: vscode.TextDocument): Promise<PolicyState | undefined> {
    if (doc.isClosed) return undefined;
    const version = doc.version;
    const text = doc.getText();
    const entry = await this.ctx.accounts.forResource(doc.uri);
    const accounts = entry ? await this.accountsFor(entry, doc.uri) : undefined;
    if (doc.isClosed || doc.version !== version) return this.state(doc);
    // Classify before parsing: most JSON documents are not policies and should cost next to nothing.
    const cls = classifyPolicy(location(doc.uri), text, accounts?.references);
    if (!cls.isPolicy) {
      const had = this.states.get(doc.uri.toString())?.cls.isPolicy;
      this.states.set(doc.uri.toString(), { version, cls, findings: [] });
      if (had) this.diagnostics.delete(doc.uri);
      void this.updateContextKey();
      return this.states.get(doc.uri.toString());
    }
    const catalog = this.catalog();
    if (!catalog) return undefined;
    const started = Date.now();
    const findings = withRuleLevels(lintModel({ uri: location(doc.uri), text }, this.model(doc), { catalog, kind: cls.kind, accounts }), doc.uri);
    const ms = Date.now() - started;
    if (ms > 200) this.ctx.output.debug(`policy: ${doc.uri.toString(true)} took ${ms} ms`);
    const state: PolicyState = { version, cls, findings, accounts };
    this.states.set(doc.uri.toString(), state);
    this.diagnostics.set(
      doc.uri,
      findings.map((f) => toDiagnostic(toRange(doc, f.range), f, this.ctx.extension.extensionUri)),
    );
    void this.updateContextKey();
    this.updated.fire(doc.uri);
    return state;
  }

  /** The accounts context for a document, with the texts of its accounts' other permission files read ahead. */
  private async accountsFor(entry: AccountsEntry, uri: vscode.Uri): Promise<PolicyAccounts> {
    const first = policyAccountsFor(entry.loaded, toCoreUri(uri));
    const files = new Set(first.references.flatMap((r) => r.permissionFiles));
    const texts = new Map<string, string>();
    await Promise.all(
      [...files].map(async (f) => {
        const text = await readText(toVscodeUri(f));
        if (text !== undefined) texts.set(locationKey(f), text);
      }),
    );
    return { ...first, readPolicy: (f) => texts.get(locationKey(f)) };
  }

  private async updateContextKey(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    const s = doc && this.states.get(doc.uri.toString());
    await vscode.commands.executeCommand('setContext', 'crossAccountBackup.isTrustPolicy', !!s && s.cls.isPolicy && s.cls.kind === 'trust');
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

/** How the core names a document: a file path for files (as the accounts file's references resolve), else the URI. */
export function location(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export function toRange(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}
