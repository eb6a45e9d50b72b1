// Turns tenant evaluations into the CLI's JSON records, a plain-text report and one-line summaries for the tree.
import type { Dependency, ExactDecision } from './evaluate';
import type { TenantEvaluation } from './tenants';

export interface EvaluationRecord {
  tenant: string;
  roleArn: string;
  caller: string;
  decision: TenantEvaluation['decision'];
  reasons: string[];
  /** With `depends-on`: the keys the answer turns on, and the answer at either end. */
  dependsOn?: { key: string; why: string; condition: string; statement: string; effect: 'Allow' | 'Deny' }[];
  ifFavourable?: ExactDecision;
  ifUnfavourable?: ExactDecision;
}

export function toRecord(e: TenantEvaluation): EvaluationRecord {
  const r: EvaluationRecord = { tenant: e.tenant, roleArn: e.roleArn, caller: e.caller, decision: e.decision, reasons: e.reasons };
  const ev = e.evaluation;
  if (ev?.decision === 'depends-on') {
    r.dependsOn = (ev.dependsOn ?? []).map((d) => ({ key: d.key, why: d.why, condition: d.condition, statement: d.statement, effect: d.effect }));
    r.ifFavourable = ev.ifFavourable;
    r.ifUnfavourable = ev.ifUnfavourable;
  }
  return r;
}

/** `aws:SourceIp, aws:PrincipalOrgID` — the distinct keys a depends-on answer turns on. */
export function dependencyKeys(deps: Dependency[] | undefined): string {
  return [...new Set((deps ?? []).map((d) => d.key))].join(', ');
}

/** The decision in a few words for the tree: `allowed`, `depends on aws:SourceIp`, `invalid policy`, … */
export function decisionLabel(e: TenantEvaluation): string {
  if (e.decision === 'depends-on') return `depends on ${dependencyKeys(e.evaluation?.dependsOn)}`;
  return e.decision.replace('-', ' ');
}

/** One line for a tree item description or tooltip. */
export function summaryLine(e: TenantEvaluation): string {
  if (e.decision === 'allowed') return 'offline: allowed';
  if (e.decision === 'depends-on' && e.evaluation) {
    const ev = e.evaluation;
    return `offline: depends on ${dependencyKeys(ev.dependsOn)} (${ev.ifFavourable} at best, ${ev.ifUnfavourable} at worst) — ${ev.reasons.find((r) => r.message.startsWith('Depends on'))?.message ?? ''}`;
  }
  const first = e.details.find((d) => d.kind === 'deny') ?? e.details.find((d) => d.kind === 'no-match') ?? e.details[0];
  return `offline: ${e.decision}${first ? ` — ${first.message}` : ''}`;
}

export function formatText(results: TenantEvaluation[]): string {
  if (results.length === 0) return 'No tenants to evaluate: add tenants to the accounts file.\n';
  const lines: string[] = [];
  for (const e of results) {
    const on = e.decision === 'depends-on' ? ` ${dependencyKeys(e.evaluation?.dependsOn)}` : '';
    lines.push(`${e.tenant}: ${e.decision.toUpperCase()}${on}`);
    lines.push(`  caller: ${e.caller || '(unknown)'}`);
    lines.push(`  role:   ${e.roleArn || '(unknown)'}`);
    for (const r of e.reasons) lines.push(`  - ${r}`);
    lines.push('');
  }
  const allowed = results.filter((e) => e.decision === 'allowed').length;
  lines.push(`${allowed} of ${results.length} tenant(s) allowed.`);
  return lines.join('\n') + '\n';
}
