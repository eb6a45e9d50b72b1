// The extension's features, loaded by the activation shell (./shell) the first time one is needed.
import * as vscode from 'vscode';
import { registerAws } from './aws';
import { createContext } from './context';
import { registerLogs } from './logs';
import { registerPolicy } from './policy';
import type { Host } from './host';
import { registerTopology } from './topology';
import { registerTrust } from './trust';

const FEATURES = [
  ['topology', registerTopology],
  ['policy', registerPolicy],
  ['aws', registerAws],
  ['trust', registerTrust],
  ['logs', registerLogs],
] as const;

export function startFeatures(host: Host): void {
  const output = vscode.window.createOutputChannel('Cross-Account Backup', { log: true });
  host.extension.subscriptions.push(output);
  const ctx = createContext(host, output);
  const times: string[] = [];
  for (const [name, register] of FEATURES) {
    const t = performance.now();
    try {
      register(ctx);
    } catch (err) {
      // One broken feature must not take the others down; VS Code would not tell the user, so we do.
      const message = err instanceof Error ? err.message : String(err);
      output.error(`The ${name} feature failed to start: ${err instanceof Error && err.stack ? err.stack : message}`);
      void vscode.window.showErrorMessage(`Cross-Account Backup: the ${name} feature could not start: ${message}`, 'Show Log').then((pick) => {
        if (pick) output.show();
      });
    }
    times.push(`${name} ${(performance.now() - t).toFixed(1)}`);
  }
  const { activateMs, activated, loadStarted } = host.timing;
  output.info(
    `Activated in ${activateMs.toFixed(1)} ms (the shell); features loaded ${(loadStarted - activated).toFixed(0)} ms later, on first need, ` +
      `in ${(performance.now() - loadStarted).toFixed(1)} ms (${times.join(', ')} ms)`,
  );
}
