// The Accounts view: adapts the core's tree model to TreeItems, with problem badges, tenant status colours and a plain summary for tests.
import * as vscode from 'vscode';
import { buildAccountsTree, type AccountsTreeNode, type ProblemCounts } from '../../core/topology/tree';
import { CommandId } from '../command-ids';
import { ResultsStore } from '../results-store';
import type { AccountsDiagnostics, LintedEntry } from './diagnostics';

/** The scheme of the URIs that carry a node's problem badge (VS Code draws badges only through file decorations). */
const BADGE_SCHEME = 'cross-account-backup-node';

/** A node as `refreshAccounts` returns it: plain data, so tests can check the tree without scraping the UI. */
/** A node as the refresh command returns it: the node's data (what the view passes to its commands) without the tooltip. */
export interface PlainNode extends Omit<AccountsTreeNode, 'children' | 'tooltip'> {
  children: PlainNode[];
}

export class AccountsTreeProvider implements vscode.TreeDataProvider<AccountsTreeNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly decorationsChanged = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  private roots: AccountsTreeNode[] | undefined;
  private entries: LintedEntry[] = [];
  private readonly parents = new Map<string, AccountsTreeNode>();
  private readonly badges = new Map<string, ProblemCounts>();
  private readonly disposables: vscode.Disposable[] = [this.changed, this.decorationsChanged];

  constructor(
    private readonly diagnostics: AccountsDiagnostics,
    private readonly results: ResultsStore,
  ) {
    this.disposables.push(
      diagnostics.onDidUpdate(() => this.refresh()),
      results.onDidChange(() => this.refresh()),
      vscode.window.registerFileDecorationProvider(this),
    );
  }

  /** Rebuilds the tree from the latest checked accounts files. */
  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
    this.decorationsChanged.fire(undefined);
  }

  async getChildren(element?: AccountsTreeNode): Promise<AccountsTreeNode[]> {
    if (element) return element.children;
    return this.build();
  }

  getParent(element: AccountsTreeNode): AccountsTreeNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(node: AccountsTreeNode): vscode.TreeItem {
    const expanded = node.kind === 'folder' || node.kind === 'admin' || node.kind === 'tenant' || node.kind === 'hypervisor';
    const item = new vscode.TreeItem(
      node.label,
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    const tooltip = new vscode.MarkdownString(node.tooltip, true);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, iconColor(node));
    if (node.kind === 'policyFile' && node.policy) {
      // The real file: its own problems (policy checks) decorate the node.
      item.resourceUri = vscode.Uri.parse(node.policy.location);
      item.command = { command: CommandId.OpenPolicyFile, title: 'Open Policy File', arguments: [node] };
    } else {
      item.resourceUri = vscode.Uri.from({ scheme: BADGE_SCHEME, path: `/${encodeURIComponent(node.id)}` });
      item.command = { command: CommandId.RevealInAccountsFile, title: 'Reveal in Accounts File', arguments: [node] };
    }
    return item;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== BADGE_SCHEME) return undefined;
    const counts = this.badges.get(decodeURIComponent(uri.path.slice(1)));
    if (!counts) return undefined;
    const shown = counts.errors + counts.warnings;
    if (shown === 0) return undefined;
    const text = [
      counts.errors ? `${counts.errors} error${counts.errors === 1 ? '' : 's'}` : '',
      counts.warnings ? `${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return new vscode.FileDecoration(
      shown > 99 ? '99' : String(shown),
      text,
      new vscode.ThemeColor(counts.errors ? 'list.errorForeground' : 'list.warningForeground'),
    );
  }

  /** The linted accounts files the tree was last built from. */
  linted(): LintedEntry[] {
    return this.entries;
  }

  /** Totals over all accounts files, for the view's badge. */
  totals(): ProblemCounts {
    const t: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
    for (const e of this.entries) {
      for (const f of e.findings) {
        if (f.severity === 'error') t.errors++;
        else if (f.severity === 'warning') t.warnings++;
        else t.infos++;
      }
    }
    return t;
  }

  /** The whole tree as plain data (what the view shows). */
  async summary(): Promise<PlainNode[]> {
    const plain = ({ children, tooltip, ...data }: AccountsTreeNode): PlainNode => ({ ...data, children: children.map(plain) });
    return (await this.build()).map(plain);
  }

  private async build(): Promise<AccountsTreeNode[]> {
    if (this.roots) return this.roots;
    const entries = await this.diagnostics.entries();
    const perFile = entries.map((e) => {
      const accountsUri = e.uri.toString();
      return {
        entry: e,
        nodes: buildAccountsTree(e.loaded, {
          findings: e.findings,
          missingPolicies: e.missingPolicies,
          status: (name) => this.results.get(ResultsStore.key(accountsUri, name)),
        }),
      };
    });
    // One accounts file per folder: a folder level only helps when there are several.
    const roots =
      perFile.length > 1
        ? perFile.map(({ entry, nodes }): AccountsTreeNode => {
            const problems = sum(nodes.map((n) => n.problems));
            return {
              id: `${entry.uri.toString()}#folder`,
              kind: 'folder',
              contextValue: 'folder',
              label: entry.folder.name,
              description: vscode.workspace.asRelativePath(entry.uri, false),
              tooltip: `**${entry.folder.name}** — accounts file \`${vscode.workspace.asRelativePath(entry.uri, false)}\``,
              icon: 'root-folder',
              accountsUri: entry.uri.toString(),
              jsonPath: [],
              range: { start: 0, end: 0 },
              problems,
              children: nodes,
            };
          })
        : (perFile[0]?.nodes ?? []);
    this.parents.clear();
    this.badges.clear();
    const index = (nodes: AccountsTreeNode[], parent?: AccountsTreeNode) => {
      for (const n of nodes) {
        if (parent) this.parents.set(n.id, parent);
        this.badges.set(n.id, n.problems);
        index(n.children, n);
      }
    };
    index(roots);
    this.entries = entries;
    this.roots = roots;
    return roots;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function iconColor(node: AccountsTreeNode): vscode.ThemeColor | undefined {
  if (node.problems.errors) return new vscode.ThemeColor('problemsErrorIcon.foreground');
  if (node.status) return new vscode.ThemeColor(node.status.ok ? 'testing.iconPassed' : 'testing.iconFailed');
  if (node.policy && !node.policy.exists) return new vscode.ThemeColor('problemsErrorIcon.foreground');
  if (node.problems.warnings) return new vscode.ThemeColor('problemsWarningIcon.foreground');
  return undefined;
}

function sum(counts: ProblemCounts[]): ProblemCounts {
  return counts.reduce((a, c) => ({ errors: a.errors + c.errors, warnings: a.warnings + c.warnings, infos: a.infos + c.infos }), {
    errors: 0,
    warnings: 0,
    infos: 0,
  });
}
