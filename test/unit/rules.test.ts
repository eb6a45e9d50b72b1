// The rule registry: complete entries, docs/rules.md generated from it, and the user's rule levels.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/core/findings';
import { applyRuleLevels, explainFindingsAt, RULE_CODES, RULE_LEVELS, RULES, ruleAnchor } from '../../src/core/rules';
import { renderRulesDoc } from '../../src/core/rules-doc';

const REPO = path.resolve(__dirname, '..', '..');

describe('rule registry', () => {
  it('gives every rule a severity, a one-line summary and an explanation', () => {
    assert.ok(RULE_CODES.length >= 28);
    for (const code of RULE_CODES) {
      const r = RULES[code];
      assert.match(code, /^[a-z0-9]+(-[a-z0-9]+)*$/, code);
      assert.ok(RULE_LEVELS.includes(r.severity) && r.severity !== ('off' as string), code);
      assert.ok(r.summary.length > 10 && !r.summary.includes('\n'), `${code} summary`);
      assert.ok(r.explanation.length > 20, `${code} explanation`);
    }
  });

  it('docs/rules.md is generated from it and up to date (run `npm run docs:rules`)', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
    assert.equal(doc, renderRulesDoc());
    for (const code of RULE_CODES) assert.ok(doc.includes(`\n### ${code}\n`), `${code} has an entry`);
    for (const code of RULE_CODES) assert.equal(ruleAnchor(code), code, 'the heading slug is the code itself');
  });
});

describe('rule levels', () => {
  const f = (code: Finding['code'], severity: Finding['severity']): Finding => ({ code, severity, message: code, range: { start: 0, end: 1 } });
  const findings = [f('missing-version', 'warning'), f('duplicate-action', 'warning'), f('unknown-action', 'error'), f('missing-version', 'warning')];

  it('turns rules off and changes severities, leaving the others as reported', () => {
    const out = applyRuleLevels(findings, { 'missing-version': 'off', 'duplicate-action': 'error', 'unknown-action': 'info' });
    assert.deepEqual(
      out.map((x) => [x.code, x.severity]),
      [
        ['duplicate-action', 'error'],
        ['unknown-action', 'info'],
      ],
    );
    assert.equal(findings[1].severity, 'warning', 'the input findings are not changed');
  });

  it('ignores unknown codes and levels, and inherited object keys', () => {
    const levels = JSON.parse('{"no-such-rule": "off", "missing-version": "loud", "toString": "off"}');
    assert.deepEqual(applyRuleLevels(findings, levels), findings);
    assert.deepEqual(applyRuleLevels(findings, undefined), findings);
  });
});

describe('rule explanations in hovers', () => {
  it('explains each rule of the findings under the cursor once', () => {
    const at = (code: Finding['code'], start: number, end: number): Finding => ({ code, severity: 'error', message: code, range: { start, end } });
    const findings = [at('unknown-action', 5, 10), at('unknown-action', 8, 12), at('invalid-arn', 20, 30)];
    const md = explainFindingsAt(findings, 9)!;
    assert.equal(md, `**unknown-action** — ${RULES['unknown-action'].explanation}`);
    assert.equal(explainFindingsAt(findings, 15), undefined);
    assert.match(explainFindingsAt(findings, 30)!, /^\*\*invalid-arn\*\*/);
  });
});
