// Normalises a parsed IAM policy document (identity or trust) into statements the evaluator can walk.
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { parseOperator } from '../iam/operators';
import { parsePrincipal, policyStrings as strings, type PrincipalSpec } from '../iam/principal';

export type { PrincipalSpec };

export type Effect = 'Allow' | 'Deny';

/** `{ "StringEquals": { "sts:ExternalId": ["a"] } }` flattened to one entry per operator and key. */
export interface ConditionEntry {
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  /** 0-based position in the document's Statement array (0 when Statement is a single object). */
  index: number;
  sid?: string;
  effect: Effect;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: ConditionEntry[];
}

export interface PolicyDocument {
  /** Where it came from (a path relative to the accounts file, or a URI); used in explanations. */
  name: string;
  /** `2012-10-17` substitutes policy variables; `2008-10-17` (and a missing Version) treats them as literal text. */
  version: string | undefined;
  statements: Statement[];
  /** Statements or fields the evaluator had to skip, as sentences. */
  problems: string[];
  /**
   * What makes IAM reject the whole document (MalformedPolicyDocument): an unknown condition operator, a null
   * condition value, a principal written with spaces or as a JSON number. Such a policy cannot be half-evaluated.
   */
  invalid: InvalidStatement[];
  /** 1-based line of a statement (by index) when the text was given, for `file:line` in explanations; computed on first use. */
  lineOf?: (index: number) => number | undefined;
}

export interface InvalidStatement {
  index: number;
  sid?: string;
  /** A sentence with the fix, e.g. `condition operator StringEqualz is not an IAM operator: use StringEquals`. */
  message: string;
}

export const CURRENT_VERSION = '2012-10-17';

/** `text`, when given, is the document's source: statements then carry their line for explanations. */
export function normalizePolicy(name: string, value: unknown, text?: string): PolicyDocument {
  const problems: string[] = [];
  const invalid: InvalidStatement[] = [];
  if (!isRecord(value)) {
    return { name, version: undefined, statements: [], problems: ['The policy is not a JSON object.'], invalid: [] };
  }
  const version = typeof value.Version === 'string' ? value.Version : undefined;
  const raw = value.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (raw === undefined) problems.push('The policy has no Statement.');
  const statements: Statement[] = [];
  list.forEach((s, index) => {
    if (!isRecord(s)) {
      problems.push(`Statement ${index + 1} is not an object; it was skipped.`);
      return;
    }
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      problems.push(`Statement ${index + 1} has Effect ${JSON.stringify(s.Effect)}; it must be "Allow" or "Deny", so the statement was skipped.`);
      return;
    }
    const st: Statement = { index, effect: s.Effect, conditions: [] };
    if (typeof s.Sid === 'string' && s.Sid) st.sid = s.Sid;
    for (const message of malformed(s)) invalid.push({ index, sid: st.sid, message });
    if ('Action' in s) st.action = strings(s.Action);
    if ('NotAction' in s) st.notAction = strings(s.NotAction);
    if ('Resource' in s) st.resource = strings(s.Resource);
    if ('NotResource' in s) st.notResource = strings(s.NotResource);
    if ('Principal' in s) st.principal = parsePrincipal(s.Principal);
    if ('NotPrincipal' in s) st.notPrincipal = parsePrincipal(s.NotPrincipal);
    if (!st.action && !st.notAction) {
      problems.push(`Statement ${index + 1} has neither Action nor NotAction; it matches no request.`);
      st.action = [];
    }
    if (isRecord(s.Condition)) {
      for (const [operator, block] of Object.entries(s.Condition)) {
        if (!isRecord(block)) {
          problems.push(`Statement ${index + 1}: condition operator ${operator} must map keys to values.`);
          st.conditions.push({ operator, key: '', values: [] });
          continue;
        }
        for (const [key, v] of Object.entries(block)) st.conditions.push({ operator, key, values: strings(v) });
      }
    } else if (s.Condition !== undefined) {
      problems.push(`Statement ${index + 1}: Condition must be an object.`);
      st.conditions.push({ operator: 'Invalid', key: '', values: [] });
    }
    statements.push(st);
  });
  let lines: number[] | undefined;
  const lineOf = text === undefined ? undefined : (i: number) => (lines ??= statementLines(text, Array.isArray(raw)))[i];
  return { name, version, statements, problems, invalid, lineOf };
}

/** Why IAM would reject a statement with MalformedPolicyDocument (IAM User Guide, "Grammar of the IAM JSON policy language"). */
function malformed(s: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    const p = s[field];
    if (p === undefined || p === '*') continue;
    if (!isRecord(p)) {
      out.push(`its ${field} must be "*" or an object such as {"AWS": "arn:aws:iam::111111111111:root"}`);
      continue;
    }
    for (const [type, ids] of Object.entries(p)) {
      for (const id of Array.isArray(ids) ? ids : [ids]) {
        if (typeof id !== 'string') out.push(`its ${field} ${type} value ${JSON.stringify(id)} is not a string: write the account id or ARN in quotes`);
        else if (/\s/.test(id)) out.push(`its ${field} ${type} value ${JSON.stringify(id)} contains spaces: remove them`);
      }
    }
  }
  if (s.Condition !== undefined && isRecord(s.Condition)) {
    for (const [operator, block] of Object.entries(s.Condition)) {
      const op = parseOperator(operator);
      if (!op) {
        out.push(`condition operator ${operator} is not an IAM condition operator (IAM User Guide, "Condition operators")`);
        continue;
      }
      if (!isRecord(block)) continue;
      for (const [key, v] of Object.entries(block)) {
        if (v === null || (Array.isArray(v) && v.some((x) => x === null)))
          out.push(`condition ${operator} ${key} has a null value: give a string or a list of strings`);
      }
    }
  }
  return out;
}

/**
 * The 1-based line of each statement of the policy text: one token scan (no syntax tree), since only a handful of
 * statements are ever named and a workspace may hold thousands of trust policies.
 */
function statementLines(text: string, isArray: boolean): number[] {
  const scanner = createScanner(text, true);
  const out: number[] = [];
  let depth = 0;
  let lastKey: string | undefined;
  let inStatement = false;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    const opens = t === SyntaxKind.OpenBraceToken || t === SyntaxKind.OpenBracketToken;
    if (
      opens ||
      t === SyntaxKind.StringLiteral ||
      t === SyntaxKind.NumericLiteral ||
      t === SyntaxKind.TrueKeyword ||
      t === SyntaxKind.FalseKeyword ||
      t === SyntaxKind.NullKeyword
    ) {
      // A value of the Statement array (depth 2), or the Statement object itself (depth 1).
      const isKey = t === SyntaxKind.StringLiteral && depth === 1 && !inStatement && lastKey === undefined;
      if (isKey) lastKey = scanner.getTokenValue();
      else if (inStatement && (isArray ? depth === 2 : depth === 1)) out.push(scanner.getTokenStartLine() + 1);
      else if (depth === 1 && lastKey === 'Statement' && !inStatement) {
        inStatement = true;
        if (!isArray) out.push(scanner.getTokenStartLine() + 1);
      }
    }
    if (t === SyntaxKind.CommaToken && depth === 1) {
      lastKey = undefined;
      if (inStatement) return out;
    }
    if (opens) depth++;
    else if (t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) {
      depth--;
      if (inStatement && depth === 1) return out;
    }
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "statement 2 (Sid \"AllowAssume\") of policies/x.json" — how explanations name a statement. */
export function describeStatement(doc: PolicyDocument, st: Pick<Statement, 'index' | 'sid'>): string {
  const line = doc.lineOf?.(st.index);
  return `statement ${st.index + 1}${st.sid ? ` (Sid "${st.sid}")` : ''} of ${doc.name}${line ? `:${line}` : ''}`;
}
