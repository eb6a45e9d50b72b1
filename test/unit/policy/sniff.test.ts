// The activation shell's cheap test: it must say yes to every document the policy checks would look at.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { classifyPolicy } from '../../../src/core/policy/classify';
import { mayNeedFeatures } from '../../../src/core/policy/sniff';
import { prng } from '../prng';
import { mutate, randomDoc } from './fuzz-docs';
import { REPO } from './helpers';

const ACCOUNTS = ['cross-account-backup.json'];
const need = (file: string, text: string, languageId = 'json') => mayNeedFeatures(file, languageId, () => text, ACCOUNTS);

describe('mayNeedFeatures (activation shell)', () => {
  it('says yes to logs, accounts files, policy names and JSON with a Statement key', () => {
    assert.ok(need('/w/logs/vsbkp.log', 'anything', 'commvault-log'));
    assert.ok(need('/w/cross-account-backup.json', '{}', 'jsonc'));
    assert.ok(need('/w/admin-trust.json', '{}'));
    assert.ok(need('C:\\w\\policies\\x.json', '{}'));
    assert.ok(need('/w/role.json', '{ "Version": "2012-10-17", "Statement" /* the rules */ : [] }', 'jsonc'));
  });

  it('says no to other JSON (settings, package.json) and other languages, without reading text it does not need', () => {
    assert.ok(!need('/home/u/.local/share/code-server/User/settings.json', '{ "editor.fontSize": 14 }', 'jsonc'));
    assert.ok(!need('/w/package.json', '{ "name": "x" }'));
    assert.ok(!need('/w/notes.md', '"Statement": 1', 'markdown'));
    assert.ok(mayNeedFeatures('/w/logs/a.log', 'commvault-log', () => assert.fail('read the text'), ACCOUNTS));
    assert.ok(mayNeedFeatures('/w/policies/a.json', 'json', () => assert.fail('read the text'), ACCOUNTS));
  });

  it('is a superset of the policy classifier on the examples, their mutations and random documents', () => {
    const dir = path.join(REPO, 'examples', 'msp', 'policies');
    const seeds = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const r = prng(20261122);
    let policies = 0;
    for (let i = 0; i < 3000; i++) {
      const text = i % 2 ? mutate(seeds[i % seeds.length], r) : randomDoc(r);
      // A neutral name, so only the content can make it a policy.
      if (classifyPolicy('/w/doc.json', text).isPolicy) {
        policies++;
        assert.ok(need('/w/doc.json', text), `missed a policy: ${JSON.stringify(text.slice(0, 200))}`);
      }
    }
    assert.ok(policies > 500, `enough of the generated documents are policies (${policies})`);
  });
});
