import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractEvents } from '../../../src/core/logs/extract';
import { createMarkerScanner } from '../../../src/core/logs/marker-scanner';
import { LINE_MARKERS, MARKER_RE } from '../../../src/core/logs/markers';
import { LogIndex, type ByteSource } from '../../../src/core/logs/log-index';
import { LogStreamScanner, scanLogStream } from '../../../src/core/logs/stream';
import { prng } from '../prng';

const enc = new TextEncoder();
const example = fs.readFileSync(path.join(__dirname, '../../../examples/msp/logs/vsbkp.log'), 'utf8');

/** The 0-based lines the scanner flags in `text`, and its newline count. */
function flagged(text: string): { lines: number[]; newlines: number } {
  const bytes = enc.encode(text);
  const scanner = createMarkerScanner(LINE_MARKERS);
  scanner.buffer(bytes.length).set(bytes);
  const r = scanner.scan(0, bytes.length);
  return { lines: [...r.hits.subarray(0, r.count * 2)].filter((_, i) => i % 2 === 1), newlines: r.newlines };
}

/** What MARKER_RE, the parser's gate, flags line by line. */
function expected(text: string): { lines: number[]; newlines: number } {
  const lines = text.split('\n');
  return { lines: lines.flatMap((l, i) => (MARKER_RE.test(l) ? [i] : [])), newlines: lines.length - 1 };
}

/** A reader over `bytes` that hands out at most `step` bytes per call, as a slow pipe would. */
function reader(bytes: Uint8Array, step: number): (into: Uint8Array) => number {
  let at = 0;
  return (into) => {
    const n = Math.min(step, into.length, bytes.length - at);
    into.set(bytes.subarray(at, at + n));
    at += n;
    return n;
  };
}

const connect = (job: number) =>
  `4312  7f3c   11/20 02:00:02 ${job} CAmazonInfo::Connect() - Connecting to Url=[default], username[arn:aws:iam::222222222222:role/vsa-role]`;
const denied = (job: number) =>
  `4312  7f3c   11/20 02:00:03 ${job} AmazonConnection::ValidateCredentials() - Failed to assume role. Error [AccessDenied] on resource: arn:aws:iam::222222222222:role/vsa-role`;
const noise = (job: number) => `4312  7f3c   11/20 02:00:01 ${job} CVSAmazonBackup::BackupVM() - Creating snapshot of volume [vol-0a1b2c3d4e5f60718]`;

describe('logs: marker scanner boundaries', () => {
  it('flags a marker at the very start and the very end of the range, in any letter case', () => {
    assert.deepEqual(flagged('error'), { lines: [0], newlines: 0 });
    assert.deepEqual(flagged('x\nErRoR'), { lines: [1], newlines: 1 });
    assert.deepEqual(flagged('FATAL\nok\nat the end: camazoninfo::CONNECT'), { lines: [0, 2], newlines: 2 });
    assert.deepEqual(flagged('errorerror fatal\n\n\n'), { lines: [0], newlines: 3 });
  });

  it('never joins a marker across a newline or a CR, and ignores NUL and high bytes around markers', () => {
    assert.deepEqual(flagged('err\nor\nfat\r\nal\n'), { lines: [], newlines: 4 });
    assert.deepEqual(flagged('\0\0failed\0\n\xff\xfeinvalid\r\n\0'), { lines: [0, 1], newlines: 2 });
    assert.deepEqual(flagged('erro\0r'), { lines: [], newlines: 0 });
  });

  it('flags exactly the lines MARKER_RE flags in random text made of marker pieces', () => {
    const next = prng(11);
    const pieces = [
      ...LINE_MARKERS,
      ...LINE_MARKERS.map((m) => m.slice(0, -1)),
      ...LINE_MARKERS.map((m) => m.slice(1).toUpperCase()),
      'e',
      'r',
      'o',
      ' ',
      '\n',
      '\r\n',
      '::',
      '\0',
      'é',
      'x',
    ];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = Math.floor(next() * 80);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)];
      assert.deepEqual(flagged(text), expected(text), JSON.stringify(text));
    }
  });
});

describe('logs: streaming extraction boundaries', () => {
  const lines = [...Array(4000).keys()].map((i) => (i % 50 === 7 ? connect(i) : i % 50 === 8 ? denied(i) : noise(i)));
  const crlf = enc.encode(lines.join('\r\n') + '\r\n');
  const want = extractEvents(lines.join('\n'));

  it('finds a marker split across two chunks at every split point', async () => {
    const text = `${noise(1)}\n${denied(2)}\n${noise(3)}\n`;
    const bytes = enc.encode(text);
    const marker = text.indexOf('ValidateCredentials');
    const events = extractEvents(text);
    assert.equal(events.length, 1);
    for (let cut = marker - 1; cut <= marker + 'ValidateCredentials'.length + 1; cut++) {
      const r = await scanLogStream([bytes.subarray(0, cut), bytes.subarray(cut)]);
      assert.deepEqual(r.events, events, `cut at ${cut}`);
    }
  });

  it('reading straight into the work buffer gives the same events, whatever the reader hands out', async () => {
    assert.ok(crlf.length > 300_000 && want.length === 160);
    for (const step of [7, 4093, 65536, 1 << 20]) {
      const r = await scanLogStream(reader(crlf, step));
      assert.deepEqual(r.events, want, `step ${step}`);
      assert.equal(r.lines, 4000);
      assert.ok(!r.events.some((e) => e.message.endsWith('\r')));
    }
  });

  it('a CRLF split between chunks still counts one line and drops the CR', async () => {
    const bytes = enc.encode(`${denied(1)}\r\n${connect(2)}\r\n`);
    const cr = bytes.indexOf(13);
    const r = await scanLogStream([bytes.subarray(0, cr + 1), bytes.subarray(cr + 1)]);
    assert.deepEqual(r.events, extractEvents(`${denied(1)}\n${connect(2)}\n`));
    assert.equal(r.lines, 2);
  });

  it('finds a marker deep inside a line longer than the work buffer, and one straddling a slice boundary', async () => {
    const slice = new LogStreamScanner().sliceBytes;
    const long = `${noise(1)} ${'y'.repeat(slice + 1000)} then it failed\n`;
    const straddle = `${'z'.repeat(slice - 5 - (long.length % slice))}ValidateCredentials() failed\n`;
    const text = `${long}${straddle}${denied(3)}\n`;
    const bytes = enc.encode(text);
    assert.equal(bytes.length, text.length);
    assert.equal(text.indexOf('ValidateCredentials') % slice, slice - 5);
    for (const source of [[bytes], reader(bytes, 1 << 20), reader(bytes, 1000)]) {
      const r = await scanLogStream(source);
      assert.deepEqual(
        r.events.map((e) => [e.kind, e.line]),
        [
          ['error', 1],
          ['error', 2],
          ['error', 3],
        ],
      );
      assert.equal(r.lines, 3);
    }
  });

  it('a file ending without a newline: the last line is counted and scanned', async () => {
    for (const end of ['', '\r']) {
      const bytes = enc.encode(`${noise(1)}\n${denied(2)}${end}`);
      for (const source of [[bytes], reader(bytes, 5), reader(bytes, 1 << 20)]) {
        const r = await scanLogStream(source);
        assert.deepEqual(
          r.events.map((e) => [e.kind, e.line, e.errorCode]),
          [['error', 2, 'AccessDenied']],
        );
        assert.equal(r.lines, 2);
        assert.ok(!r.events[0].message.endsWith('\r'));
      }
    }
  });

  it('NUL bytes: events around them are still found, and the result carries a warning', async () => {
    const text = `${noise(1)}\0\0\n${denied(2)}\0\n\0${connect(3)}\n`;
    const r = await scanLogStream([enc.encode(text)]);
    assert.deepEqual(r.events, extractEvents(text));
    assert.equal(r.events.length, 2);
    assert.match(r.warning ?? '', /looks binary \(it contains NUL bytes\).*save it as UTF-8/);
    assert.equal((await scanLogStream([enc.encode(lines.join('\n'))])).warning, undefined);
  });
});

describe('logs: UTF-16 logs', () => {
  const utf8 = extractEvents(example);
  const accented = `${denied(7)} for user Zoë 👤\r\n`;

  for (const order of ['utf-16le', 'utf-16be'] as const) {
    /** The text as a UTF-16 file with its byte-order mark. */
    const encode = (text: string): Uint8Array => {
      const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
      return order === 'utf-16le' ? le : le.swap16();
    };

    it(`${order} with a byte-order mark gives the events of the same log in UTF-8, whatever the chunk size`, async () => {
      assert.equal(utf8.length, 9);
      const bytes = encode(example);
      for (const size of [1, 3, 4097, bytes.length]) {
        const parts: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
        const r = await scanLogStream(parts);
        assert.equal(r.encoding, order);
        assert.deepEqual(r.events, utf8, `chunk size ${size}`);
        assert.equal(r.lines, 12);
        assert.equal(r.warning, undefined);
      }
    });

    it(`${order}: the reader path decodes too, keeping characters outside ASCII`, async () => {
      const r = await scanLogStream(reader(encode(example + accented), 5));
      assert.equal(r.events.length, 10);
      assert.match(r.events[9].message, /Zoë 👤$/);
    });
  }

  it('the line index of a UTF-16 file reads lines back from file-offset checkpoints, cutting long ones', async () => {
    const lines = [...Array(6000).keys()].map((i) =>
      i % 997 === 5 ? `Zoë ${'y'.repeat(9000 + i)}` : i % 50 === 8 ? denied(i) : `${i} ligne é 👤 ${'z'.repeat(i % 40)}`,
    );
    for (const order of ['utf-16le', 'utf-16be'] as const) {
      const le = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf16le');
      const bytes = order === 'utf-16le' ? le : le.swap16();
      const index = new LogIndex();
      for (let i = 0; i < bytes.length; i += 9999) index.append(bytes.subarray(i, i + 9999));
      index.finish();
      assert.equal(index.lineCount, 6000);
      assert.ok(index.checkpoints >= 8, `${index.checkpoints} checkpoints`);
      assert.equal(index.events.length, 120);
      const source: ByteSource = { read: async (o, n) => bytes.subarray(o, Math.min(bytes.length, o + n)) };
      for (const first of [1, 2, 6, 7, 1000, 2999, 5995]) {
        const got = await index.readLines(source, first, 12, 1000);
        const want = lines.slice(first - 1, first + 11).map((l) => (l.length > 1000 ? `${l.slice(0, 1000)}…` : l));
        assert.deepEqual(got, want, `${order} from line ${first}`);
      }
      assert.deepEqual(await index.readLines(source, 6001, 3), []);
    }
  });

  it('random bytes after a UTF-16 byte-order mark: no exception, lines read back', async () => {
    const next = prng(3);
    for (let round = 0; round < 20; round++) {
      const bytes = new Uint8Array(2 + Math.floor(next() * 200_000)).map(() => Math.floor(next() * 256));
      bytes.set(round % 2 ? [0xfe, 0xff] : [0xff, 0xfe]);
      const size = 1 + Math.floor(next() * 9000);
      const parts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
      const r = await scanLogStream(parts, { maxLineBytes: 4096 });
      assert.ok(r.lines >= 1 && r.encoding !== 'utf-8');
      const index = new LogIndex();
      for (const p of parts) index.append(p);
      index.finish();
      const read = await index.readLines({ read: async (o, n) => bytes.subarray(o, o + n) }, Math.max(1, index.lineCount - 3), 5, 100);
      assert.ok(read.length >= 1 && read.length <= 5 && read.every((l) => l.length <= 101));
    }
  });

  it('two bytes that merely look like a byte-order mark later in a file change nothing', async () => {
    const r = await scanLogStream([enc.encode(`${noise(1)}\n`), new Uint8Array([0xff, 0xfe]), enc.encode(`\n${denied(2)}\n`)]);
    assert.equal(r.encoding, 'utf-8');
    assert.deepEqual(
      r.events.map((e) => e.line),
      [3],
    );
  });
});
