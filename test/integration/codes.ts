// A diagnostic's finding code: our diagnostics carry `{ value, target }` (the target is the rule's docs entry).
import type * as vscode from 'vscode';

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' ? String(c.value) : String(c);
}
