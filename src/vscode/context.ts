// The one object every feature's register function receives: the extension context, the log channel and shared services.
import * as vscode from 'vscode';
import { AccountsService } from './accounts-service';
import { ResultsStore } from './results-store';
import type { Handler, Host } from './shell';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly accounts: AccountsService;
  readonly results: ResultsStore;
  /** The activation shell: the contributed views it registered, and its timing for the log. */
  readonly host: Host;
  /** Registers a command (through the shell, which registered the contributed ids at activation). */
  command(id: string, handler: Handler): vscode.Disposable;
  /** Adds disposables to the extension's subscriptions. */
  push(...items: vscode.Disposable[]): void;
}

export function createContext(host: Host, output: vscode.LogOutputChannel): Ctx {
  const extension = host.extension;
  const push = (...items: vscode.Disposable[]) => extension.subscriptions.push(...items);
  const accounts = new AccountsService(output);
  const results = new ResultsStore();
  push(accounts, results);
  return { extension, output, accounts, results, host, command: (id, handler) => host.command(id, handler), push };
}
