// The Log Events view: the active log's events grouped by account and job, with a kind/account/job filter.
import * as vscode from 'vscode';
import { attemptKey, groupAttempts } from '../../core/logs/extract';
import type { LogEvent } from '../../core/logs/model';
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { lookupAccount } from './accounts-lookup';
import { DocumentEvents, eventLabel, eventRange, isLogDocument } from './document-events';

interface Filter {
  kinds: Set<string>;
  accounts: Set<string>;
  jobs: Set<string>;
}

type Node =
  | { type: 'account'; id: string; label: string; events: LogEvent[] }
  | { type: 'job'; key: string; account: string; events: LogEvent[]; outcome: string }
  | { type: 'event'; event: LogEvent };

const NO_ACCOUNT = '(no account)';

export class LogEventsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private document: vscode.TextDocument | undefined;
  private filter: Filter = { kinds: new Set(), accounts: new Set(), jobs: new Set() };
  private names = new Map<string, string>();
  readonly tree: vscode.TreeView<Node>;

  constructor(
    private readonly ctx: Ctx,
    private readonly events: DocumentEvents,
  ) {
    this.tree = ctx.host.views.logEvents.attach(this);
    const timers: NodeJS.Timeout[] = [];
    ctx.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((e) => e && isLogDocument(e.document) && this.show(e.document)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.document) return;
        timers.forEach(clearTimeout);
        timers.push(setTimeout(() => this.refresh(), 300));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => d === this.document && this.show(undefined)),
      ctx.accounts.onDidChange(() => this.refresh()),
      // With an argument ({ kinds?, accounts?, jobs? }) the filter is set directly: for keybindings and tests.
      ctx.command(CommandId.FilterLogEvents, (arg?: { kinds?: string[]; accounts?: string[]; jobs?: string[] }) =>
        arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? this.setFilter(arg) : this.pickFilter(),
      ),
      ctx.command(CommandId.ClearLogEventsFilter, () => this.setFilter({ kinds: new Set(), accounts: new Set(), jobs: new Set() })),
      ctx.command(CommandId.RevealLogEvent, (uri?: vscode.Uri | string, line?: number, endLine?: number) => revealLine(uri, line, endLine)),
    );
    const active = vscode.window.activeTextEditor?.document;
    if (active && isLogDocument(active)) this.show(active);
  }

  show(document: vscode.TextDocument | undefined): void {
    this.document = document;
    this.refresh();
  }

  private refresh(): void {
    void this.resolveNames().then(() => this.changed.fire());
    this.tree.message = this.document ? this.filterMessage() : undefined;
    this.tree.description = this.document ? vscode.workspace.asRelativePath(this.document.uri) : undefined;
  }

  private async resolveNames(): Promise<void> {
    if (!this.document) return;
    const ids = new Set(
      this.events
        .get(this.document)
        .map((e) => e.accountId)
        .filter((a): a is string => !!a),
    );
    for (const id of ids) {
      if (this.names.has(id)) continue;
      const match = await lookupAccount(this.ctx, this.document.uri, { accountId: id });
      if (match) this.names.set(id, `${match.role} ${match.account.name}`);
    }
  }

  private filtered(): LogEvent[] {
    if (!this.document) return [];
    const { kinds, accounts, jobs } = this.filter;
    return this.events
      .get(this.document)
      .filter(
        (e) => (!kinds.size || kinds.has(e.kind)) && (!accounts.size || accounts.has(e.accountId ?? NO_ACCOUNT)) && (!jobs.size || jobs.has(attemptKey(e))),
      );
  }

  private filterMessage(): string | undefined {
    const { kinds, accounts, jobs } = this.filter;
    const parts = [...kinds, ...accounts, ...jobs];
    return parts.length ? `Filtered: ${parts.join(', ')}` : undefined;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const byAccount = new Map<string, LogEvent[]>();
      for (const e of this.filtered()) {
        const id = e.accountId ?? NO_ACCOUNT;
        byAccount.set(id, [...(byAccount.get(id) ?? []), e]);
      }
      return [...byAccount].map(([id, events]) => ({ type: 'account', id, label: id, events }));
    }
    if (node.type === 'account') {
      const attempts = groupAttempts(node.events);
      const byJob = new Map<string, LogEvent[]>();
      for (const e of node.events) byJob.set(attemptKey(e), [...(byJob.get(attemptKey(e)) ?? []), e]);
      return [...byJob].map(([key, events]) => {
        const outcomes = attempts.filter((a) => a.key === key).map((a) => a.outcome);
        const outcome = outcomes.includes('failure') ? 'failure' : outcomes.includes('success') ? 'success' : outcomes.length ? 'unknown' : '';
        return { type: 'job', key, account: node.id, events, outcome };
      });
    }
    if (node.type === 'job') return node.events.map((event) => ({ type: 'event', event }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'account') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = [this.names.get(node.id), `${node.events.length} event${node.events.length === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('account');
      item.contextValue = 'logAccount';
      return item;
    }
    if (node.type === 'job') {
      const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.outcome ? `AssumeRole ${node.outcome}` : undefined;
      item.iconPath = new vscode.ThemeIcon(node.outcome === 'failure' ? 'error' : node.outcome === 'success' ? 'pass' : 'circle-outline');
      item.contextValue = 'logJob';
      return item;
    }
    const e = node.event;
    const item = new vscode.TreeItem(eventLabel(e), vscode.TreeItemCollapsibleState.None);
    item.description = [`line ${e.line}`, e.time, e.roleName].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString().appendCodeblock(e.message, 'text');
    item.iconPath = new vscode.ThemeIcon(e.kind === 'error' ? 'error' : e.kind === 'connect' ? 'plug' : 'key');
    item.contextValue = `logEvent.${e.kind}`;
    if (this.document) item.command = { command: CommandId.RevealLogEvent, title: 'Reveal Log Event', arguments: [this.document.uri, e.line, e.endLine] };
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  private async pickFilter(): Promise<void> {
    if (!this.document) {
      void vscode.window.showInformationMessage('Open an access-node log first: the filter applies to the events of the active log.');
      return;
    }
    type Pick = vscode.QuickPickItem & { category?: keyof Filter; value?: string };
    const all = this.events.get(this.document);
    const section = (label: string): Pick => ({ label, kind: vscode.QuickPickItemKind.Separator });
    const items: Pick[] = [
      section('Kind'),
      ...['connect', 'validate-credentials', 'error'].map((k) => ({ label: k, category: 'kinds' as const, value: k, picked: this.filter.kinds.has(k) })),
      section('Account'),
      ...[...new Set(all.map((e) => e.accountId ?? NO_ACCOUNT))].map((a) => ({
        label: a,
        description: this.names.get(a),
        category: 'accounts' as const,
        value: a,
        picked: this.filter.accounts.has(a),
      })),
      section('Job'),
      ...[...new Set(all.map(attemptKey))].map((j) => ({ label: j, category: 'jobs' as const, value: j, picked: this.filter.jobs.has(j) })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Filter Log Events',
      placeHolder: 'Pick kinds, accounts and jobs to show (none picked in a group: all of it)',
    });
    if (!picked) return;
    const next: Filter = { kinds: new Set(), accounts: new Set(), jobs: new Set() };
    for (const p of picked) if (p.category && p.value) next[p.category].add(p.value);
    await this.setFilter(next);
  }

  async setFilter(filter: Filter | { kinds?: string[]; accounts?: string[]; jobs?: string[] }): Promise<void> {
    const set = (v: Set<string> | string[] | undefined) => new Set(v ?? []);
    this.filter = { kinds: set(filter.kinds), accounts: set(filter.accounts), jobs: set(filter.jobs) };
    const active = this.filter.kinds.size + this.filter.accounts.size + this.filter.jobs.size > 0;
    await vscode.commands.executeCommand('setContext', 'crossAccountBackup.logEventsFiltered', active);
    this.refresh();
  }

  /** For tests and the viewer: the events the view shows now. */
  visibleEvents(): LogEvent[] {
    return this.filtered();
  }
}

async function revealLine(uri: vscode.Uri | string | undefined, line: number | undefined, endLine?: number): Promise<void> {
  if (!uri || !line) return;
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const document = await vscode.workspace.openTextDocument(target);
  const range = eventRange(document, { line, endLine: endLine ?? line } as LogEvent);
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start), preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
