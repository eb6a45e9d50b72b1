// Parses a policy document into a jsonc-parser tree with exact ranges, plus a thin view of its statements.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding, OffsetRange } from '../findings';
import { fastParse, FastParseError } from './fast-json';
import { policySize } from './size';

export interface Prop {
  key: string;
  keyNode: Node;
  /** Undefined while the user is still typing (`"Effect":` with no value yet). */
  value: Node | undefined;
  node: Node;
}

export interface StatementView {
  /** Position in the Statement array (0 for a single statement object). */
  readonly index: number;
  readonly node: Node;
  readonly props: Prop[];
  get(name: string): Prop | undefined;
}

export interface ParsedPolicy {
  text: string;
  root: Node | undefined;
  /** Characters IAM counts against its size quotas (whitespace outside strings left out). */
  size: number;
  syntaxFindings: Finding[];
  /** Top-level properties when the root is an object. */
  props: Prop[];
  get(name: string): Prop | undefined;
  /** The `Statement` value's node, if any. With lazy statements, its children are only the elements that are not objects. */
  statementNode: Node | undefined;
  /** How many elements the Statement array has (1 for a single statement object, 0 without one). */
  statementCount: number;
  /** The statement objects (parsed on first use with lazy statements, and then kept). */
  readonly statements: StatementView[];
  /** Calls `fn` with each statement object in order, its tree parsed for the call only (see ParseOptions). */
  forEachStatement(fn: (st: StatementView) => void): void;
  /** Whether statements are parsed on demand (see ParseOptions). */
  lazy: boolean;
}

/** Deeper nesting than any policy needs; jsonc-parser recurses per level and would overflow the stack long before 10,000. */
export const MAX_DEPTH = 256;

/** The offset where nesting first exceeds MAX_DEPTH (strings skipped), or -1. */
export function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

export interface ParseOptions {
  /**
   * Parse each statement only when it is looked at (and let the linter drop it afterwards). For big policies: a
   * retained tree of every statement costs more in garbage collection than parsing does. A statement with a syntax
   * error then throws `FastParseError` when first looked at: the caller parses again without this option.
   */
  lazyStatements?: boolean;
}

export function parsePolicy(text: string, opts: ParseOptions = {}): ParsedPolicy {
  let root: Node | undefined;
  let size: number | undefined;
  let syntaxFindings: Finding[] = [];
  let skipped: number[] | undefined;
  try {
    // Valid JSON (the usual case, and the big files) takes the fast strict parser. Skipped statements are checked
    // when parsed; a statement that fails makes the linter start over without laziness.
    const fast = fastParse(text, MAX_DEPTH, { lazyStatements: !!opts.lazyStatements });
    root = fast.root;
    size = text.length - fast.whitespace;
    skipped = fast.skipped;
  } catch (err) {
    if (!(err instanceof FastParseError)) throw err;
    skipped = undefined;
    const deep = err instanceof FastParseError && err.tooDeep ? err.offset : tooDeepAt(text);
    if (deep >= 0) {
      const finding: Finding = { code: 'json-syntax', severity: 'error', message: `JSON syntax error: nested more than ${MAX_DEPTH} levels deep; a policy needs a handful.`, range: { start: deep, end: deep + 1 } };
      return new Parsed(text, undefined, policySize(text), [finding], undefined);
    }
    ({ root, syntaxFindings } = tolerantParse(text));
  }
  if (!root && syntaxFindings.length === 0 && text.trim() === '') {
    syntaxFindings.push({ code: 'json-syntax', severity: 'error', message: 'The policy is empty: it needs a JSON object with `Version` and `Statement`.', range: { start: 0, end: 0 } });
  }
  return new Parsed(text, root, size ?? policySize(text), syntaxFindings, skipped);
}

class Parsed implements ParsedPolicy {
  readonly props: Prop[];
  readonly statementNode: Node | undefined;
  readonly statementCount: number;
  readonly lazy: boolean;
  private list: StatementView[] | undefined;

  constructor(
    readonly text: string,
    readonly root: Node | undefined,
    readonly size: number,
    readonly syntaxFindings: Finding[],
    /** (offset, length, index) triples of the statements left unparsed, when lazy. */
    private readonly skipped: number[] | undefined,
  ) {
    this.props = root?.type === 'object' ? propsOf(root) : [];
    this.statementNode = this.get('Statement')?.value;
    this.lazy = !!skipped;
    const st = this.statementNode;
    this.statementCount = st?.type === 'array' ? (st.children?.length ?? 0) + (skipped ? skipped.length / 3 : 0) : st ? 1 : 0;
  }

  get(name: string): Prop | undefined {
    // First occurrence wins: the duplicate-key finding points at the later ones.
    for (const p of this.props) if (p.key === name) return p;
    return undefined;
  }

  get statements(): StatementView[] {
    if (!this.list) {
      const list: StatementView[] = [];
      this.each((offset, index, node) => list.push(new Statement(this.text, index, this.statementNode, node, offset)));
      this.list = list;
    }
    return this.list;
  }

  forEachStatement(fn: (st: StatementView) => void): void {
    if (this.list || !this.skipped) {
      for (const st of this.statements) fn(st);
      return;
    }
    // Parsed for the call only: a tree kept on a long-lived view would be copied by every scavenge, and V8 would then
    // allocate all the statement nodes in the old generation, doubling the cost of a big policy.
    this.each((offset, index, node) => {
      const tree = node ?? fastParse(this.text, MAX_DEPTH, { start: offset, parent: this.statementNode, depth: 2 }).root;
      fn(new Statement(this.text, index, this.statementNode, tree, offset));
    });
  }

  /** Visits the statement objects in array order: parsed children and skipped spans merged by index. */
  private each(fn: (offset: number, index: number, node: Node | undefined) => void): void {
    const st = this.statementNode;
    if (st?.type === 'object') return fn(st.offset, 0, st);
    if (st?.type !== 'array') return;
    const children = st.children ?? [];
    const skipped = this.skipped ?? [];
    let c = 0;
    let k = 0;
    for (let index = 0; index < this.statementCount; index++) {
      if (k < skipped.length && skipped[k + 2] === index) {
        fn(skipped[k], index, undefined);
        k += 3;
      } else {
        const n = children[c++];
        if (n?.type === 'object') fn(n.offset, index, n);
      }
    }
  }
}

/** jsonc-parser's recovering parse, for broken text: a tree of what can be read, and every error. */
function tolerantParse(text: string): { root: Node | undefined; syntaxFindings: Finding[] } {
  const errors: ParseError[] = [];
  // AWS accepts strict JSON only: comments and trailing commas are reported, not tolerated.
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: true });
  // jsonc-parser can report the same error twice at one offset while it recovers; one finding is enough.
  const unique = errors.filter((e, i) => i === 0 || e.offset !== errors[i - 1].offset || e.error !== errors[i - 1].error);
  const syntaxFindings: Finding[] = unique.map((e) => ({
    code: 'json-syntax',
    severity: 'error',
    message: syntaxMessage(printParseErrorCode(e.error)),
    range: { start: e.offset, end: Math.min(text.length, e.offset + Math.max(e.length, 1)) },
  }));
  return { root, syntaxFindings };
}

export function propsOf(node: Node | undefined): Prop[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const out: Prop[] = [];
  for (const p of node.children) {
    const keyNode = p.children?.[0];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    out.push({ key: keyNode.value, keyNode, value: p.children?.[1], node: p });
  }
  return out;
}

/** A class, not closures per statement: big policies have tens of thousands of them. */
class Statement implements StatementView {
  private tree: { node: Node; props: Prop[] } | undefined;

  constructor(
    private readonly text: string,
    readonly index: number,
    private readonly parent: Node | undefined,
    /** The parsed object; undefined for a statement of a lazily parsed policy, parsed on first use. */
    private readonly parsed: Node | undefined,
    private readonly offset: number,
  ) {}

  private get full(): { node: Node; props: Prop[] } {
    if (!this.tree) {
      const node = this.parsed ?? fastParse(this.text, MAX_DEPTH, { start: this.offset, parent: this.parent, depth: 2 }).root;
      this.tree = { node, props: propsOf(node) };
    }
    return this.tree;
  }

  get node(): Node {
    return this.full.node;
  }

  get props(): Prop[] {
    return this.full.props;
  }

  get(name: string): Prop | undefined {
    // Statements have a handful of keys: a scan beats a map. First occurrence wins, like the policy level.
    for (const p of this.props) if (p.key === name) return p;
    return undefined;
  }
}

/** The range of a node; for strings, the text between the quotes. */
export function innerRange(node: Node): OffsetRange {
  if (node.type === 'string' && node.length >= 2) return { start: node.offset + 1, end: node.offset + node.length - 1 };
  return nodeRange(node);
}

export function nodeRange(node: Node): OffsetRange {
  return { start: node.offset, end: node.offset + node.length };
}

/** The string nodes of a value that may be one string or an array of strings; other members are returned in `bad`. */
export function stringItems(node: Node | undefined): { items: Node[]; bad: Node[] } {
  const items: Node[] = [];
  const bad: Node[] = [];
  if (!node) return { items, bad };
  if (node.type === 'string') items.push(node);
  else if (node.type === 'array') for (const c of node.children ?? []) (c.type === 'string' ? items : bad).push(c);
  else bad.push(node);
  return { items, bad };
}

function syntaxMessage(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'Unexpected character: IAM policies are plain JSON',
    InvalidNumberFormat: 'Invalid number',
    PropertyNameExpected: 'A property name in double quotes was expected (IAM policies allow no trailing commas)',
    ValueExpected: 'A value was expected (IAM policies allow no trailing commas)',
    ColonExpected: 'A colon was expected',
    CommaExpected: 'A comma was expected',
    CloseBraceExpected: 'A closing brace `}` was expected',
    CloseBracketExpected: 'A closing bracket `]` was expected',
    EndOfFileExpected: 'The document should end here: a policy is one JSON object',
    InvalidCommentToken: 'Comments are not allowed: AWS rejects a policy with comments, remove it',
    UnexpectedEndOfComment: 'Unterminated comment: AWS rejects a policy with comments, remove it',
    UnexpectedEndOfString: 'Unterminated string: add the closing `"`',
    UnexpectedEndOfNumber: 'Unterminated number',
    InvalidUnicode: 'Invalid unicode escape',
    InvalidEscapeCharacter: 'Invalid escape character',
    InvalidCharacter: 'Invalid character in a string',
  };
  return `JSON syntax error: ${words[code] ?? code}.`;
}
