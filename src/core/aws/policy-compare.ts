// Compares IAM policy documents by meaning (live vs local), and prints them the same way on both sides of a diff.
import { parse, type ParseError } from 'jsonc-parser';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Parses a policy file (comments and trailing commas allowed, as the editor allows them). */
export function parsePolicy(text: string, name: string): Json {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true }) as Json | undefined;
  if (errors.length || value === undefined) {
    throw new Error(`${name} is not valid JSON (first error at character ${errors[0]?.offset ?? 0}): fix the file and try again.`);
  }
  return value;
}

/** What AWS receives: compact JSON, since whitespace does not count against the size quotas but some tools choke on comments. */
export function minify(value: Json): string {
  return JSON.stringify(value);
}

/** Two-space JSON with keys in canonical order, so a diff shows only real differences. */
export function pretty(value: Json): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`;
}

/** Equal when IAM would treat them the same: single values vs one-element lists, order and duplicates in lists, key order. */
export function samePolicy(a: Json, b: Json): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Fields whose value may be a string or a list of strings, where order and repeats do not matter. */
const SET_FIELDS = new Set(['Action', 'NotAction', 'Resource', 'NotResource', 'AWS', 'Service', 'Federated', 'CanonicalUser']);

export function canonical(value: Json, key?: string, inCondition = false): Json {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, undefined, inCondition));
    if (key === 'Statement') return items.sort(byJson);
    return [...new Map(items.map((v) => [JSON.stringify(v), v])).values()].sort(byJson);
  }
  if (value && typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(value).sort()) {
      let v = value[k];
      if (k === 'Statement' && !Array.isArray(v)) v = [v];
      // Lists under Principal keys, Action/Resource and condition values are sets.
      if ((SET_FIELDS.has(k) || inCondition) && typeof v === 'string') v = [v];
      out[k] = canonical(v, k, inCondition || k === 'Condition');
    }
    return out;
  }
  return value;
}

function byJson(a: Json, b: Json): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
