// The fast strict parser builds the same tree as jsonc-parser, and lazy statement parsing changes no finding.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { fastParse, FastParseError } from '../../../src/core/policy/fast-json';
import { lintParsed, lintPolicy } from '../../../src/core/policy/lint';
import { MAX_DEPTH, parsePolicy } from '../../../src/core/policy/parse';
import { REPO, testCatalog } from './helpers';

/** A node without parent pointers, for deep comparison. */
function plain(n: Node | undefined): unknown {
  if (!n) return n;
  return { type: n.type, offset: n.offset, length: n.length, value: n.type === 'object' || n.type === 'array' || n.type === 'property' ? undefined : n.value, children: n.children?.map(plain) };
}

const examples = fs
  .readdirSync(path.join(REPO, 'examples', 'msp', 'policies'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.json'))
  .map((f) => fs.readFileSync(path.join(REPO, 'examples', 'msp', 'policies', f), 'utf8'));

describe('policy parsing', () => {
  it('builds the same tree as jsonc-parser on valid JSON (escapes, numbers, literals, nesting)', () => {
    const extra = ['{"a": "x\\"y\\u0041\\n", "b": [1, -2.5e+3, 0, true, false, null, {}, []], "c": {"d": [{"e": "f"}]}}', '  []  ', '"s"', '\ufeff{"Statement": []}'];
    for (const text of [...examples, ...extra]) {
      assert.deepEqual(plain(fastParse(text, MAX_DEPTH).root), plain(parseTree(text.replace(/^\ufeff/, ' '))), text.slice(0, 40));
    }
  });

  it('rejects what strict JSON rejects', () => {
    for (const text of ['{"a": 1,}', '{"a": 1} // c', '{a: 1}', "{'a': 1}", '[1 2]', '{"a": 01}', '{"a": "\t"}', '', '{"a": tru}', '[1,]']) {
      assert.throws(() => fastParse(text, MAX_DEPTH), FastParseError, text);
    }
  });

  it('counts whitespace outside strings only, for the size quota', () => {
    const p = parsePolicy('{ "Statement" : [ { "Sid" : "a b" } ] }');
    assert.equal(p.size, '{"Statement":[{"Sid":"a b"}]}'.length);
  });

  it('stops at MAX_DEPTH with a finding instead of overflowing the stack', () => {
    const p = parsePolicy(`{"Statement": ${'['.repeat(MAX_DEPTH + 10)}`);
    assert.equal(p.syntaxFindings[0].code, 'json-syntax');
    assert.match(p.syntaxFindings[0].message, /nested more than/);
  });

  it('lazy statement parsing gives the same findings, and falls back when a statement is broken', () => {
    const catalog = testCatalog();
    const broken = examples.map((t) => t.replace('"Effect": "Allow",', '"Effect": "Allow" "Extra": 1,'));
    const wrong = examples.map((t) => t.replace('"Effect": "Allow"', '"Effect": "allow"').replace('sts:AssumeRole', 'sts:AssumeRolez'));
    for (const text of [...examples, ...broken, ...wrong]) {
      const doc = { uri: 'p.json', text };
      const eager = lintParsed(doc, parsePolicy(text), { catalog });
      assert.deepEqual(lintPolicy(doc, { catalog }), eager);
      assert.deepEqual(lintParsed(doc, parsePolicy(text, { lazyStatements: true }), { catalog }), eager);
    }
    assert.ok(lintPolicy({ uri: 'p.json', text: broken[0] }, { catalog }).some((f) => f.code === 'json-syntax'));
    // Escaped quotes and backslashes inside skipped statements, and brackets inside their strings.
    const tricky = String.raw`{"Version": "2012-10-17", "Statement": [ {"Sid": "a\\"}, {"Sid": "q\"}]\"", "Effect": "Allow"} , 5, {"Sid": "\\\\", "Action": "s3:{x}"} ]}`;
    JSON.parse(tricky);
    const eager = parsePolicy(tricky);
    const lazy = parsePolicy(tricky, { lazyStatements: true });
    assert.equal(lazy.size, eager.size);
    assert.equal(lazy.statementCount, 4);
    assert.deepEqual(lazy.statements.map((st) => st.index), [0, 1, 3]);
    assert.deepEqual(lintPolicy({ uri: 'p.json', text: tricky }, { catalog }), lintParsed({ uri: 'p.json', text: tricky }, eager, { catalog }));
  });
});
