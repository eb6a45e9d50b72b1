// Waiting helpers for the integration tests: poll a condition, waking early on diagnostics changes.
import * as vscode from 'vscode';

/** Polls `check` until it returns a value, waking on diagnostics changes too; fails after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        sub.dispose();
        clearTimeout(timer);
        resolve();
      });
      const timer = setTimeout(() => {
        sub.dispose();
        resolve();
      }, 100);
    });
  }
}
