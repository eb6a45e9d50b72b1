// IAM condition operators: one table (name, value type, negation, case, comparison, description) and one parser for their spellings.

/** What an operator compares (IAM User Guide, "IAM JSON policy elements: Condition operators"). */
export type OperatorType = 'string' | 'string-like' | 'arn' | 'numeric' | 'date' | 'bool' | 'ip' | 'binary' | 'null';
type Compare = (policy: number, request: number) => boolean;

export interface OperatorDef {
  /** The canonical spelling, e.g. `StringEquals`. */
  name: string;
  type: OperatorType;
  /** A negated operator matches when no policy value matches (and a missing key satisfies it). */
  negated: boolean;
  ignoreCase?: boolean;
  /** For numeric and date operators. */
  compare?: Compare;
  /** Whether the `IfExists` suffix is allowed (`Null` already asks whether the key exists). */
  ifExists: boolean;
  description: string;
}

const eq: Compare = (p, r) => r === p;
const lt: Compare = (p, r) => r < p;
const le: Compare = (p, r) => r <= p;
const gt: Compare = (p, r) => r > p;
const ge: Compare = (p, r) => r >= p;

type Row = [name: string, type: OperatorType, negated: boolean, description: string, extra?: Partial<OperatorDef>];

const ROWS: Row[] = [
  ['StringEquals', 'string', false, 'Exact match, case-sensitive.'],
  ['StringNotEquals', 'string', true, 'Negated exact match, case-sensitive.'],
  ['StringEqualsIgnoreCase', 'string', false, 'Exact match, ignoring case.', { ignoreCase: true }],
  ['StringNotEqualsIgnoreCase', 'string', true, 'Negated exact match, ignoring case.', { ignoreCase: true }],
  ['StringLike', 'string-like', false, 'Case-sensitive match with `*` and `?` wildcards.'],
  ['StringNotLike', 'string-like', true, 'Negated case-sensitive match with `*` and `?` wildcards.'],
  ['NumericEquals', 'numeric', false, 'Numbers equal.', { compare: eq }],
  ['NumericNotEquals', 'numeric', true, 'Numbers differ.', { compare: eq }],
  ['NumericLessThan', 'numeric', false, 'Less than.', { compare: lt }],
  ['NumericLessThanEquals', 'numeric', false, 'Less than or equal.', { compare: le }],
  ['NumericGreaterThan', 'numeric', false, 'Greater than.', { compare: gt }],
  ['NumericGreaterThanEquals', 'numeric', false, 'Greater than or equal.', { compare: ge }],
  ['DateEquals', 'date', false, 'Dates equal (ISO 8601 or epoch seconds).', { compare: eq }],
  ['DateNotEquals', 'date', true, 'Dates differ.', { compare: eq }],
  ['DateLessThan', 'date', false, 'Before the date.', { compare: lt }],
  ['DateLessThanEquals', 'date', false, 'At or before the date.', { compare: le }],
  ['DateGreaterThan', 'date', false, 'After the date.', { compare: gt }],
  ['DateGreaterThanEquals', 'date', false, 'At or after the date.', { compare: ge }],
  ['Bool', 'bool', false, 'Boolean match (`true` / `false`).'],
  ['BinaryEquals', 'binary', false, 'Base64-encoded binary values equal.'],
  ['IpAddress', 'ip', false, 'The IP address is in the CIDR range.'],
  ['NotIpAddress', 'ip', true, 'The IP address is not in the CIDR range.'],
  ['ArnEquals', 'arn', false, 'ARN match, case-sensitive; each of the six parts compared separately.'],
  ['ArnLike', 'arn', false, 'ARN match with `*` and `?` wildcards in each part.'],
  ['ArnNotEquals', 'arn', true, 'Negated ARN match.'],
  ['ArnNotLike', 'arn', true, 'Negated ARN match with wildcards.'],
  ['Null', 'null', false, '`true`: the key is absent from the request; `false`: it is present.', { ifExists: false }],
];

/** Every base operator by its canonical name. */
export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map(
  ROWS.map(([name, type, negated, description, extra]) => [name, { name, type, negated, description, ifExists: true, ...extra }]),
);

/** Base name → short description, for hovers and completions. */
export const CONDITION_OPERATORS: Readonly<Record<string, string>> = Object.fromEntries([...OPERATORS.values()].map((d) => [d.name, d.description]));

const BY_LOWER = new Map([...OPERATORS.values()].map((d) => [d.name.toLowerCase(), d]));

export type SetOperator = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  /** The base operator's canonical name, e.g. `StringLike` for `forallvalues:stringlikeifexists`. */
  base: string;
  def: OperatorDef;
  setQualifier?: SetOperator;
  ifExists: boolean;
  /** The canonical spelling of the whole operator, e.g. `ForAllValues:StringLikeIfExists`. */
  canonical: string;
  /** Whether the operator was written exactly in its canonical case. */
  exact: boolean;
}

const parsedCache = new Map<string, ParsedOperator | null>();

/**
 * Parses a condition operator such as `ForAnyValue:StringLikeIfExists`, in any letter case; undefined when no
 * IAM operator is spelled that way (unknown base, unknown qualifier, `IfExists` on `Null`). `exact` tells whether
 * the case is right: the policy linter reports a case-only mistake, the evaluator reads through it.
 */
export function parseOperator(op: string): ParsedOperator | undefined {
  const hit = parsedCache.get(op);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseUncached(op);
  // A policy set uses a handful of operators; the cap only guards a long-running extension host.
  if (parsedCache.size < 1000) parsedCache.set(op, parsed ?? null);
  return parsed;
}

function parseUncached(op: string): ParsedOperator | undefined {
  let rest = op;
  let setQualifier: SetOperator | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'foranyvalue') setQualifier = 'ForAnyValue';
    else if (q === 'forallvalues') setQualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists') && rest.length > 'ifexists'.length) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const def = BY_LOWER.get(rest.toLowerCase());
  if (!def || (ifExists && !def.ifExists)) return undefined;
  const canonical = `${setQualifier ? setQualifier + ':' : ''}${def.name}${ifExists ? 'IfExists' : ''}`;
  return { base: def.name, def, setQualifier, ifExists, canonical, exact: canonical === op };
}

/** Every valid spelling, for suggestions: base names with IfExists, qualified by ForAnyValue / ForAllValues. */
export function allOperatorForms(): string[] {
  const out: string[] = [];
  for (const def of OPERATORS.values()) {
    const forms = def.ifExists ? [def.name, `${def.name}IfExists`] : [def.name];
    for (const f of forms) out.push(f, `ForAnyValue:${f}`, `ForAllValues:${f}`);
  }
  return out;
}

/** The correctly cased base name for a case-only mistake (`stringequals`), if any. */
export function caseFixedOperator(op: string): string | undefined {
  return BY_LOWER.get(op.toLowerCase())?.name;
}
