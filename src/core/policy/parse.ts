// The policy model: a document parsed once with jsonc-parser into a tree with exact ranges, plus views of its statements.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding, OffsetRange } from '../findings';
import { policySize, SIZE_QUOTAS } from './size';

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
  readonly props: readonly Prop[];
  get(name: string): Prop | undefined;
}

/**
 * The one model of a policy document: jsonc-parser's ranged tree plus views of the top-level properties and the
 * statements. Built once per document version (see `ModelCache`) and shared, read-only, by the checks, quick fixes,
 * completions, hovers and classification.
 */
export interface PolicyModel {
  readonly text: string;
  /** Undefined for an empty, too deeply nested or oversized text. */
  readonly root: Node | undefined;
  /** Characters IAM counts against its size quotas (whitespace outside strings left out). */
  readonly size: number;
  /** True when the text is so far over every IAM size quota that it is not parsed: only its size is reported. */
  readonly oversized: boolean;
  /** True when the text nests deeper than MAX_DEPTH, so it is not parsed (a syntax finding says where). */
  readonly tooDeep: boolean;
  readonly syntaxFindings: readonly Finding[];
  /** Top-level properties when the root is an object. */
  readonly props: readonly Prop[];
  get(name: string): Prop | undefined;
  /** The `Statement` value's node, if any. */
  readonly statementNode: Node | undefined;
  /** The statement objects, in order (one for a single statement object). */
  readonly statements: readonly StatementView[];
}

/** Deeper nesting than any policy needs; jsonc-parser recurses per level and would overflow the stack long before 10,000. */
export const MAX_DEPTH = 256;

/** The offset where nesting first exceeds MAX_DEPTH (strings skipped), or -1. */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: jump to its closing quote with the native indexOf, stepping over escaped quotes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return -1;
        let b = q - 1;
        while (text.charCodeAt(b) === 92) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/**
 * Above this many counted characters a document is not parsed or checked, only reported as too large: ten times the
 * largest policy IAM accepts (a role's inline policies, 10,240 characters;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A multi-megabyte file then costs one
 * linear count instead of a tree of hundreds of thousands of nodes.
 */
export const SIZE_ONLY_LIMIT = 10 * SIZE_QUOTAS.inlineRole;

/** Parses a policy document into its model. Never throws: syntax problems become `syntaxFindings`. */
export function parsePolicyModel(text: string): PolicyModel {
  const size = policySize(text);
  if (size > SIZE_ONLY_LIMIT) return new Model(text, undefined, size, [], 'oversized');
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const finding: Finding = {
      code: 'json-syntax',
      severity: 'error',
      message: `JSON syntax error: nested more than ${MAX_DEPTH} levels deep; a policy needs a handful.`,
      range: { start: deep, end: deep + 1 },
    };
    return new Model(text, undefined, size, [finding], 'too-deep');
  }
  const errors: ParseError[] = [];
  // AWS accepts strict JSON only: comments and trailing commas are reported, not tolerated. A byte order mark is not
  // JSON either, but editors keep it out of sight and IAM never sees it: it is read as a space (offsets unchanged).
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: true });
  // jsonc-parser can report the same error twice at one offset while it recovers; one finding is enough.
  const unique = errors.filter((e, i) => i === 0 || e.offset !== errors[i - 1].offset || e.error !== errors[i - 1].error);
  const syntaxFindings: Finding[] = unique.map((e) => ({
    code: 'json-syntax',
    severity: 'error',
    message: syntaxMessage(printParseErrorCode(e.error)),
    range: { start: e.offset, end: Math.min(text.length, e.offset + Math.max(e.length, 1)) },
  }));
  if (!root && syntaxFindings.length === 0 && text.trim() === '') {
    syntaxFindings.push({
      code: 'json-syntax',
      severity: 'error',
      message: 'The policy is empty: it needs a JSON object with `Version` and `Statement`.',
      range: { start: 0, end: 0 },
    });
  }
  return new Model(text, root, size, syntaxFindings);
}

class Model implements PolicyModel {
  readonly props: Prop[];
  readonly statementNode: Node | undefined;
  readonly statements: StatementView[] = [];
  readonly oversized: boolean;
  readonly tooDeep: boolean;

  constructor(
    readonly text: string,
    readonly root: Node | undefined,
    readonly size: number,
    readonly syntaxFindings: Finding[],
    unparsed?: 'oversized' | 'too-deep',
  ) {
    this.oversized = unparsed === 'oversized';
    this.tooDeep = unparsed === 'too-deep';
    this.props = root?.type === 'object' ? propsOf(root) : [];
    const st = this.get('Statement')?.value;
    this.statementNode = st;
    if (st?.type === 'object') this.statements.push(new Statement(0, st));
    else if (st?.type === 'array') {
      const list = st.children ?? [];
      for (let i = 0; i < list.length; i++) if (list[i].type === 'object') this.statements.push(new Statement(i, list[i]));
    }
  }

  get(name: string): Prop | undefined {
    // First occurrence wins: the duplicate-key finding points at the later ones.
    for (const p of this.props) if (p.key === name) return p;
    return undefined;
  }
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

class Statement implements StatementView {
  readonly props: Prop[];

  constructor(
    readonly index: number,
    readonly node: Node,
  ) {
    this.props = propsOf(node);
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
