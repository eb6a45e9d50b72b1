// Condition types: whether an operator fits a condition key's type, and whether a value is one the operator can read.
//
// IAM User Guide, "IAM JSON policy elements: Condition operators": numeric operators compare numbers, date
// operators ISO 8601 dates or epoch seconds, `Bool` the strings `true`/`false`, `IpAddress` IPv4/IPv6 addresses
// or CIDR ranges, `Null` `true`/`false`. IAM Access Analyzer's policy checks report the mismatches as errors
// ("Data type mismatch", https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
import type { OperatorType } from '../iam/operators';

/** A catalog key type (`String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`…) without `ArrayOf`. */
export function baseKeyType(type: string): string {
  return type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type;
}

/** Multivalued keys (`ArrayOf…`) are the ones `ForAllValues:` / `ForAnyValue:` are for. */
export function isMultivalued(type: string): boolean {
  return type.startsWith('ArrayOf');
}

/** The key type each typed operator family reads. String and ARN operators read any key as text. */
const FAMILY_KEY: Partial<Record<OperatorType, string[]>> = {
  numeric: ['Numeric'],
  // aws:EpochTime is typed Date but documented for numeric operators too (AWS global condition context keys).
  date: ['Date'],
  bool: ['Bool'],
  ip: ['IPAddress'],
};

/** Why `operator` cannot compare a key of `keyType`, or undefined when it can. */
export function operatorKeyMismatch(opType: OperatorType, keyType: string, key: string): string | undefined {
  const want = FAMILY_KEY[opType];
  const base = baseKeyType(keyType);
  if (!want || want.includes(base)) return undefined;
  if (opType === 'numeric' && key.toLowerCase() === 'aws:epochtime') return undefined;
  return `a ${base} key`;
}

/** The operator family to suggest for a key type. */
export function operatorForKeyType(keyType: string): string | undefined {
  switch (baseKeyType(keyType)) {
    case 'Numeric':
      return 'NumericEquals';
    case 'Date':
      return 'DateGreaterThan';
    case 'Bool':
      return 'Bool';
    case 'IPAddress':
      return 'IpAddress';
    case 'ARN':
      return 'ArnLike';
    case 'String':
      return 'StringEquals';
    default:
      return undefined;
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;
// ISO 8601 as AWS writes it (`2026-01-01`, `2026-01-01T00:00:00Z`, with fractions or an offset), or epoch seconds.
const DATE = /^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d+)$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(\/(12[0-8]|1[01]\d|\d?\d))?$/;

/** What is wrong with a value for an operator family (`value` as written: a JSON string, number or boolean), or undefined. */
export function valueProblem(opType: OperatorType, value: string | number | boolean): string | undefined {
  const text = String(value);
  // A policy variable stands for a request value; its type is the other key's.
  if (text.includes('${')) return undefined;
  switch (opType) {
    case 'numeric':
      return NUMBER.test(text) ? undefined : 'is not a number';
    case 'date':
      return DATE.test(text) ? undefined : 'is not a date (ISO 8601 such as `2026-01-01T00:00:00Z`, or epoch seconds)';
    case 'bool':
    case 'null':
      // Read without regard to case, as the evaluator in src/core/trust does.
      return /^(true|false)$/i.test(text) ? undefined : 'is not `true` or `false`';
    case 'ip':
      return IPV4.test(text) || IPV6.test(text) ? undefined : 'is not an IP address or CIDR range such as `203.0.113.0/24`';
    default:
      return undefined;
  }
}
