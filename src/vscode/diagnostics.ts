// Findings as Diagnostics, one way for the policy and the accounts checks: the user's rule levels applied, the
// severity mapped, and the code linked to the rule's entry in docs/rules.md.
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/findings';
import { applyRuleLevels, ruleAnchor } from '../core/rules';
import { setting } from './settings';

/** One source for both checks, so Problems groups and filters them together. */
export const DIAGNOSTIC_SOURCE = 'cross-account-backup';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The findings as the `crossAccountBackup.rules` setting (for the document's folder) wants them: some off, some re-graded. */
export function withRuleLevels(findings: readonly Finding[], scope: vscode.Uri): Finding[] {
  return applyRuleLevels(findings, setting('rules', scope));
}

/**
 * Where a diagnostic's code links: the rule's entry in docs/rules.md as packaged with the extension. The manifest has
 * no repository URL to link to, and the packaged file works offline and always matches the installed version.
 */
export function ruleTarget(extensionUri: vscode.Uri, code: string): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md').with({ fragment: ruleAnchor(code) });
}

export function toDiagnostic(range: vscode.Range, f: Finding, extensionUri: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.code = { value: f.code, target: ruleTarget(extensionUri, f.code) };
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}

/** A diagnostic's finding code, whether it is a plain string or `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return c === undefined ? undefined : typeof c === 'object' ? String(c.value) : String(c);
}
