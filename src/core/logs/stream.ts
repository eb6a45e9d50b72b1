// Streaming event extraction over chunks of bytes: never holds the file as one string, parses only the lines the byte scanner flags.
import { LogEventExtractor } from './extract';
import { LINE_MARKERS } from './markers';
import { createMarkerScanner, type MarkerScanner } from './marker-scanner';
import type { LogEvent } from './model';

export interface StreamOptions {
  /** Longest line parsed; longer lines are cut there (their end is skipped, still counted). */
  maxLineBytes?: number;
  /** Called at line starts about every `checkpointBytes` (the viewer's sparse line index). */
  onCheckpoint?(offset: number, line: number): void;
  checkpointBytes?: number;
}

/** How the bytes were read: UTF-8 (or ASCII), or UTF-16 announced by a byte-order mark. */
export type LogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes at the start that decide the encoding and whether the file looks binary. */
const SNIFF_BYTES = 64 * 1024;

const DEFAULT_MAX_LINE = 1 << 20;
const DEFAULT_CHECKPOINT = 64 * 1024;

/**
 * Push chunks in file order, then call `end()`. Lines are 1-based and split on '\n' (a CR
 * before it is dropped). A UTF-16 file with a byte-order mark is decoded to UTF-8 first, a
 * whole number of lines at a time, so that its checkpoints can still name file offsets.
 */
export class LogStreamScanner {
  private readonly scanner: MarkerScanner;
  private readonly extractor = new LogEventExtractor();
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxLine: number;
  private readonly checkpointBytes: number;
  /** Bytes at the start of the work buffer that belong to a line not yet ended. */
  private carry = 0;
  /** Absolute offset of the work buffer's first byte. */
  private base = 0;
  /** 1-based line number at the work buffer's start. */
  private lineBase = 1;
  /** Inside an over-long line whose start was already handled: its rest is skipped. */
  private skipping = false;
  /** Last line fed to the extractor, so continuation feeding never feeds a line twice. */
  private lastFed = 0;
  private nextCheckpoint = 0;
  private bytesSeen = 0;
  /** Undefined until the first bytes are seen (a byte-order mark needs two). */
  private detected: LogEncoding | undefined;
  private head = new Uint8Array(0);
  private utf16: InstanceType<typeof TextDecoder> | undefined;
  /** UTF-16 only: decoded text after the last newline, and code units passed on so far. */
  private text16 = '';
  private units16 = 0;
  private readonly utf8 = new TextEncoder();
  private nulSeen = false;

  constructor(private readonly options: StreamOptions = {}) {
    this.scanner = createMarkerScanner(LINE_MARKERS);
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    this.checkpointBytes = options.checkpointBytes ?? DEFAULT_CHECKPOINT;
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.bytesSeen;
  }

  /** Complete lines seen so far (a final line without '\n' counts after `end()`). */
  get lines(): number {
    return this.lineBase - 1;
  }

  /** Whether bytes of an unfinished last line are waiting for their '\n'. */
  get partialLine(): boolean {
    return this.carry > 0 || this.skipping;
  }

  /** The encoding read (UTF-8 until a UTF-16 byte-order mark says otherwise). */
  get encoding(): LogEncoding {
    return this.detected ?? 'utf-8';
  }

  /**
   * A sentence for the user when the bytes do not look like a text log (NUL bytes in the first
   * 64 KB of a file that is not UTF-16 with a byte-order mark), else undefined.
   */
  get warning(): string | undefined {
    return this.nulSeen
      ? 'This file looks binary (it contains NUL bytes), so events found in it may be noise. If it is a UTF-16 log without a byte-order mark, save it as UTF-8 and run again.'
      : undefined;
  }

  push(chunk: Uint8Array): LogEvent[] {
    this.bytesSeen += chunk.length;
    if (!this.detected) {
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      if (joined.length < 2) {
        this.head = joined;
        return [];
      }
      this.head = new Uint8Array(0);
      this.detect(joined);
      chunk = joined;
    }
    if (this.utf16) return this.pushText(this.utf16.decode(chunk, { stream: true }), false);
    if (this.bytesSeen - chunk.length < SNIFF_BYTES && !this.nulSeen) {
      this.nulSeen = chunk.subarray(0, SNIFF_BYTES - (this.bytesSeen - chunk.length)).includes(0);
    }
    return this.pushUtf8(chunk);
  }

  /** Reads the byte-order mark, if any (TextDecoder drops it from the text). */
  private detect(first: Uint8Array): void {
    if (first[0] === 0xff && first[1] === 0xfe) this.detected = 'utf-16le';
    else if (first[0] === 0xfe && first[1] === 0xff) this.detected = 'utf-16be';
    else this.detected = 'utf-8';
    if (this.detected !== 'utf-8') this.utf16 = new TextDecoder(this.detected);
  }

  /**
   * Like `push`, but `read` writes up to `size` bytes straight into the work buffer, which
   * saves copying every byte once. Returns how many bytes `read` gave (0 at the end) and the
   * events found.
   */
  pushFrom(size: number, read: (into: Uint8Array) => number): { bytes: number; events: LogEvent[] } {
    if (!this.detected || this.utf16 || this.bytesSeen < SNIFF_BYTES) {
      // The first bytes (encoding, NUL check) and UTF-16 go the ordinary way.
      const chunk = new Uint8Array(size);
      const bytes = read(chunk);
      return { bytes, events: bytes ? this.push(chunk.subarray(0, bytes)) : [] };
    }
    const buf = this.scanner.buffer(this.carry + size);
    const bytes = read(buf.subarray(this.carry, this.carry + size));
    this.bytesSeen += bytes;
    const events: LogEvent[] = [];
    if (bytes) this.afterFill(this.carry + bytes, events);
    return { bytes, events };
  }

  /**
   * Decoded UTF-16 text goes on up to its last newline; a line start there is a checkpoint at
   * the file offset 2 (the byte-order mark) + 2 per code unit. The rest waits for its newline,
   * unless it grows past the longest line parsed.
   */
  private pushText(text: string, last: boolean): LogEvent[] {
    text = this.text16 + text;
    const cut = last || text.length > this.maxLine ? text.length : text.lastIndexOf('\n') + 1;
    this.text16 = text.slice(cut);
    if (cut === 0) return [];
    const out = this.pushUtf8(this.utf8.encode(text.slice(0, cut)));
    this.units16 += cut;
    const offset = 2 + 2 * this.units16;
    if (this.options.onCheckpoint && !this.partialLine && offset >= this.nextCheckpoint) {
      this.options.onCheckpoint(offset, this.lineBase);
      this.nextCheckpoint = offset + this.checkpointBytes;
    }
    return out;
  }

  private pushUtf8(chunk: Uint8Array): LogEvent[] {
    const out: LogEvent[] = [];
    let at = 0;
    // Large chunks go through in slices so the work buffer stays small.
    const slice = this.sliceBytes;
    while (at < chunk.length) {
      const part = chunk.subarray(at, at + slice);
      at += part.length;
      this.pushPart(part, out);
    }
    return out;
  }

  end(): LogEvent[] {
    const out: LogEvent[] = [];
    if (!this.detected && this.head.length > 0) {
      this.detected = 'utf-8';
      out.push(...this.pushUtf8(this.head));
    }
    if (this.utf16) out.push(...this.pushText(this.utf16.decode(), true));
    if (this.skipping) {
      this.lineBase++;
      this.skipping = false;
    } else if (this.carry > 0) {
      const buf = this.scanner.buffer(this.carry + 1);
      // Terminate the last line so the scanner and line splitting treat it like the others.
      buf[this.carry] = 10;
      this.region(buf, 0, this.carry + 1, out);
      this.carry = 0;
    }
    out.push(...this.extractor.end());
    return out;
  }

  /** Bytes handled at a time: a work buffer this size stays in the CPU's cache. */
  get sliceBytes(): number {
    return Math.max(this.checkpointBytes, 256 * 1024);
  }

  private pushPart(part: Uint8Array, out: LogEvent[]): void {
    this.scanner.buffer(this.carry + part.length).set(part, this.carry);
    this.afterFill(this.carry + part.length, out);
  }

  /** Scans the complete lines of the work buffer's first `total` bytes; keeps the rest as carry. */
  private afterFill(total: number, out: LogEvent[]): void {
    let buf = this.scanner.buffer(total);
    const lastNl = buf.lastIndexOf(10, total - 1);
    if (lastNl < 0) {
      if (this.skipping) {
        this.base += total;
        this.carry = 0;
        return;
      }
      this.carry = total;
      if (this.carry > this.maxLine) this.overlong(buf, out);
      return;
    }
    let start = 0;
    if (this.skipping) {
      // The rest of an over-long line: count its newline, parse nothing of it.
      start = buf.indexOf(10) + 1;
      this.skipping = false;
      this.lineBase++;
    }
    if (start < lastNl + 1) this.region(buf, start, lastNl + 1, out);
    const rest = total - (lastNl + 1);
    this.base += lastNl + 1;
    buf.copyWithin(0, lastNl + 1, total);
    this.carry = rest;
    if (this.carry > this.maxLine) {
      buf = this.scanner.buffer(this.carry);
      this.overlong(buf, out);
    }
  }

  /** A line longer than the limit with no end in sight: parse its head now, skip the rest. */
  private overlong(buf: Uint8Array, out: LogEvent[]): void {
    const keep = this.maxLine;
    const tail = buf[keep];
    buf[keep] = 10;
    this.checkpoint(0);
    this.region(buf, 0, keep + 1, out);
    buf[keep] = tail;
    this.lineBase--; // the line has not ended
    this.base += this.carry;
    this.carry = 0;
    this.skipping = true;
  }

  /** Scans whole lines buf[start, end) (end just past a '\n'), in slices with checkpoints. */
  private region(buf: Uint8Array, start: number, end: number, out: LogEvent[]): void {
    while (start < end) {
      let stop = end;
      if (end - start > this.checkpointBytes) {
        const nl = buf.indexOf(10, start + this.checkpointBytes);
        stop = nl < 0 || nl >= end ? end : nl + 1;
      }
      this.checkpoint(start);
      this.slice(buf, start, stop, out);
      start = stop;
    }
  }

  private checkpoint(start: number): void {
    const offset = this.base + start;
    if (this.options.onCheckpoint && !this.utf16 && offset >= this.nextCheckpoint) {
      this.options.onCheckpoint(offset, this.lineBase);
      this.nextCheckpoint = offset + this.checkpointBytes;
    }
  }

  private slice(buf: Uint8Array, start: number, end: number, out: LogEvent[]): void {
    const { newlines, count, hits } = this.scanner.scan(start, end);
    const lineBase = this.lineBase;
    // A held event wants the slice's first line even though the scanner did not flag it.
    if (this.extractor.wantsNextLine) this.feedFrom(buf, start, end, lineBase, out);
    for (let i = 0; i < count; i++) {
      const line = lineBase + hits[i * 2 + 1];
      if (line <= this.lastFed) continue;
      const pos = hits[i * 2];
      const from = pos <= start ? start : buf.lastIndexOf(10, pos - 1) + 1;
      this.feedFrom(buf, Math.max(from, start), end, line, out);
    }
    this.lineBase += newlines;
  }

  /** Feeds the line at `from`, then following lines while the extractor wants them. */
  private feedFrom(buf: Uint8Array, from: number, end: number, line: number, out: LogEvent[]): void {
    do {
      if (from >= end) return;
      let nl = buf.indexOf(10, from);
      if (nl < 0 || nl >= end) nl = end;
      const text = this.decoder.decode(buf.subarray(from, Math.min(nl, from + this.maxLine)));
      out.push(...this.extractor.push(text, line));
      this.lastFed = line;
      from = nl + 1;
      line++;
    } while (this.extractor.wantsNextLine);
  }
}

export interface LogScanResult {
  /** The events, unless `onEvent` took them. */
  events: LogEvent[];
  lines: number;
  bytes: number;
  encoding: LogEncoding;
  /** Why the result may not be trustworthy (a binary file), for the user; else undefined. */
  warning?: string;
}

const YIELD_BYTES = 4 * 1024 * 1024;
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => ((globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ?? setTimeout)(resolve));

/**
 * Where bytes come from: chunks (a Node Readable, a web stream reader, an array), or a reader
 * that fills the array it is given and returns the count, 0 at the end (the scanner then reads
 * straight into its work buffer).
 */
export type LogSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ((into: Uint8Array) => number);

/** Extracts every event from a source of bytes. */
export async function scanLogStream(
  source: LogSource,
  options: StreamOptions & { onEvent?(event: LogEvent): void; onProgress?(bytes: number): void; signal?: AbortSignal } = {},
): Promise<LogScanResult> {
  const scanner = new LogStreamScanner(options);
  const events: LogEvent[] = [];
  const emit = (list: LogEvent[]) => {
    for (const e of list) {
      if (options.onEvent) options.onEvent(e);
      else events.push(e);
    }
  };
  if (typeof source === 'function') {
    for (let since = 0; ;) {
      if (options.signal?.aborted) throw new Error('Log scan cancelled.');
      const { bytes, events } = scanner.pushFrom(scanner.sliceBytes, source);
      emit(events);
      if (bytes === 0) break;
      options.onProgress?.(scanner.bytes);
      // A synchronous reader never lets the event loop run: give it a turn every few MB, so
      // output written for the events (a pipe) drains instead of piling up in memory.
      if ((since += bytes) >= YIELD_BYTES) {
        since = 0;
        await nextTurn();
      }
    }
  } else {
    for await (const chunk of source) {
      if (options.signal?.aborted) throw new Error('Log scan cancelled.');
      emit(scanner.push(chunk));
      options.onProgress?.(scanner.bytes);
    }
  }
  emit(scanner.end());
  return { events, lines: scanner.lines, bytes: scanner.bytes, encoding: scanner.encoding, warning: scanner.warning };
}
