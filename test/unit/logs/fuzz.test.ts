import assert from 'node:assert/strict';
import { extractEvents } from '../../../src/core/logs/extract';
import { LogIndex } from '../../../src/core/logs/log-index';
import { parseLine } from '../../../src/core/logs/parse';
import { scanLogStream } from '../../../src/core/logs/stream';
import { tokenizeLine } from '../../../src/core/logs/tokenize';
import { prng as rng } from '../prng';

const FRAGMENTS = [
  'CAmazonInfo::Connect()',
  'ValidateCredentials',
  'arn:aws:iam:: ',
  '123456789012',
  ':role/',
  '[',
  ']',
  ' - ',
  '\u2013',
  'Error [',
  'AccessDenied',
  'failed',
  '\r',
  '\n',
  '\uFEFF',
  '6924f48   05/08 20:07:24 16960 ',
  ' ',
  'Url=[',
  'x'.repeat(40),
];

describe('logs: fuzzing (no exception, no hang)', function () {
  this.timeout(60_000);

  it('random bytes through the stream scanner and the line index', async () => {
    const next = rng(42);
    for (let round = 0; round < 30; round++) {
      const bytes = new Uint8Array(20_000 + Math.floor(next() * 50_000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      const size = 1 + Math.floor(next() * 9000);
      const parts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      const started = Date.now();
      const r = await scanLogStream(parts, { maxLineBytes: 4096 });
      assert.ok(r.lines >= 1);
      const index = new LogIndex();
      for (const p of parts) index.append(p);
      index.finish();
      const read = await index.readLines({ read: async (o, n) => bytes.subarray(o, o + n) }, Math.max(1, index.lineCount - 3), 5);
      assert.ok(read.length <= 5);
      assert.ok(Date.now() - started < 5000);
    }
  });

  it('random mixtures of log fragments through the text parser and the tokenizer', () => {
    const next = rng(7);
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = Math.floor(next() * 60);
      for (let i = 0; i < n; i++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
      for (const e of extractEvents(text)) assert.ok(e.line >= 1 && e.endLine >= e.line);
      for (const line of text.split('\n')) {
        for (const [s, e] of tokenizeLine(line)) assert.ok(s >= 0 && e <= line.length && s < e);
      }
    }
  });

  it('a binary file (NULs, high bytes, no newlines) and an enormous line finish quickly', async () => {
    const binary = new Uint8Array(3_000_000).map((_, i) => (i * 2654435761) >>> 24);
    const started = Date.now();
    const r = await scanLogStream([binary.subarray(0, 1_000_000), binary.subarray(1_000_000)]);
    assert.ok(r.lines >= 1);
    const huge = `1 a 01/01 00:00:00 5 X::Y() - ${'arn:aws:iam:: 1'.repeat(200_000)} failed`;
    assert.doesNotThrow(() => parseLine(huge.slice(0, 1_000_000), 1));
    assert.doesNotThrow(() => tokenizeLine(huge));
    const line = new TextEncoder().encode(`${'a'.repeat(8_000_000)} failed\n`);
    const r2 = await scanLogStream([line]);
    assert.equal(r2.lines, 1);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });
});
