// IAM condition operators: the base names, their IfExists / ForAnyValue / ForAllValues forms, and short descriptions.

export const CONDITION_OPERATORS: Readonly<Record<string, string>> = {
  StringEquals: 'Exact match, case-sensitive.',
  StringNotEquals: 'Negated exact match, case-sensitive.',
  StringEqualsIgnoreCase: 'Exact match, ignoring case.',
  StringNotEqualsIgnoreCase: 'Negated exact match, ignoring case.',
  StringLike: 'Case-sensitive match with `*` and `?` wildcards.',
  StringNotLike: 'Negated case-sensitive match with `*` and `?` wildcards.',
  NumericEquals: 'Numbers equal.',
  NumericNotEquals: 'Numbers differ.',
  NumericLessThan: 'Less than.',
  NumericLessThanEquals: 'Less than or equal.',
  NumericGreaterThan: 'Greater than.',
  NumericGreaterThanEquals: 'Greater than or equal.',
  DateEquals: 'Dates equal (ISO 8601 or epoch seconds).',
  DateNotEquals: 'Dates differ.',
  DateLessThan: 'Before the date.',
  DateLessThanEquals: 'At or before the date.',
  DateGreaterThan: 'After the date.',
  DateGreaterThanEquals: 'At or after the date.',
  Bool: 'Boolean match (`true` / `false`).',
  BinaryEquals: 'Base64-encoded binary values equal.',
  IpAddress: 'The IP address is in the CIDR range.',
  NotIpAddress: 'The IP address is not in the CIDR range.',
  ArnEquals: 'ARN match, case-sensitive; each of the six parts compared separately.',
  ArnLike: 'ARN match with `*` and `?` wildcards in each part.',
  ArnNotEquals: 'Negated ARN match.',
  ArnNotLike: 'Negated ARN match with wildcards.',
  Null: '`true`: the key is absent from the request; `false`: it is present.',
};

const BASE_LOWER = new Map(Object.keys(CONDITION_OPERATORS).map((k) => [k.toLowerCase(), k]));

export interface ParsedOperator {
  base: string;
  setQualifier?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
}

const parsedCache = new Map<string, ParsedOperator | null>();

/** Parses an operator such as `ForAnyValue:StringLikeIfExists`; undefined when it is not a valid IAM operator. */
export function parseOperator(op: string): ParsedOperator | undefined {
  const hit = parsedCache.get(op);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseUncached(op);
  if (parsedCache.size < 1000) parsedCache.set(op, parsed ?? null);
  return parsed;
}

function parseUncached(op: string): ParsedOperator | undefined {
  let rest = op;
  let setQualifier: ParsedOperator['setQualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAnyValue' && q !== 'ForAllValues') return undefined;
    setQualifier = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!Object.hasOwn(CONDITION_OPERATORS, rest)) return undefined;
  // `Null` has no IfExists form: it already asks whether the key exists.
  if (rest === 'Null' && ifExists) return undefined;
  return { base: rest, setQualifier, ifExists };
}

/** Every valid spelling, for suggestions: base names with IfExists, qualified by ForAnyValue / ForAllValues. */
export function allOperatorForms(): string[] {
  const out: string[] = [];
  for (const base of Object.keys(CONDITION_OPERATORS)) {
    const forms = base === 'Null' ? [base] : [base, `${base}IfExists`];
    for (const f of forms) out.push(f, `ForAnyValue:${f}`, `ForAllValues:${f}`);
  }
  return out;
}

/** The correctly cased base name for a case-only mistake (`stringequals`), if any. */
export function caseFixedOperator(op: string): string | undefined {
  return BASE_LOWER.get(op.toLowerCase());
}
