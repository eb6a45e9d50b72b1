// Plain text edits for quick fixes: minimal, local changes that keep the user's layout and leave well-formed JSON.
//
// jsonc-parser's `modify` reformats whole lines around a change (all of a one-line policy) and in 3.3 produces broken
// JSON when removing the last array element, so the few edits the fixes need are computed here on the document's
// model (its jsonc-parser tree), not on a parse of their own.
import { applyEdits, findNodeAtLocation, type JSONPath, type Node } from 'jsonc-parser';
import type { OffsetRange } from '../findings';
import type { PolicyModel } from './parse';

/** What an edit reads: the text and its tree (a policy model). */
export type EditTarget = Pick<PolicyModel, 'text' | 'root'>;

export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix. */
  preferred?: boolean;
  /** A range in the edited text to select afterwards, e.g. a placeholder to overwrite. */
  select?: OffsetRange;
}

/** The indentation unit the document uses: a tab, or the narrowest run of leading spaces (4 when it has none). */
export function indentUnit(text: string): string {
  let min = 0;
  const re = /\n([ \t]+)["{[\]}]/g;
  let m: RegExpExecArray | null;
  for (let scanned = 0; (m = re.exec(text)) && scanned < 200; scanned++) {
    if (m[1].startsWith('\t')) return '\t';
    if (min === 0 || m[1].length < min) min = m[1].length;
  }
  return ' '.repeat(min || 4);
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** The leading whitespace of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

const sameLine = (text: string, a: number, b: number) => !/[\r\n]/.test(text.slice(Math.min(a, b), Math.max(a, b)));

/** JSON for `value`, laid out like its surroundings: multi-line at `indent` in a multi-line context, one line otherwise. */
function render(value: unknown, indent: string, unit: string, eol: string, multiline: boolean): string {
  if (!multiline)
    return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']').replace(/\{ /g, '{').replace(/ \}/g, '}');
  return JSON.stringify(value, null, unit)
    .split('\n')
    .join(eol + indent);
}

function tree(target: EditTarget): Node {
  // No tree: empty, too deeply nested or too large to parse.
  if (!target.root) throw new Error('no JSON value to edit');
  return target.root;
}

/** Removes the array element or object property at `path`, with its separating comma. */
export function removeAt(target: EditTarget, path: JSONPath): TextEdit[] {
  const node = findNodeAtLocation(tree(target), path);
  if (!node?.parent) return [];
  // For an object member, the thing to remove is the whole property (key and value).
  const item = node.parent.type === 'property' ? node.parent : node;
  const container = item.parent;
  const siblings = container?.children ?? [];
  const i = siblings.indexOf(item);
  if (i < 0) return [];
  let range: OffsetRange;
  if (i < siblings.length - 1) range = { start: item.offset, end: siblings[i + 1].offset };
  else if (i > 0) {
    const prev = siblings[i - 1];
    range = { start: prev.offset + prev.length, end: item.offset + item.length };
  } else range = { start: item.offset, end: item.offset + item.length };
  return [{ range, newText: '' }];
}

/**
 * Sets the value at `path`: replaces an existing value, or adds the missing properties (creating parent objects as
 * needed). A numeric last segment of -1 appends to an array. `first` puts a new property first (where `Version` goes).
 */
export function setAt(target: EditTarget, path: JSONPath, value: unknown, opts: { first?: boolean } = {}): TextEdit[] {
  const root = tree(target);
  const text = target.text;
  const unit = indentUnit(text);
  const eol = eolOf(text);
  const existing = path.length && path[path.length - 1] === -1 ? undefined : findNodeAtLocation(root, path);
  if (existing) {
    const indent = lineIndent(text, existing.offset);
    const multiline =
      !sameLine(text, existing.parent?.parent?.offset ?? 0, existing.offset) || /[\r\n]/.test(text.slice(existing.offset, existing.offset + existing.length));
    return [{ range: { start: existing.offset, end: existing.offset + existing.length }, newText: render(value, indent, unit, eol, multiline) }];
  }
  // Walk down to the deepest container that exists; what is left of the path becomes nested objects.
  let depth = path.length - 1;
  let parent: Node | undefined;
  for (; depth >= 0; depth--) {
    parent = depth === 0 ? root : findNodeAtLocation(root, path.slice(0, depth));
    if (parent) break;
  }
  if (!parent) return [];
  let nested: unknown = value;
  for (let k = path.length - 1; k > depth; k--) nested = { [path[k]]: nested };
  const segment = path[depth];
  if (parent.type === 'array' && segment === -1) return [insertMember(text, parent, undefined, nested, unit, eol, false)];
  if (parent.type === 'object' && typeof segment === 'string') return [insertMember(text, parent, segment, nested, unit, eol, !!opts.first)];
  return [];
}

/** Inserts `"key": value` into an object (or `value` into an array), matching the container's layout. */
function insertMember(text: string, container: Node, key: string | undefined, value: unknown, unit: string, eol: string, first: boolean): TextEdit {
  const children = container.children ?? [];
  const prefix = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const containerIndent = lineIndent(text, container.offset);
  if (children.length === 0) {
    const open = container.offset + 1;
    const multiline = !sameLine(text, container.offset, container.offset + container.length) || key !== undefined;
    const indent = containerIndent + unit;
    const body = `${prefix}${render(value, indent, unit, eol, multiline)}`;
    const inner = multiline ? `${eol}${indent}${body}${eol}${containerIndent}` : body;
    return { range: { start: open, end: container.offset + container.length - 1 }, newText: inner };
  }
  const anchor = first ? children[0] : children[children.length - 1];
  const multiline = !sameLine(text, container.offset, anchor.offset);
  const indent = multiline ? lineIndent(text, anchor.offset) : containerIndent;
  const member = `${prefix}${render(value, indent, unit, eol, multiline)}`;
  if (first) {
    return { range: { start: anchor.offset, end: anchor.offset }, newText: multiline ? `${member},${eol}${indent}` : `${member}, ` };
  }
  const end = anchor.offset + anchor.length;
  return { range: { start: end, end }, newText: multiline ? `,${eol}${indent}${member}` : `, ${member}` };
}

/** Wraps the value at `path` in an array and appends `value` to it (a single statement object becoming a list). */
export function wrapAndAppend(target: EditTarget, path: JSONPath, value: unknown): TextEdit[] {
  const node = findNodeAtLocation(tree(target), path);
  const text = target.text;
  if (!node) return [];
  const unit = indentUnit(text);
  const eol = eolOf(text);
  const multiline = /[\r\n]/.test(text.slice(node.offset, node.offset + node.length));
  const indent = lineIndent(text, node.offset);
  const end = node.offset + node.length;
  return [
    { range: { start: node.offset, end: node.offset }, newText: '[' },
    { range: { start: end, end }, newText: `, ${render(value, indent, unit, eol, multiline)}]` },
  ];
}

/** Applies edits to text (for tests and for locating placeholders after an edit). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(
    text,
    edits.map((e) => ({ offset: e.range.start, length: e.range.end - e.range.start, content: e.newText })),
  );
}

/** The range of `needle` in the edited text, searched from the first edit on, for selecting a placeholder. */
export function locateAfter(text: string, edits: readonly TextEdit[], needle: string): OffsetRange | undefined {
  const after = applyTextEdits(text, edits);
  const from = edits.length ? Math.min(...edits.map((e) => e.range.start)) : 0;
  const at = after.indexOf(needle, from);
  return at < 0 ? undefined : { start: at, end: at + needle.length };
}
