// Test-only extension for code-server: on startup, runs the integration suite and writes the result where the launcher waits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { runSuite, type SuiteConfig } from './run-suite';

interface LauncherConfig extends SuiteConfig {
  resultFile: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const configFile = process.env.CAB_INTEGRATION_CONFIG;
  if (!configFile || !fs.existsSync(configFile)) return; // installed without a launcher: do nothing
  // Where every extension's log channels are written, so tests can read what the product logged.
  process.env.CAB_EXTHOST_LOGS = path.dirname(context.logUri.fsPath);
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as LauncherConfig;
  let payload: unknown;
  try {
    payload = await runSuite(config);
  } catch (err) {
    payload = { crashed: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) };
  }
  // Write then rename, so the launcher never reads half a file.
  fs.writeFileSync(`${config.resultFile}.tmp`, JSON.stringify(payload));
  fs.renameSync(`${config.resultFile}.tmp`, config.resultFile);
}

export function deactivate(): void {}
