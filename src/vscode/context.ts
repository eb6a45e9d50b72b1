// The one object every feature's register function receives: the extension context, the log channel and shared services.
import * as vscode from 'vscode';
import { AccountsService } from './accounts-service';
import { ResultsStore } from './results-store';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly accounts: AccountsService;
  readonly results: ResultsStore;
  /** Adds disposables to the extension's subscriptions. */
  push(...items: vscode.Disposable[]): void;
}

export function createContext(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): Ctx {
  const push = (...items: vscode.Disposable[]) => extension.subscriptions.push(...items);
  const accounts = new AccountsService(output);
  const results = new ResultsStore();
  push(accounts, results);
  return { extension, output, accounts, results, push };
}
