// The part of the extension that runs at activation: it registers every command and both views with
// forwarding stand-ins, and loads the features (dist/features.js) the first time one is needed.
// A plain require: `import * as` would copy the whole API object into a namespace (esbuild's interop).
import vscode = require('vscode');
import { requireChunk } from '../core/bundled';
import { mayNeedFeatures } from '../core/policy/sniff';
import { ACCOUNTS_FILE_NAME } from '../core/topology/model';
import { CommandId, LOG_VIEWER_TYPE, SHELL_COMMANDS, ViewId } from './command-ids';
import type { FeaturesModule, Handler, Host, LazyTreeView } from './host';
import { setting } from './settings';

/** Documents of these schemes are never checked (diff views of git, output channels). */
const IGNORED_SCHEMES = ['git', 'output'];

export class Shell implements Host {
  private readonly handlers = new Map<string, Handler>();
  private state: 'idle' | 'loaded' | Error = 'idle';
  /** The listeners that wait for a need; gone once the features load. */
  private watches: vscode.Disposable[] = [];
  readonly timing = { activateMs: 0, activated: 0, loadStarted: 0 };
  readonly views: Host['views'];

  constructor(readonly extension: vscode.ExtensionContext) {
    const started = performance.now();
    const push = (...items: vscode.Disposable[]) => extension.subscriptions.push(...items);
    for (const id of SHELL_COMMANDS) push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, args)));
    push(vscode.commands.registerCommand(CommandId.ShellState, () => this.describe()));
    this.views = {
      accounts: this.lazyTree(ViewId.Accounts, push),
      logEvents: this.lazyTree(ViewId.LogEvents, push),
    };
    // Otherwise the features wait for a need: an open (or edited) policy, accounts file or log, the accounts file in
    // the workspace (its problems belong in the Problems panel), a view showing, a command, or the large
    // log viewer opening (Open With…, or restored). The viewer's provider comes with the features:
    // registering it here costs more than everything else at activation, and VS Code holds a custom
    // editor until its provider registers.
    const configured = setting('accountsFile');
    const accountsNames = [ACCOUNTS_FILE_NAME, ...(configured ? [configured.replace(/^.*[\\/]/, '')] : [])];
    const needed = (d: vscode.TextDocument) =>
      !IGNORED_SCHEMES.includes(d.uri.scheme) && mayNeedFeatures(d.uri.path, d.languageId, () => d.getText(), accountsNames);
    const isViewer = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === LOG_VIEWER_TYPE;
    this.watches.push(
      vscode.workspace.onDidOpenTextDocument((d) => needed(d) && this.soon()),
      // An untitled or plain JSON document can become a policy as it is typed. Policies are a few KB:
      // a very long document is not read again on every keystroke.
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && e.document.lineCount < 20_000 && needed(e.document) && this.soon()),
      vscode.window.tabGroups.onDidChangeTabs((e) => (e.opened.some(isViewer) || e.changed.some(isViewer)) && this.soon()),
    );
    push({ dispose: () => this.watches.forEach((w) => w.dispose()) });
    if (vscode.workspace.textDocuments.some(needed) || vscode.window.tabGroups.all.some((g) => g.tabs.some(isViewer))) this.soon();
    else if (vscode.workspace.workspaceFolders?.length) {
      void vscode.workspace.findFiles(`**/{${accountsNames.join(',')}}`, '**/node_modules/**', 1).then(
        (found) => found.length > 0 && this.soon(),
        () => undefined,
      );
    }
    this.timing.activated = performance.now();
    this.timing.activateMs = this.timing.activated - started;
  }

  command(id: string, handler: Handler): vscode.Disposable {
    if (!(SHELL_COMMANDS as readonly string[]).includes(id)) return vscode.commands.registerCommand(id, handler);
    if (this.handlers.has(id)) throw new Error(`command '${id}' already has a handler`);
    this.handlers.set(id, handler);
    return { dispose: () => this.handlers.delete(id) };
  }

  /** Loads the features now (once); false when they failed to load, which has been reported. */
  load(): boolean {
    if (this.state === 'idle') {
      this.timing.loadStarted = performance.now();
      this.watches.forEach((w) => w.dispose());
      this.watches = [];
      try {
        const features = requireChunk<FeaturesModule>('features', __dirname, 'features');
        features.startFeatures(this);
        this.state = 'loaded';
      } catch (err) {
        this.state = err instanceof Error ? err : new Error(String(err));
        reportLoadFailure(this.state);
      }
    }
    return this.state === 'loaded';
  }

  /** After the current event (activation, an open event) returns. */
  private soon(): void {
    if (this.state === 'idle') setTimeout(() => this.load(), 0);
  }

  private async run(id: string, args: unknown[]): Promise<unknown> {
    if (!this.load()) throw new Error(`Cross-Account Backup could not start: ${(this.state as Error).message}`);
    const handler = this.handlers.get(id);
    if (!handler) throw new Error(`command '${id}' has no handler`);
    return handler(...args);
  }

  private describe() {
    return { loaded: this.state === 'loaded', unhandled: SHELL_COMMANDS.filter((id) => !this.handlers.has(id)) };
  }

  private lazyTree(id: string, push: (...items: vscode.Disposable[]) => void): LazyTreeView {
    let real: vscode.TreeDataProvider<unknown> | undefined;
    const changed = new vscode.EventEmitter<unknown>();
    const provider = (): vscode.TreeDataProvider<unknown> | undefined => (real || this.load() ? real : undefined);
    const view = vscode.window.createTreeView<unknown>(id, {
      showCollapseAll: true,
      treeDataProvider: {
        onDidChangeTreeData: changed.event,
        getChildren: (element) => provider()?.getChildren(element) ?? [],
        // Elements only come from the real provider, so it is there for these.
        getTreeItem: (element) => real!.getTreeItem(element),
        getParent: (element) => real?.getParent?.(element),
      },
    });
    push(view, changed);
    return {
      attach: <T>(p: vscode.TreeDataProvider<T>) => {
        real = p as vscode.TreeDataProvider<unknown>;
        const forward = p.onDidChangeTreeData?.((e) => changed.fire(e));
        if (forward) push(forward);
        changed.fire(undefined);
        return view as vscode.TreeView<T>;
      },
    };
  }
}

function reportLoadFailure(err: Error): void {
  // The features own the log channel; when they cannot load, this is the only place to say so.
  const output = vscode.window.createOutputChannel('Cross-Account Backup', { log: true });
  output.error(`Could not load the extension's features: ${err.stack ?? err.message}`);
  void vscode.window.showErrorMessage(`Cross-Account Backup could not start: ${err.message}`, 'Show Log').then((pick) => pick && output.show());
}
