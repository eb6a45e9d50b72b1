// Normalises a parsed IAM policy document (identity or trust) into statements the evaluator can walk.
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
}

export const CURRENT_VERSION = '2012-10-17';

export function normalizePolicy(name: string, value: unknown): PolicyDocument {
  const problems: string[] = [];
  if (!isRecord(value)) {
    return { name, version: undefined, statements: [], problems: ['The policy is not a JSON object.'] };
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
  return { name, version, statements, problems };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "statement 2 (Sid \"AllowAssume\") of policies/x.json" — how explanations name a statement. */
export function describeStatement(doc: PolicyDocument, st: Statement): string {
  return `statement ${st.index + 1}${st.sid ? ` (Sid "${st.sid}")` : ''} of ${doc.name}`;
}
