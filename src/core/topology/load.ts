// Parses an accounts file (JSONC) into the model, keeping the syntax tree so findings can point at exact ranges.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { bomAsSpace, type Finding, type OffsetRange } from '../findings';
import type { AdminAccount, TenantAccount, Topology } from './model';
import type { URI } from './paths';

/** An accounts file's text and where it is (policy paths in it resolve against that location). */
export interface AccountsDocument {
  uri: URI;
  text: string;
}

export interface LoadedAccounts {
  uri: URI;
  text: string;
  /** Undefined when the text has no JSON value at all. */
  root: Node | undefined;
  /** A best-effort model: entries that are not objects are dropped, fields keep whatever the file says. */
  topology: Topology;
  syntaxFindings: Finding[];
  /**
   * Keys written twice in one object (`json-syntax`, as in policies). The file still parses (the last one wins), so
   * these do not stop the schema and rule checks the way `syntaxFindings` do.
   */
  duplicateKeyFindings: Finding[];
}

export function loadAccounts(doc: AccountsDocument): LoadedAccounts {
  const errors: ParseError[] = [];
  const text = bomAsSpace(doc.text);
  const fast = plainJson(text);
  if (fast.ok) {
    // Plain JSON (no comments, no trailing commas) has no syntax findings; the ranged tree is built only when a
    // check asks for it: `evaluate` over 10,000 tenants never does (bench/trust-tenants.bench.ts).
    let root: Node | undefined | null = null;
    let duplicates: Finding[] | undefined;
    const tree = () => (root === null ? (root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false })) : root);
    return {
      uri: doc.uri,
      text: doc.text,
      get root() {
        return tree();
      },
      topology: toTopology(fast.value),
      syntaxFindings: [],
      get duplicateKeyFindings() {
        return (duplicates ??= duplicateKeys(tree()));
      },
    };
  }
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const syntaxFindings: Finding[] = errors.map((e) => ({
    code: 'json-syntax',
    severity: 'error',
    message: `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}.`,
    range: { start: e.offset, end: e.offset + Math.max(e.length, 1) },
  }));
  const value = root ? getNodeValue(root) : undefined;
  return { uri: doc.uri, text: doc.text, root, topology: toTopology(value), syntaxFindings, duplicateKeyFindings: duplicateKeys(root) };
}

/**
 * Why a parsed file is not an accounts file at all (`{}`, `[]`, a policy opened by mistake), or undefined when it
 * has an `admins` or `tenants` list: commands then stop instead of reporting that "nothing" was checked.
 */
export function notAccountsFile(loaded: LoadedAccounts): string | undefined {
  // Entries exist only under `admins` / `tenants` lists; the syntax tree is looked at only to say what it is instead.
  if (loaded.topology.admins.length || loaded.topology.tenants.length) return undefined;
  const value: unknown = loaded.root ? getNodeValue(loaded.root) : undefined;
  const what = Array.isArray(value)
    ? 'a JSON array'
    : isObject(value) && ('Statement' in value || 'Version' in value)
      ? 'an IAM policy'
      : isObject(value)
        ? 'an object with no admins or tenants'
        : 'not a JSON object';
  return `is not an accounts file (it is ${what}): an accounts file lists "admins" and "tenants"; pass the accounts file (cross-account-backup.json), not a policy.`;
}

function plainJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Every key that repeats an earlier key of the same object, on the later key: JSON readers keep only the last value. */
function duplicateKeys(root: Node | undefined): Finding[] {
  const out: Finding[] = [];
  const walk = (node: Node): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key || typeof key.value !== 'string') continue;
        if (seen.has(key.value)) {
          out.push({
            code: 'json-syntax',
            severity: 'error',
            message: `Duplicate key \`${key.value}\`: only the last one counts, so the other is silently ignored; merge the two or remove one.`,
            range: { start: key.offset + 1, end: key.offset + key.length - 1 },
          });
        } else seen.add(key.value);
      }
    }
    for (const child of node.children ?? []) walk(child);
  };
  if (root) walk(root);
  return out;
}

function toTopology(value: unknown): Topology {
  const obj = isObject(value) ? value : {};
  const admins = Array.isArray(obj.admins) ? obj.admins.filter(isObject) : [];
  const tenants = Array.isArray(obj.tenants) ? obj.tenants.filter(isObject) : [];
  return {
    admins: admins as unknown as AdminAccount[],
    tenants: tenants as unknown as TenantAccount[],
  };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The range of the value at `path`, or of its property key when `key` is set; falls back to the nearest existing parent. */
export function rangeAt(root: Node | undefined, path: JSONPath, key = false): OffsetRange {
  if (!root) return { start: 0, end: 0 };
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (!node) continue;
    if (key && n === path.length && node.parent?.type === 'property' && node.parent.children?.[0]) {
      const k = node.parent.children[0];
      return { start: k.offset, end: k.offset + k.length };
    }
    if (n < path.length && node.parent?.type === 'property' && node.parent.children?.[0]) {
      // The thing asked for is missing: point at the key of the closest parent that exists.
      const k = node.parent.children[0];
      return { start: k.offset, end: k.offset + k.length };
    }
    return { start: node.offset, end: node.offset + node.length };
  }
  return { start: root.offset, end: root.offset + root.length };
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing brace `}` was expected',
    CloseBracketExpected: 'a closing bracket `]` was expected',
    EndOfFileExpected: 'the document should end here',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}
