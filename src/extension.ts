// Entry point: builds the shared context and registers each feature; heavy work (the AWS SDK) loads on first use.
import * as vscode from 'vscode';
import { createContext } from './vscode/context';
import { registerTopology } from './vscode/topology';
import { registerPolicy } from './vscode/policy';
import { registerAws } from './vscode/aws';
import { registerLogs } from './vscode/logs';
import { registerTrust } from './vscode/trust';

const FEATURES = [
  ['topology', registerTopology],
  ['policy', registerPolicy],
  ['aws', registerAws],
  ['trust', registerTrust],
  ['logs', registerLogs],
] as const;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Cross-Account Backup', { log: true });
  context.subscriptions.push(output);
  try {
    const started = performance.now();
    const ctx = createContext(context, output);
    const times: string[] = [];
    for (const [name, register] of FEATURES) {
      const t = performance.now();
      register(ctx);
      times.push(`${name} ${(performance.now() - t).toFixed(1)}`);
    }
    output.info(`Activated in ${(performance.now() - started).toFixed(1)} ms (${times.join(', ')} ms)`);
  } catch (err) {
    // VS Code does not tell the user when an extension fails to activate: say it ourselves.
    const message = err instanceof Error ? err.message : String(err);
    output.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Cross-Account Backup could not start: ${message}`, 'Show Log').then((pick) => {
      if (pick) output.show();
    });
  }
}

export function deactivate(): void {}
