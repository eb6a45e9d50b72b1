import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractEvents } from '../../../src/core/logs/extract';
import { LogIndex, type ByteSource } from '../../../src/core/logs/log-index';
import { createMarkerScanner } from '../../../src/core/logs/marker-scanner';
import { LINE_MARKERS, MARKER_RE } from '../../../src/core/logs/markers';
import { LogStreamScanner, scanLogStream } from '../../../src/core/logs/stream';

const example = fs.readFileSync(path.join(__dirname, '../../../examples/msp/logs/vsbkp.log'));

/** A log with every kind of line the parser knows, clean and mangled, plus noise. */
function mixedLog(lines: number): string {
  const pick = [
    (i: number) =>
      `4312  7f3c   11/20 02:00:01 ${1000 + (i >> 4)} CVSAmazonBackup::BackupVM() - Creating snapshot of volume [vol-0a1b2c3d4e5f6${i % 10}] details available`,
    (i: number) =>
      `4312  7f3c   11/20 02:00:02 ${1000 + (i >> 4)} CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::22222222222${i % 10}:role/vsa-role]`,
    (i: number) =>
      `6924f48   11/20 02:00:02 ${1000 + (i >> 4)} AmazonConnection::ValidateCredentials() \u2013 Assume role [arn:aws:iam:: 22222222222${i % 10}  :role/vsa-role]`,
    (i: number) =>
      `4312  81a0   11/20 02:05:12 ${1000 + (i >> 4)} AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] on resource: arn:aws:iam::33333333333${i % 10}:role/vsa-role`,
    () => `960f6c   05/09 11:24:04 16972 CAmazonInfo::Connect() - Connecting to Url=[default], `,
    () => ``,
    () => `username[arn:aws:iam::xxxxxxxxxxxx:role/VSA_Role] `,
    () => `4312  7f3c   11/20 02:00:04 ### ArchiveFileHelper::writeChunk() - FATAL: disk full`,
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(pick[(i * 7 + (i >> 3)) % pick.length](i));
  // Mixed line ends, as logs copied between Windows and Linux have.
  return out.map((l, i) => (i % 3 ? `${l}\n` : `${l}\r\n`)).join('');
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('logs: byte marker scanner', () => {
  it('finds marker lines and counts newlines', () => {
    const scanner = createMarkerScanner(LINE_MARKERS);
    const text = 'noise\nxx CAMAZONINFO::connect yy\n\nfailed twice: failed\nok\nAccessDenied';
    const bytes = new TextEncoder().encode(text);
    const buf = scanner.buffer(bytes.length);
    buf.set(bytes);
    const r = scanner.scan(0, bytes.length);
    assert.equal(r.newlines, 5);
    assert.deepEqual(
      [...r.hits.subarray(0, r.count * 2)].filter((_, i) => i % 2 === 1),
      [1, 3, 5],
    );
  });

  it('flags exactly the lines MARKER_RE flags on a large mixed buffer', () => {
    const text = mixedLog(20000);
    const bytes = new TextEncoder().encode(text);
    const s = createMarkerScanner(LINE_MARKERS);
    s.buffer(bytes.length).set(bytes);
    const r = s.scan(0, bytes.length);
    const lines = text.split('\n');
    const want = lines.flatMap((l, i) => (MARKER_RE.test(l) ? [i] : []));
    assert.ok(want.length > 1000);
    assert.equal(r.newlines, lines.length - 1);
    assert.deepEqual(
      [...r.hits.subarray(0, r.count * 2)].filter((_, i) => i % 2 === 1),
      want,
    );
  });
});

describe('logs: streaming extraction', () => {
  const text = [...Array(3000).keys()].map((i) => mixedLogLine(i)).join('\n');

  it('matches the text extraction on the example log, whatever the chunk size', async () => {
    const expected = extractEvents(example.toString('utf8'));
    assert.equal(expected.length, 9);
    for (const size of [1, 3, 17, 64, 4096]) {
      const r = await scanLogStream(chunks(example, size));
      assert.deepEqual(r.events, expected, `chunk size ${size}`);
      assert.equal(r.lines, 12);
    }
  });

  it('matches the text extraction on a large mixed log, with small checkpoints', async () => {
    const bytes = new TextEncoder().encode(text);
    const expected = extractEvents(text);
    assert.ok(expected.length > 1000);
    for (const size of [1000, 65536, 777]) {
      const r = await scanLogStream(chunks(bytes, size), { checkpointBytes: 4096 });
      assert.deepEqual(r.events, expected, `chunk ${size}`);
      assert.equal(r.lines, 3000);
    }
  });

  it('reports checkpoints at line starts with the right line numbers', () => {
    const bytes = new TextEncoder().encode(text);
    const starts = [0];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
    const seen: [number, number][] = [];
    const scanner = new LogStreamScanner({ checkpointBytes: 2048, onCheckpoint: (o, l) => seen.push([o, l]) });
    for (const c of chunks(bytes, 5000)) scanner.push(c);
    scanner.end();
    assert.ok(seen.length > 20);
    for (const [offset, line] of seen) assert.equal(starts[line - 1], offset);
  });

  it('counts a last line without a newline, handles a BOM and CRLF', async () => {
    const bytes = new TextEncoder().encode(
      '\uFEFF4312  7f3c   11/20 02:00:02 1 CAmazonInfo::Connect() - Url=[default], username[arn:aws:iam::222222222222:role/r]\r\nx\r\n1 a 01/01 00:00:00 5 X::Y() - failed',
    );
    const r = await scanLogStream([bytes]);
    assert.equal(r.lines, 3);
    assert.deepEqual(
      r.events.map((e) => [e.kind, e.line, e.pid]),
      [
        ['connect', 1, '4312'],
        ['error', 3, '1'],
      ],
    );
    assert.ok(!r.events[0].message.endsWith('\r'));
  });

  it('cuts over-long lines at the limit and keeps counting lines after them', async () => {
    const long = 'x'.repeat(300_000);
    const text2 = `1 a 01/01 00:00:00 5 X::Y() - failed ${long} failed\n${long}${long}\n1 a 01/01 00:00:00 5 CAmazonInfo::Connect() - username[arn:aws:iam::222222222222:role/r]\n`;
    const r = await scanLogStream(chunks(new TextEncoder().encode(text2), 65536), { maxLineBytes: 100_000 });
    assert.equal(r.lines, 3);
    assert.deepEqual(
      r.events.map((e) => [e.kind, e.line]),
      [
        ['error', 1],
        ['connect', 3],
      ],
    );
    assert.ok(r.events[0].message.length < 100_100);
  });
});

function mixedLogLine(i: number): string {
  const lines = mixedLog(8).split('\n');
  return lines[i % lines.length];
}

describe('logs: sparse line index', () => {
  const lines = [...Array(5000).keys()].map((i) => (i % 97 === 5 ? 'y'.repeat(70_000 + i) : `${i} line ${'z'.repeat(i % 50)}`));
  const bytes = new TextEncoder().encode(lines.join('\r\n') + '\r\n');
  const source: ByteSource = { read: async (o, n) => bytes.subarray(o, Math.min(bytes.length, o + n)) };

  it('reads any range of lines the same as splitting the text, cutting long lines', async () => {
    const index = new LogIndex();
    for (const c of chunks(bytes, 100_000)) index.append(c);
    index.finish();
    assert.equal(index.lineCount, 5000);
    assert.ok(index.checkpoints > 10);
    for (const first of [1, 2, 5, 6, 7, 100, 1999, 4990]) {
      const got = await index.readLines(source, first, 12, 1000);
      const want = lines.slice(first - 1, first + 11).map((l) => (l.length > 1000 ? `${l.slice(0, 1000)}…` : l));
      assert.deepEqual(got, want, `from line ${first}`);
    }
    assert.deepEqual(await index.readLines(source, 5001, 5), []);
  });

  it('follows a growing file: appended bytes add lines and events', async () => {
    const index = new LogIndex();
    const enc = new TextEncoder();
    index.append(enc.encode('a\nb\n1 a 01/01 00:00:00 5 X::Y() - par'));
    assert.equal(index.lineCount, 3);
    assert.equal(index.events.length, 0);
    const added = index.append(enc.encode('tial failed\nc\n'));
    assert.equal(index.lineCount, 4);
    assert.deepEqual(
      added.map((e) => [e.kind, e.line]),
      [['error', 3]],
    );
    const all = enc.encode('a\nb\n1 a 01/01 00:00:00 5 X::Y() - partial failed\nc\n');
    assert.deepEqual(await index.readLines({ read: async (o, n) => all.subarray(o, o + n) }, 3, 5), ['1 a 01/01 00:00:00 5 X::Y() - partial failed', 'c']);
  });
});
