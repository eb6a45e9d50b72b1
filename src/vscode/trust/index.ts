// Registers the offline trust evaluation (can the admin assume each tenant role, and why) and keeps its results current.
import * as vscode from 'vscode';
import { accountsInput } from '../../core/topology/inputs';
import { resolvePolicyPath } from '../../core/topology/paths';
import { toVscodeUri } from '../locations';
import { decisionLabel, formatText, summaryLine } from '../../core/trust/report';
import { evaluateTenants, type TenantEvaluation } from '../../core/trust/tenants';
import { readText, type AccountsEntry } from '../accounts-service';
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { ResultsStore } from '../results-store';

/** What the command returns (tests read it): one evaluation per tenant, with the accounts file it came from. */
export interface TrustEvaluationResult extends TenantEvaluation {
  accountsUri: string;
}

/** Tree nodes pass themselves (`tenantName`, `accountsUri`); scripts may pass `{ tenant }`. */
interface EvaluateArg {
  tenant?: string;
  tenantName?: string;
  accountsUri?: string;
}

const DEBOUNCE_MS = 400;

export function registerTrust(ctx: Ctx): void {
  const trust = new TrustEvaluator(ctx);
  ctx.push(
    trust,
    ctx.command(CommandId.EvaluateTrust, (arg?: EvaluateArg) => trust.command(arg)),
  );
}

class TrustEvaluator implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private watchers = new Map<string, vscode.Disposable>();
  /** Policy files (URI strings) the last evaluation read: edits to them re-evaluate. */
  private watched = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: Ctx) {
    // Nothing is evaluated here: the first accounts load (tree expansion, a command) fires onDidChange.
    this.disposables.push(
      ctx.accounts.onDidChange(() => this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.watched.has(e.document.uri.toString())) this.schedule();
      }),
    );
  }

  /** The command: evaluate, store, report, and return the results. */
  async command(arg?: EvaluateArg): Promise<TrustEvaluationResult[]> {
    const entries = await this.ctx.accounts.all();
    if (entries.length === 0) {
      void vscode.window.showInformationMessage(
        'No accounts file to evaluate: run "Cross-Account Backup: Set Up Cross-Account Backup…" or open a folder with cross-account-backup.json.',
      );
      return [];
    }
    const tenant = arg?.tenantName ?? arg?.tenant;
    const scope = arg?.accountsUri ? entries.filter((e) => e.uri.toString() === arg.accountsUri) : entries;
    if (tenant && !scope.some((e) => e.loaded.topology.tenants.some((t) => t.name === tenant))) {
      void vscode.window.showErrorMessage(`No tenant named "${tenant}" in the accounts file: check its name under "tenants".`);
      return [];
    }
    const results = await this.enqueue(() => this.evaluate(scope, tenant ? [tenant] : undefined));
    this.report(results, entries);
    return results;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(async () => {
        const entries = await this.ctx.accounts.all();
        const results = await this.evaluate(entries);
        const denied = results.filter((r) => r.decision !== 'allowed').length;
        this.ctx.output.debug(`trust: re-evaluated ${results.length} tenant(s) offline, ${denied} not allowed`);
      }).catch((err: unknown) => this.ctx.output.error(`trust: re-evaluation failed: ${err instanceof Error ? err.message : String(err)}`));
    }, DEBOUNCE_MS);
  }

  /** One evaluation at a time, so a slow one cannot overwrite a newer one's results. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async evaluate(entries: AccountsEntry[], tenants?: string[]): Promise<TrustEvaluationResult[]> {
    const all: TrustEvaluationResult[] = [];
    const files = new Set<string>();
    for (const entry of entries) {
      const accountsUri = entry.uri.toString();
      const results = await evaluateTenants(
        accountsInput(entry.loaded, (location) => readText(toVscodeUri(location))),
        { now: new Date(), tenants },
      );
      for (const r of results) {
        for (const f of r.files) files.add(resolvePolicyPath(entry.loaded.uri, f).toString());
        this.ctx.results.set(ResultsStore.key(accountsUri, r.tenant), {
          kind: 'evaluation',
          ok: r.decision === 'allowed',
          summary: summaryLine(r),
          label: decisionLabel(r),
          at: new Date(),
        });
        all.push({ ...r, accountsUri });
      }
    }
    // A narrowed run reads fewer files; keep following the rest.
    if (!tenants) this.watch(files);
    else for (const f of files) this.watchOne(f);
    return all;
  }

  private watch(files: Set<string>): void {
    for (const [uri, w] of this.watchers) {
      if (!files.has(uri)) {
        w.dispose();
        this.watchers.delete(uri);
      }
    }
    for (const f of files) this.watchOne(f);
    this.watched = new Set(this.watchers.keys());
  }

  private watchOne(uriString: string): void {
    if (this.watchers.has(uriString)) return;
    const uri = vscode.Uri.parse(uriString);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop() ?? ''));
    const again = () => this.schedule();
    watcher.onDidChange(again);
    watcher.onDidCreate(again);
    watcher.onDidDelete(again);
    this.watchers.set(uriString, watcher);
    this.watched.add(uriString);
  }

  private report(results: TrustEvaluationResult[], entries: AccountsEntry[]): void {
    const byFile = new Map<string, TrustEvaluationResult[]>();
    for (const r of results) byFile.set(r.accountsUri, [...(byFile.get(r.accountsUri) ?? []), r]);
    for (const [uri, list] of byFile) {
      const folder = entries.find((e) => e.uri.toString() === uri)?.folder;
      const name = folder ? `${folder.name}/${vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false)}` : uri;
      this.ctx.output.info(`Offline trust evaluation of ${name} (no AWS access):\n${formatText(list)}`);
    }
    const denied = results.filter((r) => r.decision !== 'allowed');
    const show = 'Show Details';
    const onPick = (pick: string | undefined) => {
      if (pick === show) this.ctx.output.show(true);
    };
    if (results.length === 0) {
      void vscode.window.showInformationMessage('The accounts file has no tenants to evaluate: add tenants under "tenants".');
    } else if (denied.length === 0) {
      const what = results.length === 1 ? `${results[0].caller} can assume ${results[0].roleArn}` : `the admin can assume all ${results.length} tenant roles`;
      void vscode.window.showInformationMessage(`Offline evaluation: ${what}.`, show).then(onPick);
    } else {
      const first = denied[0];
      // A depends-on answer is explained by the key it turns on, which is a note rather than a deny.
      const why =
        first.decision === 'depends-on'
          ? (first.details.find((d) => d.message.startsWith('Depends on'))?.message ?? '')
          : ((first.details.find((d) => d.kind === 'deny' || d.kind === 'no-match') ?? first.details[0])?.message ?? '');
      const lead =
        denied.length === 1
          ? `Tenant ${first.tenant}: ${decisionLabel(first)}.`
          : `${denied.length} of ${results.length} tenants are not certainly allowed (first: ${first.tenant}, ${decisionLabel(first)}).`;
      void vscode.window.showWarningMessage(`${lead} ${why}`, show).then(onPick);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of [...this.disposables, ...this.watchers.values()]) d.dispose();
  }
}
