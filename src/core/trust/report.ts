// Turns tenant evaluations into the CLI's JSON records, a plain-text report and one-line summaries for the tree.
import type { TenantEvaluation } from './tenants';

export interface EvaluationRecord {
  tenant: string;
  roleArn: string;
  caller: string;
  decision: TenantEvaluation['decision'];
  reasons: string[];
}

export function toRecord(e: TenantEvaluation): EvaluationRecord {
  return { tenant: e.tenant, roleArn: e.roleArn, caller: e.caller, decision: e.decision, reasons: e.reasons };
}

/** One line for a tree item description or tooltip. */
export function summaryLine(e: TenantEvaluation): string {
  if (e.decision === 'allowed') return 'offline: allowed';
  const first = e.details.find((d) => d.kind === 'deny') ?? e.details.find((d) => d.kind === 'no-match') ?? e.details[0];
  return `offline: ${e.decision}${first ? ` — ${first.message}` : ''}`;
}

export function formatText(results: TenantEvaluation[]): string {
  if (results.length === 0) return 'No tenants to evaluate: add tenants to the accounts file.\n';
  const lines: string[] = [];
  for (const e of results) {
    lines.push(`${e.tenant}: ${e.decision.toUpperCase()}`);
    lines.push(`  caller: ${e.caller || '(unknown)'}`);
    lines.push(`  role:   ${e.roleArn || '(unknown)'}`);
    for (const r of e.reasons) lines.push(`  - ${r}`);
    lines.push('');
  }
  const allowed = results.filter((e) => e.decision === 'allowed').length;
  lines.push(`${allowed} of ${results.length} tenant(s) allowed.`);
  return lines.join('\n') + '\n';
}
