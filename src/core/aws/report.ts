// Renders AssumeRole test results for people (text / Markdown) and machines (the CLI's JSON shape); never includes credentials.
import type { TestResult } from './assume-role-test';

/** The CLI's JSON record: the documented fields first, then the extras. */
export function toJsonRecord(r: TestResult): Record<string, unknown> {
  return {
    tenant: r.tenant,
    roleArn: r.roleArn,
    ok: r.ok,
    assumedRoleArn: r.assumedRoleArn ?? null,
    expiration: r.expiration ?? null,
    steps: r.steps.map((s) => ({ name: s.name, ok: s.ok, ms: s.ms })),
    failure: r.failure ? { kind: r.failure.kind, message: r.failure.message, fix: r.failure.fix } : null,
    callerArn: r.callerArn ?? null,
    warnings: r.warnings,
    ...(r.missingActions ? { missingActions: r.missingActions } : {}),
  };
}

export function toText(results: readonly TestResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.ok ? 'PASS' : 'FAIL'} ${r.tenant}  ${r.roleArn || '(no roleArn)'}`);
    if (r.ok) out.push(`     assumed ${r.assumedRoleArn ?? ''}${r.expiration ? ` until ${r.expiration}` : ''}`);
    for (const s of r.steps)
      out.push(`     ${s.ok ? 'ok  ' : 'fail'} ${s.name.padEnd(21)} ${String(s.ms).padStart(6)} ms${s.detail && !s.ok ? `  ${s.detail}` : ''}`);
    if (r.failure) {
      out.push(`     ${r.failure.kind}: ${r.failure.message}`);
      out.push(`     fix: ${r.failure.fix}`);
    }
    for (const w of r.warnings) out.push(`     warning: ${w}`);
  }
  const passed = results.filter((r) => r.ok).length;
  out.push('', `${passed} of ${results.length} tenant(s) passed.`);
  return `${out.join('\n')}\n`;
}

/** A readable results table for the editor (Markdown preview or plain view). */
export function toMarkdown(results: readonly TestResult[], title: string, at: Date): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `# ${title}`,
    '',
    `${at.toISOString()} — ${results.filter((r) => r.ok).length} of ${results.length} tenant(s) passed.`,
    '',
    '| Tenant | Result | Assumed role / failure | Expires | Time |',
    '| --- | --- | --- | --- | ---: |',
  ];
  for (const r of results) {
    const ms = r.steps.reduce((n, s) => n + s.ms, 0);
    const what = r.ok ? `\`${r.assumedRoleArn ?? ''}\`` : r.failure ? `**${r.failure.kind}**: ${r.failure.message}` : '';
    lines.push(`| ${esc(r.tenant)} | ${r.ok ? '✅ ok' : '❌ failed'} | ${esc(what)} | ${r.expiration ?? ''} | ${ms} ms |`);
  }
  const detailed = results.filter((r) => !r.ok || r.warnings.length);
  if (detailed.length) lines.push('', '## Details');
  for (const r of detailed) {
    lines.push('', `### ${r.tenant}`, '');
    if (r.failure) lines.push(`- **Cause**: ${r.failure.message}`, `- **Fix**: ${r.failure.fix}`);
    for (const w of r.warnings) lines.push(`- **Warning**: ${w}`);
    if (r.steps.length) {
      lines.push('', '| Step | Result | Time | Detail |', '| --- | --- | ---: | --- |');
      for (const s of r.steps) lines.push(`| ${s.name} | ${s.ok ? 'ok' : 'failed'} | ${s.ms} ms | ${esc(s.detail ?? '')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One line for the tree's description/tooltip. */
export function summaryLine(r: TestResult): string {
  return r.ok
    ? `assumed ${r.assumedRoleArn ?? ''}${r.expiration ? ` until ${r.expiration}` : ''}`
    : `${r.failure?.kind ?? 'failed'}: ${r.failure?.message ?? ''}`;
}
