// The large-file viewer's model: a sparse line index built while streaming (checkpoints in typed arrays) and on-demand line reads.
import type { LogEvent } from './model';
import { LogStreamScanner } from './stream';

/** Random access to the file's bytes; a short (or empty) result means end of file. */
export interface ByteSource {
  read(offset: number, length: number): Promise<Uint8Array>;
}

const READ_BLOCK = 64 * 1024;

/**
 * Line starts every ~64 KB (offset, 1-based line), so memory grows by 16 bytes per 64 KB of
 * log; lines between checkpoints are found by reading from the nearest one.
 */
export class LogIndex {
  private offsets = new Float64Array(256);
  private lineNos = new Float64Array(256);
  private size = 0;
  private readonly scanner: LogStreamScanner;
  private readonly decoder = new TextDecoder('utf-8');
  /** Events found so far, capped at `maxEvents` (the rest are counted). */
  readonly events: LogEvent[] = [];
  droppedEvents = 0;
  /** Bytes indexed so far. */
  indexedBytes = 0;

  constructor(private readonly maxEvents = 100_000) {
    this.scanner = new LogStreamScanner({ onCheckpoint: (offset, line) => this.addCheckpoint(offset, line) });
  }

  /** Lines known so far, counting an unfinished last line. */
  get lineCount(): number {
    return this.scanner.lines + (this.scanner.partialLine ? 1 : 0);
  }

  get checkpoints(): number {
    return this.size;
  }

  /** Indexes the next bytes of the file (in order); returns the new events. */
  append(chunk: Uint8Array): LogEvent[] {
    this.indexedBytes += chunk.length;
    return this.keep(this.scanner.push(chunk));
  }

  /** Flushes an event still held back at the end of the file (call when the file stops growing). */
  finish(): LogEvent[] {
    return this.keep(this.scanner.end());
  }

  private keep(events: LogEvent[]): LogEvent[] {
    const room = Math.max(0, this.maxEvents - this.events.length);
    const kept = events.length <= room ? events : events.slice(0, room);
    this.droppedEvents += events.length - kept.length;
    this.events.push(...kept);
    return kept;
  }

  private addCheckpoint(offset: number, line: number): void {
    if (this.size && this.lineNos[this.size - 1] >= line) return;
    if (this.size === this.offsets.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.offsets = grow(this.offsets);
      this.lineNos = grow(this.lineNos);
    }
    this.offsets[this.size] = offset;
    this.lineNos[this.size] = line;
    this.size++;
  }

  /** The checkpoint at or before a 1-based line. */
  private nearest(line: number): { offset: number; line: number } {
    let lo = 0;
    let hi = this.size - 1;
    if (hi < 0 || this.lineNos[0] > line) return { offset: 0, line: 1 };
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineNos[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return { offset: this.offsets[lo], line: this.lineNos[lo] };
  }

  private checkpointFor(line: number): number | undefined {
    const cp = this.nearest(line);
    return cp.line === line ? cp.offset : undefined;
  }

  /**
   * Reads `count` lines from 1-based `first`, each cut at `maxChars` characters (a trailing '…'
   * marks the cut); CRs are dropped. Fewer lines come back at the end of the file.
   */
  async readLines(source: ByteSource, first: number, count: number, maxChars = 4000): Promise<string[]> {
    const out: string[] = [];
    if (count <= 0) return out;
    if (this.scanner.encoding !== 'utf-8') return this.readLines16(source, first, count, maxChars);
    const cp = this.nearest(Math.max(1, first));
    let pos = cp.offset;
    let line = cp.line;
    const maxBytes = maxChars * 4;
    while (out.length < count) {
      const block = await source.read(pos, READ_BLOCK);
      if (block.length === 0) break;
      let i = 0;
      for (;;) {
        const nl = block.indexOf(10, i);
        if (nl < 0) break;
        if (line >= first) out.push(this.text(block.subarray(i, nl), maxChars, maxBytes));
        line++;
        i = nl + 1;
        if (out.length >= count) return out;
      }
      if (i > 0 || block.length < READ_BLOCK) {
        // A final line without '\n', at the end of the file.
        if (block.length < READ_BLOCK && i < block.length) {
          if (line >= first) out.push(this.text(block.subarray(i), maxChars, maxBytes));
          break;
        }
        pos += i;
        continue;
      }
      // One line longer than a block: show its head, then jump to the next line.
      if (line >= first) out.push(this.text(block.subarray(0, maxBytes), maxChars, maxBytes, true));
      const next = this.checkpointFor(line + 1) ?? (await this.skipLine(source, pos));
      if (next === undefined) break;
      pos = next;
      line++;
    }
    return out;
  }

  /** `readLines` for a UTF-16 file: decodes blocks from the nearest checkpoint and splits the text. */
  private async readLines16(source: ByteSource, first: number, count: number, maxChars: number): Promise<string[]> {
    const out: string[] = [];
    const cp = this.nearest(Math.max(1, first));
    const decoder = new TextDecoder(this.scanner.encoding);
    let pos = cp.offset;
    let line = cp.line;
    let pending = '';
    /** The current line is longer than shown: its head is kept, the rest dropped up to its newline. */
    let long = false;
    for (;;) {
      const block = await source.read(pos, READ_BLOCK);
      pos += block.length;
      const done = block.length < READ_BLOCK;
      const text = decoder.decode(block, { stream: !done });
      let i = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', i)) {
        if (line >= first) out.push(this.shape(long ? pending : pending + text.slice(i, nl), maxChars, long));
        if (out.length >= count) return out;
        pending = '';
        long = false;
        line++;
        i = nl + 1;
      }
      if (!long) pending += text.slice(i);
      if (pending.length > maxChars + 1) {
        pending = pending.slice(0, maxChars + 1);
        long = true;
      }
      if (done) {
        if ((pending || long) && line >= first) out.push(this.shape(pending, maxChars, long));
        return out;
      }
    }
  }

  private async skipLine(source: ByteSource, pos: number): Promise<number | undefined> {
    for (;;) {
      const block = await source.read(pos, READ_BLOCK);
      if (block.length === 0) return undefined;
      const nl = block.indexOf(10);
      if (nl >= 0) return pos + nl + 1;
      pos += block.length;
    }
  }

  private text(bytes: Uint8Array, maxChars: number, maxBytes: number, cut = false): string {
    return this.shape(this.decoder.decode(bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes), maxChars, cut || bytes.length > maxBytes);
  }

  /** A line as shown: no CR or byte-order mark, cut at `maxChars` with a trailing '…'. */
  private shape(s: string, maxChars: number, cut: boolean): string {
    if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    if (s.length > maxChars || cut) s = `${s.slice(0, maxChars)}…`;
    return s;
  }
}
