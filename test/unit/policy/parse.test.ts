// The policy model: one jsonc-parser tree per document, strict-JSON findings, IAM's size count, the size-only path for
// oversized files, and the cache that shares one model per (uri, version).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { completePolicy } from '../../../src/core/policy/complete';
import { lintModel, lintPolicy } from '../../../src/core/policy/lint';
import { ModelCache } from '../../../src/core/policy/model-cache';
import { MAX_DEPTH, parsePolicyModel, SIZE_ONLY_LIMIT } from '../../../src/core/policy/parse';
import { policySize } from '../../../src/core/policy/size';
import { REPO, testCatalog } from './helpers';

/** A node without parent pointers, for deep comparison. */
function plain(n: Node | undefined): unknown {
  if (!n) return n;
  return {
    type: n.type,
    offset: n.offset,
    length: n.length,
    value: n.type === 'object' || n.type === 'array' || n.type === 'property' ? undefined : n.value,
    children: n.children?.map(plain),
  };
}

const examples = fs
  .readdirSync(path.join(REPO, 'examples', 'msp', 'policies'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.json'))
  .map((f) => fs.readFileSync(path.join(REPO, 'examples', 'msp', 'policies', f), 'utf8'));

/** A valid identity policy of about `chars` characters (one long statement list). */
function policyOf(chars: number): string {
  const statements: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const st = `{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-${i}/*"}`;
    statements.push(st);
    n += st.length + 1;
  }
  return `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;
}

describe('policy model', () => {
  it("is jsonc-parser's tree, with a byte order mark read as a space", () => {
    const extra = [
      '{"a": "x\\"y\\u0041\\n", "b": [1, -2.5e+3, 0, true, false, null, {}, []], "c": {"d": [{"e": "f"}]}}',
      '  []  ',
      '"s"',
      '\ufeff{"Statement": []}',
    ];
    for (const text of [...examples, ...extra]) {
      const model = parsePolicyModel(text);
      assert.deepEqual(plain(model.root), plain(parseTree(text.replace(/^\ufeff/, ' '))), text.slice(0, 40));
      assert.deepEqual(model.syntaxFindings, [], text.slice(0, 40));
    }
  });

  it('reports what strict JSON rejects (AWS takes no comments, no trailing commas)', () => {
    for (const text of ['{"a": 1,}', '{"a": 1} // c', '{a: 1}', "{'a': 1}", '[1 2]', '{"a": 01}', '{"a": "\t"}', '', '{"a": tru}', '[1,]']) {
      const findings = parsePolicyModel(text).syntaxFindings;
      assert.ok(findings.length > 0 && findings.every((f) => f.code === 'json-syntax'), JSON.stringify(text));
    }
  });

  it('counts whitespace outside strings only, for the size quota', () => {
    const p = parsePolicyModel('{ "Statement" : [ { "Sid" : "a b" } ] }');
    assert.equal(p.size, '{"Statement":[{"Sid":"a b"}]}'.length);
  });

  it('counts a pretty-printed policy as its minified length; escaped quotes and spaces inside strings count', () => {
    for (const text of examples) assert.equal(policySize(text), JSON.stringify(JSON.parse(text)).length);
    assert.equal(policySize('{ "a" : "x \\" y \\\\" ,\n "b": "\\\\" }'), '{"a":"x \\" y \\\\","b":"\\\\"}'.length);
    assert.equal(policySize('  "unterminated \\"  '), '"unterminated \\"  '.length);
  });

  it('stops at MAX_DEPTH with a finding instead of overflowing the stack', () => {
    const p = parsePolicyModel(`{"Statement": ${'['.repeat(MAX_DEPTH + 10)}`);
    assert.equal(p.syntaxFindings[0].code, 'json-syntax');
    assert.match(p.syntaxFindings[0].message, /nested more than/);
  });

  it('views the statements in order with their array index, skipping elements that are not objects', () => {
    const p = parsePolicyModel('{"Statement": [{"Sid": "a"}, 5, {"Sid": "b"}]}');
    assert.deepEqual(
      p.statements.map((st) => [st.index, st.get('Sid')?.value?.value]),
      [
        [0, 'a'],
        [2, 'b'],
      ],
    );
    assert.deepEqual(
      parsePolicyModel('{"Statement": {"Sid": "one"}}').statements.map((st) => st.index),
      [0],
    );
  });

  it('reports only the size of a document over ten times the largest policy IAM accepts, without parsing it', () => {
    const catalog = testCatalog();
    const atLimit = policyOf(SIZE_ONLY_LIMIT - 200);
    assert.ok(policySize(atLimit) <= SIZE_ONLY_LIMIT);
    assert.ok(parsePolicyModel(atLimit).root, 'a document within the limit is parsed');
    assert.ok(lintPolicy({ uri: 'p.json', text: atLimit }, { catalog, kind: 'identity' }).some((f) => f.code === 'policy-too-large'));

    const huge = policyOf(3_000_000);
    const model = parsePolicyModel(huge);
    assert.equal(model.oversized, true);
    assert.equal(model.root, undefined);
    const started = performance.now();
    const findings = lintModel({ uri: 'p.json', text: huge }, model, { catalog });
    const ms = performance.now() - started;
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, 'policy-too-large');
    assert.equal(findings[0].severity, 'error');
    assert.match(findings[0].message, /far more than IAM accepts/);
    assert.deepEqual(findings[0].range, { start: 0, end: 1 });
    // The classification's token scan dominates; a full lint of this file took over 500 ms with the old parser.
    assert.ok(ms < 200, `a 3 MB document took ${ms.toFixed(0)} ms`);
    assert.deepEqual(completePolicy(model, 40, { catalog }), [], 'nothing to complete in a document too large to check');
    // Just over the limit is enough, whatever the text looks like.
    const over = `${'x'.repeat(SIZE_ONLY_LIMIT + 1)}`;
    assert.equal(parsePolicyModel(over).oversized, true);
    assert.equal(parsePolicyModel(`"${'x'.repeat(SIZE_ONLY_LIMIT - 2)}"`).oversized, false);
  });
});

describe('policy model cache', () => {
  const counting = () => {
    const cache = new ModelCache((text: string) => ({ text }), { maxEntries: 2, ttlMs: 1000, now: () => clock });
    let clock = 0;
    return { cache, tick: (ms: number) => (clock += ms) };
  };

  it('builds one model per (uri, version) and reads the text only then', () => {
    const { cache } = counting();
    let reads = 0;
    const text = () => (reads++, 'v1');
    const a = cache.get('file:///a.json', 1, text);
    assert.equal(cache.get('file:///a.json', 1, text), a);
    assert.equal(reads, 1);
    assert.equal(cache.built, 1);
    const b = cache.get('file:///a.json', 2, () => 'v2');
    assert.notEqual(b, a);
    assert.equal(b.text, 'v2');
    assert.equal(cache.size, 1, 'the old version is replaced, not kept');
  });

  it('keeps at most maxEntries documents, dropping the least recently used', () => {
    const { cache } = counting();
    cache.get('a', 1, () => 'a');
    cache.get('b', 1, () => 'b');
    cache.get('a', 1, () => 'a'); // a is now the most recently used
    cache.get('c', 1, () => 'c');
    assert.equal(cache.size, 2);
    assert.equal(cache.built, 3);
    cache.get('a', 1, () => 'a');
    assert.equal(cache.built, 3, 'a was kept');
    cache.get('b', 1, () => 'b');
    assert.equal(cache.built, 4, 'b was dropped');
  });

  it('drops a model not asked for within ttlMs, and a deleted document', () => {
    const { cache, tick } = counting();
    cache.get('a', 1, () => 'a');
    tick(500);
    cache.get('a', 1, () => 'a');
    tick(900);
    cache.get('a', 1, () => 'a');
    assert.equal(cache.built, 1, 'each ask renews the model');
    tick(1001);
    cache.get('b', 1, () => 'b');
    assert.equal(cache.size, 1, 'a expired');
    cache.delete('b');
    assert.equal(cache.size, 0);
  });
});
