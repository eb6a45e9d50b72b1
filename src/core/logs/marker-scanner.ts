// Finds the lines that contain a marker, and counts lines, in raw bytes at memory speed: an Aho-Corasick automaton run by a tiny WebAssembly loop.
//
// Why WebAssembly: a byte-at-a-time automaton in plain JavaScript runs at about a quarter of
// grep's speed, and repeated Buffer.indexOf passes (one per marker) are slower still. The
// module is a dozen instructions, encoded below so there is no build step; a plain JavaScript
// loop with the same table takes over where WebAssembly is unavailable.

/** A deterministic automaton over bytes: `table[(state << 8) | byte]` is the next state. */
interface Automaton {
  table: Uint16Array;
  /** The state entered on '\n'; states above it are accepting. */
  newline: number;
}

/** Builds the automaton; ASCII letters match regardless of case. */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  const enc = new TextEncoder();
  patterns = patterns.map((p) => p.toLowerCase());
  const goto: Int32Array[] = [new Int32Array(256).fill(-1)];
  const accept: boolean[] = [false];
  for (const p of patterns) {
    let s = 0;
    for (const byte of enc.encode(p)) {
      if (goto[s][byte] < 0) {
        goto[s][byte] = goto.length;
        goto.push(new Int32Array(256).fill(-1));
        accept.push(false);
      }
      s = goto[s][byte];
    }
    accept[s] = true;
  }
  // Breadth-first failure links turn the trie into a full transition table.
  const fail = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let c = 0; c < 256; c++) {
    const t = goto[0][c];
    if (t < 0) goto[0][c] = 0;
    else queue.push(t);
  }
  for (let head = 0; head < queue.length; head++) {
    const r = queue[head];
    accept[r] = accept[r] || accept[fail[r]];
    for (let c = 0; c < 256; c++) {
      const u = goto[r][c];
      if (u >= 0) {
        fail[u] = goto[fail[r]][c];
        queue.push(u);
      } else goto[r][c] = goto[fail[r]][c];
    }
  }
  // Renumber: plain states first, then the newline state, then accepting ones, so the hot loop
  // needs a single comparison to know whether anything happened.
  const n = goto.length;
  const plain: number[] = [];
  const accepting: number[] = [];
  for (let s = 0; s < n; s++) (accept[s] ? accepting : plain).push(s);
  const newline = plain.length;
  const id = new Int32Array(n);
  plain.forEach((s, i) => (id[s] = i));
  accepting.forEach((s, i) => (id[s] = newline + 1 + i));
  const order = [...plain, 0, ...accepting]; // the newline state behaves like the root
  if (order.length > 0xffff) throw new Error('Too many log markers for the scanner table.');
  const table = new Uint16Array(order.length * 256);
  order.forEach((src, s) => {
    for (let c = 0; c < 256; c++) table[(s << 8) | c] = c === 10 ? newline : id[goto[src][c >= 65 && c <= 90 ? c + 32 : c]];
  });
  return { table, newline };
}

export interface ScanResult {
  /** Newlines seen in the scanned range. */
  newlines: number;
  /** Number of hit lines; their data is in `hits`. */
  count: number;
  /** Pairs (offset of a marker's last byte, 0-based line within the range), one per hit line. */
  hits: Int32Array;
}

/**
 * Owns a work buffer; the caller writes bytes into `buffer(n)` and calls `scan`. Lines are
 * counted from the start of the range, which must be a line start.
 */
export interface MarkerScanner {
  buffer(capacity: number): Uint8Array;
  scan(start: number, end: number): ScanResult;
}

/** The bits of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export function createMarkerScanner(patterns: readonly string[], options: { wasm?: boolean } = {}): MarkerScanner {
  const automaton = buildAutomaton(patterns);
  if (options.wasm !== false && wasmApi) {
    try {
      return new WasmScanner(automaton, wasmApi);
    } catch {
      // Fall through: some hosts forbid WebAssembly compilation.
    }
  }
  return new JsScanner(automaton);
}

class JsScanner implements MarkerScanner {
  private buf = new Uint8Array(0);
  private hits = new Int32Array(1024);
  constructor(private readonly a: Automaton) {}

  buffer(capacity: number): Uint8Array {
    if (this.buf.length < capacity) {
      const next = new Uint8Array(Math.max(capacity, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    return this.buf;
  }

  scan(start: number, end: number): ScanResult {
    const { table, newline } = this.a;
    const b = this.buf;
    let hits = this.hits;
    let s = 0;
    let line = 0;
    let last = -1;
    let count = 0;
    for (let p = start; p < end; p++) {
      s = table[(s << 8) | b[p]];
      if (s >= newline) {
        if (s === newline) line++;
        else if (line !== last) {
          if (count * 2 + 2 > hits.length) {
            const grown = new Int32Array(hits.length * 2);
            grown.set(hits);
            hits = this.hits = grown;
          }
          hits[count * 2] = p;
          hits[count * 2 + 1] = line;
          count++;
          last = line;
        }
      }
    }
    return { newlines: line, count, hits };
  }
}

class WasmScanner implements MarkerScanner {
  private readonly memory: WasmMemory;
  private readonly run: (special: number) => void;
  private readonly inputBase: number;
  private capacity = 0;

  constructor(
    private readonly a: Automaton,
    wasm: WasmApi,
  ) {
    const classes = byteClasses(a.table);
    const stride = 1 << classes.bits;
    const rows = a.table.length / 256;
    const wide = rows > 256;
    const instance = new wasm.Instance(new wasm.Module(scannerModule(classes.bits, wide)), {});
    this.memory = instance.exports.memory as WasmMemory;
    this.run = instance.exports.scan as (special: number) => void;
    this.inputBase = align(WASM_TABLE + rows * stride * (wide ? 2 : 1));
    this.ensure(this.inputBase);
    new Uint8Array(this.memory.buffer, WASM_CLASSES, 256).set(classes.map);
    const table = wide ? new Uint16Array(this.memory.buffer, WASM_TABLE, rows * stride) : new Uint8Array(this.memory.buffer, WASM_TABLE, rows * stride);
    for (let s = 0; s < rows; s++) {
      for (let c = 0; c < 256; c++) table[s * stride + classes.map[c]] = a.table[(s << 8) | c];
    }
  }

  private get outBase(): number {
    return align(this.inputBase + this.capacity);
  }

  private ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  buffer(capacity: number): Uint8Array {
    if (capacity > this.capacity) {
      this.capacity = Math.max(capacity, this.capacity * 2);
      // Each line holds at most one hit and a line is at least one byte: 8 bytes of hits per input byte bounds it.
      this.ensure(this.outBase + this.capacity * 8 + 64);
    }
    return new Uint8Array(this.memory.buffer, this.inputBase, this.capacity);
  }

  scan(start: number, end: number): ScanResult {
    const input = new Uint8Array(this.memory.buffer, this.inputBase, this.capacity);
    // Four independent streams, each starting at a line start, let the CPU overlap their table
    // lookups (a single automaton waits on each load before the next).
    const cuts = [start];
    const part = (end - start) / STREAMS;
    for (let k = 1; k < STREAMS; k++) {
      const want = Math.max(cuts[k - 1], Math.floor(start + part * k));
      const nl = part < 4096 ? -1 : input.indexOf(10, want);
      cuts.push(nl < 0 || nl >= end ? end : nl + 1);
    }
    cuts.push(end);
    const control = new Int32Array(this.memory.buffer, 0, STREAMS * 4);
    const out = this.outBase;
    for (let k = 0; k < STREAMS; k++) {
      control[k * 4] = this.inputBase + cuts[k];
      control[k * 4 + 1] = this.inputBase + cuts[k + 1];
      control[k * 4 + 2] = out + cuts[k] * 8;
      control[k * 4 + 3] = 0;
    }
    this.run(this.a.newline);
    const mem = new Int32Array(this.memory.buffer);
    let count = 0;
    for (let k = 0; k < STREAMS; k++) count += (control[k * 4 + 2] - (out + cuts[k] * 8)) / 8;
    const hits = new Int32Array(count * 2);
    let at = 0;
    let lines = 0;
    for (let k = 0; k < STREAMS; k++) {
      const from = (out + cuts[k] * 8) / 4;
      const to = control[k * 4 + 2] / 4;
      for (let i = from; i < to; i += 2) {
        hits[at++] = mem[i] - this.inputBase;
        hits[at++] = mem[i + 1] + lines;
      }
      lines += control[k * 4 + 3];
    }
    return { newlines: lines, count, hits };
  }
}

const STREAMS = 4;
/** WebAssembly memory layout: control block (4 streams × p, end, out, lines), byte classes, table. */
const WASM_CLASSES = 64;
const WASM_TABLE = WASM_CLASSES + 256;

const align = (n: number) => (n + 15) & ~15;

/** Groups bytes that every state treats alike, so the table has 2^bits columns instead of 256. */
function byteClasses(table: Uint16Array): { map: Uint8Array; bits: number } {
  const rows = table.length / 256;
  const map = new Uint8Array(256);
  const seen = new Map<string, number>();
  for (let c = 0; c < 256; c++) {
    const column: number[] = [];
    for (let s = 0; s < rows; s++) column.push(table[(s << 8) | c]);
    const key = column.join(',');
    let id = seen.get(key);
    if (id === undefined) seen.set(key, (id = seen.size));
    map[c] = id;
  }
  let bits = 0;
  while (1 << bits < seen.size) bits++;
  return { map, bits };
}

const moduleCache = new Map<number, Uint8Array>();

/**
 * The WebAssembly module: `scan(special)` runs STREAMS automata, described by the control
 * block at address 0, in one loop. Per byte: `s = table[(s << bits) | class[byte]]`;
 * `s == special` counts a line; `s > special` records (p, line) once per line.
 */
function scannerModule(bits: number, wide: boolean): Uint8Array {
  const key = bits * 2 + (wide ? 1 : 0);
  const cached = moduleCache.get(key);
  if (cached) return cached;
  const I32 = 0x7f;
  const SPECIAL = 0;
  // Locals per stream k: p, end, s, line, last, out.
  const L = (k: number, field: number) => 1 + k * 6 + field;
  const [P, END, S, LINE, LAST, OUT] = [0, 1, 2, 3, 4, 5];
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const tee = (i: number) => [0x22, i];
  const c = (v: number) => [0x41, ...sleb(v)];
  const load = (offset: number) => [0x28, 2, ...uleb(offset)];
  const store = (offset: number) => [0x36, 2, ...uleb(offset)];
  const step = (k: number) => [
    ...get(L(k, S)), ...c(wide ? bits + 1 : bits), 0x74,
    ...get(L(k, P)), 0x2d, 0, 0, // byte
    0x2d, 0, ...uleb(WASM_CLASSES), // class[byte]
    ...(wide ? [...c(1), 0x74] : []), 0x72,
    ...(wide ? [0x2f, 1] : [0x2d, 0]), ...uleb(WASM_TABLE),
    ...tee(L(k, S)), ...get(SPECIAL), 0x4f,
    0x04, 0x40,
    ...get(L(k, S)), ...get(SPECIAL), 0x46,
    0x04, 0x40,
    ...get(L(k, LINE)), ...c(1), 0x6a, ...set(L(k, LINE)),
    0x05,
    ...get(L(k, LINE)), ...get(L(k, LAST)), 0x47,
    0x04, 0x40,
    ...get(L(k, OUT)), ...get(L(k, P)), ...store(0),
    ...get(L(k, OUT)), ...get(L(k, LINE)), ...store(4),
    ...get(L(k, OUT)), ...c(8), 0x6a, ...set(L(k, OUT)),
    ...get(L(k, LINE)), ...set(L(k, LAST)),
    0x0b,
    0x0b,
    0x0b,
    ...get(L(k, P)), ...c(1), 0x6a, ...set(L(k, P)),
  ];
  const done = (k: number) => [...get(L(k, P)), ...get(L(k, END)), 0x4f];
  const code: number[] = [1, STREAMS * 6, I32];
  for (let k = 0; k < STREAMS; k++) {
    code.push(...c(0), ...load(k * 16), ...set(L(k, P)));
    code.push(...c(0), ...load(k * 16 + 4), ...set(L(k, END)));
    code.push(...c(0), ...load(k * 16 + 8), ...set(L(k, OUT)));
    code.push(...c(-1), ...set(L(k, LAST)));
  }
  // Interleaved loop while every stream has bytes left.
  code.push(0x02, 0x40, 0x03, 0x40);
  for (let k = 0; k < STREAMS; k++) code.push(...done(k), ...(k ? [0x72] : []));
  code.push(0x0d, 1);
  for (let k = 0; k < STREAMS; k++) code.push(...step(k));
  code.push(0x0c, 0, 0x0b, 0x0b);
  // Then each stream's remainder on its own.
  for (let k = 0; k < STREAMS; k++) {
    code.push(0x02, 0x40, 0x03, 0x40, ...done(k), 0x0d, 1, ...step(k), 0x0c, 0, 0x0b, 0x0b);
    code.push(...c(0), ...get(L(k, OUT)), ...store(k * 16 + 8));
    code.push(...c(0), ...get(L(k, LINE)), ...store(k * 16 + 12));
  }
  code.push(0x0b);
  const body = [...uleb(code.length), ...code];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = (s: string) => [s.length, ...[...s].map((ch) => ch.charCodeAt(0))];
  const bytes = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, I32, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('memory'), 2, 0, ...name('scan'), 0, 0]),
    ...section(10, [1, ...body]),
  ]);
  moduleCache.set(key, bytes);
  return bytes;
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
