// A strict JSON parser that builds jsonc-parser-shaped nodes (offsets, lengths, property nodes) about 3x faster.
//
// jsonc-parser's parseTree tolerates comments and recovers from errors, which costs ~100 ms per MB; a valid policy needs
// none of that. This parser gives up at the first error (the caller then falls back to jsonc-parser for the error
// list) and counts the whitespace it skips, which is what IAM's size quota leaves out.
import type { Node } from 'jsonc-parser';

// Nodes are built in place (length and colon offset are known only once their value is parsed).
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface FastParse {
  root: Node;
  /** Characters of whitespace outside strings. */
  whitespace: number;
  /** The offset just after the value parsed. */
  end: number;
  /**
   * With `lazyStatements`: the skipped statement objects as flat (offset, length, index in the array) triples. They are
   * not among the array node's children, which keep only the elements that are not objects.
   */
  skipped?: number[];
}

export interface FastParseOptions {
  /** Parse one value starting here (instead of the whole text); the text after it is not looked at. */
  start?: number;
  parent?: Node;
  /** Nesting already above `start`, for the depth limit. */
  depth?: number;
  /**
   * Leave the objects of the top-level `Statement` array unparsed (see `FastParse.skipped`), for the caller to parse one
   * at a time with `start`. Their brackets are matched but their content is not checked until then.
   */
  lazyStatements?: boolean;
}

/** Thrown (and caught by the caller) on the first syntax error or when nesting exceeds `maxDepth`. */
export class FastParseError extends Error {
  constructor(
    readonly offset: number,
    readonly tooDeep = false,
  ) {
    super(tooDeep ? 'too deep' : 'syntax');
  }
}

export function fastParse(text: string, maxDepth: number, opts: FastParseOptions = {}): FastParse {
  const p = new Parser(text, maxDepth, opts);
  if (opts.start !== undefined) {
    const root = p.value(opts.parent);
    return { root, whitespace: p.ws, end: p.i };
  }
  // A byte order mark is not JSON, but editors keep it out of sight and IAM never sees it: skip it.
  if (text.charCodeAt(0) === 0xfeff) {
    p.i = 1;
    p.ws = 1;
  }
  const root = p.value(undefined);
  p.skip();
  if (p.i !== text.length) throw new FastParseError(p.i);
  return { root, whitespace: p.ws, end: p.i, skipped: opts.lazyStatements ? p.skipped : undefined };
}

// Methods on one object rather than closures per call: statements are parsed one by one, tens of thousands of times.
class Parser {
  i: number;
  ws = 0;
  private depth: number;
  private readonly n: number;
  private readonly lazy: boolean;
  /** Set while parsing the value of a top-level `Statement` key. */
  private statementKey = false;
  // Numbers only (no object per statement): objects that live through the whole lint would be copied by every scavenge.
  readonly skipped: number[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    opts: FastParseOptions,
  ) {
    this.i = opts.start ?? 0;
    this.depth = opts.depth ?? 0;
    this.n = text.length;
    this.lazy = !!opts.lazyStatements;
  }

  skip(): void {
    const { text, n } = this;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.ws += i - this.i;
    this.i = i;
  }

  /** Skips an object or array at `i` by matching brackets (strings skipped), counting whitespace and depth only. */
  private skipContainer(): void {
    const { text, n } = this;
    const room = this.maxDepth - this.depth;
    let d = 0;
    let ws = 0;
    let i = this.i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        // A string: jump to its closing quote (indexOf is native), then step back over escaped quotes.
        for (;;) {
          const q = text.indexOf('"', i + 1);
          if (q < 0) throw new FastParseError(n);
          let b = q - 1;
          while (text.charCodeAt(b) === 92) b--;
          i = q;
          if ((q - 1 - b) % 2 === 0) break;
        }
      } else if (c === 123 || c === 91) {
        if (++d > room) throw new FastParseError(i, true);
      } else if (c === 125 || c === 93) {
        if (--d === 0) {
          this.i = i + 1;
          this.ws += ws;
          return;
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9) ws++;
    }
    throw new FastParseError(n);
  }

  private str(parent: Node | undefined): Node {
    const { text, n } = this;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= n) throw new FastParseError(i);
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      // Control characters must be escaped in JSON strings.
      if (c < 32) throw new FastParseError(i);
      i++;
    }
    i++;
    this.i = i;
    let value: string;
    if (!escaped) value = text.slice(start + 1, i - 1);
    else {
      try {
        value = JSON.parse(text.slice(start, i)) as string;
      } catch {
        throw new FastParseError(start);
      }
    }
    return { type: 'string', offset: start, length: i - start, value, parent };
  }

  value(parent: Node | undefined): Node {
    this.skip();
    const { text } = this;
    const i = this.i;
    if (i >= this.n) throw new FastParseError(i);
    const c = text.charCodeAt(i);
    if (c === 34) return this.str(parent);
    if (c === 123) return this.obj(parent);
    if (c === 91) return this.arr(parent);
    if (c === 116 && text.startsWith('true', i)) {
      this.i += 4;
      return { type: 'boolean', offset: i, length: 4, value: true, parent };
    }
    if (c === 102 && text.startsWith('false', i)) {
      this.i += 5;
      return { type: 'boolean', offset: i, length: 5, value: false, parent };
    }
    if (c === 110 && text.startsWith('null', i)) {
      this.i += 4;
      return { type: 'null', offset: i, length: 4, value: null, parent };
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const hit = NUMBER.exec(text);
      if (!hit) throw new FastParseError(i);
      this.i += hit[0].length;
      return { type: 'number', offset: i, length: hit[0].length, value: Number(hit[0]), parent };
    }
    throw new FastParseError(i);
  }

  private obj(parent: Node | undefined): Node {
    if (++this.depth > this.maxDepth) throw new FastParseError(this.i, true);
    const { text } = this;
    const node: Mutable<Node> = { type: 'object', offset: this.i, length: 0, children: [], parent };
    this.i++;
    this.skip();
    if (text.charCodeAt(this.i) === 125) this.i++;
    else {
      for (;;) {
        this.skip();
        if (text.charCodeAt(this.i) !== 34) throw new FastParseError(this.i);
        const prop: Mutable<Node> = { type: 'property', offset: this.i, length: 0, children: undefined, parent: node, colonOffset: 0 };
        const key = this.str(prop);
        this.statementKey = this.depth === 1 && key.value === 'Statement';
        this.skip();
        if (text.charCodeAt(this.i) !== 58) throw new FastParseError(this.i);
        prop.colonOffset = this.i;
        this.i++;
        const v = this.value(prop);
        prop.children = [key, v];
        prop.length = v.offset + v.length - prop.offset;
        node.children!.push(prop);
        this.skip();
        const c = text.charCodeAt(this.i);
        if (c === 44) {
          this.i++;
          continue;
        }
        if (c === 125) {
          this.i++;
          break;
        }
        throw new FastParseError(this.i);
      }
    }
    node.length = this.i - node.offset;
    this.depth--;
    return node;
  }

  private arr(parent: Node | undefined): Node {
    if (++this.depth > this.maxDepth) throw new FastParseError(this.i, true);
    const { text } = this;
    const node: Mutable<Node> = { type: 'array', offset: this.i, length: 0, children: [], parent };
    // The top-level Statement array: root object (depth 1), this array (depth 2).
    const statements = this.lazy && this.depth === 2 && this.statementKey;
    this.i++;
    this.skip();
    if (text.charCodeAt(this.i) === 93) this.i++;
    else {
      for (let index = 0; ; index++) {
        this.skip();
        if (statements && text.charCodeAt(this.i) === 123) {
          const start = this.i;
          this.skipContainer();
          this.skipped.push(start, this.i - start, index);
        } else node.children!.push(this.value(node));
        this.skip();
        const c = text.charCodeAt(this.i);
        if (c === 44) {
          this.i++;
          continue;
        }
        if (c === 93) {
          this.i++;
          break;
        }
        throw new FastParseError(this.i);
      }
    }
    node.length = this.i - node.offset;
    this.depth--;
    return node;
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
