// Works out what the cursor is on in a policy (an action, a condition key, a principal…) for completions and hovers.
import { getLocation, type JSONPath, type Node } from 'jsonc-parser';
import type { OffsetRange } from '../findings';
import type { PolicyModel } from './parse';

export type Slot =
  | 'policy-key'
  | 'statement-key'
  | 'version'
  | 'effect'
  | 'action'
  | 'resource'
  | 'principal'
  | 'principal-key'
  | 'principal-value'
  | 'condition-operator'
  | 'condition-key'
  | 'condition-value'
  | 'other';

export interface CursorPlace {
  slot: Slot;
  /** The JSON path at the cursor, as jsonc-parser reports it. */
  path: JSONPath;
  /** The path of the enclosing statement, when inside one. */
  statementPath?: JSONPath;
  /** For principal values: the principal type (`AWS`, `Service`…). For condition keys: the operator. */
  parentKey?: string;
  /** The string literal under the cursor, if any: its content range and the text typed before the cursor. */
  inString?: { range: OffsetRange; typed: string; value: string };
}

/**
 * Classifies the cursor position. jsonc-parser's getLocation (a token scan up to the cursor, no tree) reads the
 * half-typed text of an edit in progress, where the model's tree has no node yet. A document the model did not parse
 * (too deeply nested or oversized) has nothing to complete.
 */
export function locate(model: PolicyModel, offset: number): CursorPlace {
  if (model.oversized || model.tooDeep) return { slot: 'other', path: [] };
  const text = model.text;
  const loc = getLocation(text, offset);
  const path = loc.path;
  const inString = stringAt(loc.previousNode, text, offset);
  let statementPath: JSONPath | undefined;
  let rest: JSONPath = path;
  if (path[0] === 'Statement') {
    statementPath = typeof path[1] === 'number' ? path.slice(0, 2) : path.slice(0, 1);
    rest = path.slice(statementPath.length);
  }
  const place = (slot: Slot, parentKey?: string): CursorPlace => ({ slot, path, statementPath, parentKey, inString });
  if (loc.isAtPropertyKey) {
    if (path.length <= 1) return place('policy-key');
    if (!statementPath) return place('other');
    if (rest.length === 1) return place('statement-key');
    if (rest[0] === 'Condition' && rest.length === 2) return place('condition-operator');
    if (rest[0] === 'Condition' && rest.length === 3) return place('condition-key', String(rest[1]));
    if ((rest[0] === 'Principal' || rest[0] === 'NotPrincipal') && rest.length === 2) return place('principal-key');
    return place('other');
  }
  if (path.length === 1 && path[0] === 'Version') return place('version');
  if (!statementPath || rest.length === 0) return place('other');
  const head = rest[0];
  const tailIsIndex = (n: number) => rest.length === n || (rest.length === n + 1 && typeof rest[n] === 'number');
  if (head === 'Effect' && rest.length === 1) return place('effect');
  if ((head === 'Action' || head === 'NotAction') && tailIsIndex(1)) return place('action');
  if ((head === 'Resource' || head === 'NotResource') && tailIsIndex(1)) return place('resource');
  if (head === 'Principal' || head === 'NotPrincipal') {
    if (rest.length === 1) return place('principal');
    if (tailIsIndex(2)) return place('principal-value', String(rest[1]));
  }
  if (head === 'Condition' && tailIsIndex(3)) return place('condition-value', String(rest[2]));
  return place('other');
}

function stringAt(node: Node | undefined, text: string, offset: number): CursorPlace['inString'] {
  // jsonc-parser reports a property key under the cursor as a `property` node spanning just the quoted key.
  if (!node || (node.type !== 'string' && node.type !== 'property') || text.charCodeAt(node.offset) !== 34) return undefined;
  const start = node.offset + 1;
  const end = node.offset + node.length;
  const terminated = node.length >= 2 && text.charCodeAt(end - 1) === 34;
  const contentEnd = terminated ? end - 1 : end;
  if (offset < start || offset > contentEnd) return undefined;
  return { range: { start, end: contentEnd }, typed: text.slice(start, offset), value: text.slice(start, contentEnd) };
}
