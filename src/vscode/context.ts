// The one object every feature's register function receives: the extension context, the log channel and shared services.
import * as vscode from 'vscode';
import { AccountsService } from './accounts-service';
import { commandSpec } from './command-ids';
import { ResultsStore } from './results-store';
import type { Handler, Host } from './host';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly accounts: AccountsService;
  readonly results: ResultsStore;
  /** The activation shell: the contributed views it registered, and its timing for the log. */
  readonly host: Host;
  /** Registers a command of the command table (through the shell, which registered the stand-ins at activation), behind its error boundary. */
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
  return { extension, output, accounts, results, host, command: (id, handler) => host.command(id, bounded(id, handler, output)), push };
}

/** The handler behind the command's error boundary (see ErrorBoundary in ./command-ids). */
export function bounded(id: string, handler: Handler, output: vscode.LogOutputChannel): Handler {
  const spec = commandSpec(id);
  if (!spec) throw new Error(`Command \`${id}\` is not in the command table: add a row to COMMANDS in src/vscode/command-ids.ts.`);
  if (spec.onError === 'throw') return handler;
  const name = (spec.title ?? id).replace(/…$/, '');
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      output.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(`${name} failed: ${message}`, 'Show Log').then((p) => p && output.show(true));
      return undefined;
    }
  };
}
