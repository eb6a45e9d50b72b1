// Renders docs/rules.md from the rule registry (`npm run docs:rules` writes it; a unit test keeps it up to date).
import { RULES, ruleAnchor, type Rule, type RuleArea } from './rules';

const AREAS: readonly { area: RuleArea; title: string; intro: string }[] = [
  { area: 'policy and accounts', title: 'Both kinds of file', intro: '' },
  {
    area: 'policy',
    title: 'IAM policies',
    intro:
      'Checked in policy documents: files the accounts file references, `*policy*.json`, `*trust*.json`, JSON under `policies/`, and any JSON document with a top-level `Statement`.',
  },
  { area: 'accounts', title: 'The accounts file', intro: 'Checked in `cross-account-backup.json`: its schema and the vendor’s cross-account rules.' },
];

export function renderRulesDoc(): string {
  const rules = Object.entries(RULES) as [string, Rule][];
  const lines = [
    '<!-- Generated from src/core/rules.ts by `npm run docs:rules`: edit the registry, not this file. -->',
    '# Rules',
    '',
    'Every finding the extension and the `lint` command report, by code. Each rule has a default severity; change it',
    'or turn the rule off with the `crossAccountBackup.rules` setting (for example `{"missing-version": "off"}`) or the',
    'command line (`cross-account-backup lint --rule missing-version=off --rule duplicate-action=error …`). Levels are',
    '`off`, `error`, `warning`, `info` and `hint`.',
    '',
  ];
  for (const { area, title, intro } of AREAS) {
    const inArea = rules.filter(([, r]) => r.area === area).sort(([a], [b]) => a.localeCompare(b));
    lines.push(`## ${title}`, '');
    if (intro) lines.push(intro, '');
    lines.push('| Code | Severity | Reports |', '|---|---|---|');
    for (const [code, r] of inArea) lines.push(`| [\`${code}\`](#${ruleAnchor(code)}) | ${r.severity} | ${r.summary} |`);
    lines.push('');
    for (const [code, r] of inArea) lines.push(`### ${code}`, '', `*${r.severity}* — ${r.summary}`, '', r.explanation, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
