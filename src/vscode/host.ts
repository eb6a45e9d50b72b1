// What the activation shell (./shell) hands to the features (./features) when they load: types only, so the
// features and their context import no part of the shell.
import type * as vscode from 'vscode';

/**
 * A command handler: commands take whatever their callers pass (tree nodes, URIs, options), unchecked, as VS Code's
 * own `registerCommand` does. Each handler declares what it expects; the method form lets such a handler stand here,
 * because TypeScript compares a method's parameters both ways rather than strictly.
 */
export type Handler = { handle(...args: unknown[]): unknown }['handle'];

/** What the features bundle exports. */
export interface FeaturesModule {
  startFeatures(host: Host): void;
}

/** A contributed tree view whose data provider arrives with the features. */
export interface LazyTreeView {
  /** Gives the view its real provider; returns the view (badge, message, reveal) for the feature to use. */
  attach<T>(provider: vscode.TreeDataProvider<T>): vscode.TreeView<T>;
}

/** What the shell hands to the features when they load. */
export interface Host {
  readonly extension: vscode.ExtensionContext;
  /** How long the shell's activation took (ms), and when it ended and the features started loading (performance.now()), for the log. */
  readonly timing: { readonly activateMs: number; readonly activated: number; readonly loadStarted: number };
  /** Registers a command: the handler behind one of the shell's stand-ins, or a new registration. */
  command(id: string, handler: Handler): vscode.Disposable;
  readonly views: { readonly accounts: LazyTreeView; readonly logEvents: LazyTreeView };
}
