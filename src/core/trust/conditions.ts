// Evaluates IAM Condition entries against a request context, using core/iam's operator table and wildcard matcher.
import { BlockList, isIP } from 'node:net';
import type { RequestContext } from '../iam/context';
import { parseOperator, type OperatorDef } from '../iam/operators';
import { GlobBuilder, globMatchPattern, type GlobPattern } from '../iam/wildcard';
import type { ConditionEntry } from './policy';

export interface ConditionResult {
  entry: ConditionEntry;
  /** Whether the condition certainly holds (false when it fails or when it depends on an unknown key). */
  ok: boolean;
  /** Set when the outcome depends on a key only AWS knows (the condition's key, or a variable in its values). */
  unknownKey?: string;
  /** Why that key is unknown (what decides its value). */
  unknownWhy?: string;
}

/** A three-valued truth: known true, known false, or depending on keys only AWS knows. */
export type Truth = true | false | 'unknown';

/** The first `${key}` in `values` whose key the context cannot know, if any. */
export function unknownVariable(values: string[], ctx: RequestContext): { key: string; why: string } | undefined {
  for (const v of values) {
    let from = v.indexOf('${');
    while (from >= 0) {
      const end = v.indexOf('}', from + 2);
      if (end < 0) break;
      const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(v.slice(from + 2, end));
      const why = m && !m[2] ? ctx.unknown(m[1]) : undefined;
      if (m && why) return { key: m[1], why };
      from = v.indexOf('${', end);
    }
  }
  return undefined;
}

/** Whether the operator is known at all (unknown ones never match, as IAM would reject the policy). */
export function isKnownOperator(operator: string): boolean {
  const p = parseOperator(operator);
  return !!p && !(p.def.type === 'null' && p.setQualifier);
}

type Token = { t: 'lit' | 'sub'; s: string } | { t: '*' | '?' };

/**
 * Splits a policy value into literal text, wildcards and substituted policy variables. Substituted text never
 * acts as a wildcard. `undefined` when a variable has no value in the request and no default.
 */
function tokenize(value: string, ctx: RequestContext, variables: boolean): Token[] | undefined {
  // Without a variable the tokens do not depend on the request: keep them (a workspace evaluates the same
  // identity policy once per tenant; the bench, bench/trust-tenants.bench.ts, shows the cost without).
  const constant = !variables || !value.includes('${');
  if (constant) {
    const hit = literalTokens.get(value);
    if (hit) return hit;
  }
  const out = tokenizeUncached(value, ctx, variables);
  if (constant && out && literalTokens.size < 10_000) literalTokens.set(value, out);
  return out;
}

const literalTokens = new Map<string, Token[]>();
const globs = [new WeakMap<Token[], GlobPattern>(), new WeakMap<Token[], GlobPattern>()];
const arnParts = new WeakMap<Token[], Token[][] | null>();

function tokenizeUncached(value: string, ctx: RequestContext, variables: boolean): Token[] | undefined {
  const out: Token[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ t: 'lit', s: lit });
    lit = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '*' || ch === '?') {
      flush();
      out.push({ t: ch });
      continue;
    }
    if (variables && ch === '$' && value[i + 1] === '{') {
      const end = value.indexOf('}', i + 2);
      if (end > 0) {
        const inner = value.slice(i + 2, end);
        i = end;
        if (inner === '*' || inner === '?' || inner === '$') {
          lit += inner;
          continue;
        }
        const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
        const resolved = m ? (ctx.single(m[1]) ?? m[2]) : undefined;
        if (resolved === undefined) return undefined;
        flush();
        out.push({ t: 'sub', s: resolved });
        continue;
      }
    }
    lit += ch;
  }
  flush();
  return out;
}

/**
 * Matches a request value against policy tokens: with `wildcards`, `*` and `?` written in the policy are
 * wildcards (substituted variable values never are), matched in linear-bounded time; without, plain equality.
 */
function tokensMatch(tokens: Token[], request: string, wildcards: boolean, ignoreCase: boolean): boolean {
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (!wildcards) return fold(tokens.map((t) => (t.t === 'lit' || t.t === 'sub' ? t.s : t.t)).join('')) === fold(request);
  const cache = globs[ignoreCase ? 1 : 0];
  let glob = cache.get(tokens);
  if (!glob) {
    const b = new GlobBuilder();
    for (const tok of tokens) {
      if (tok.t === 'lit' || tok.t === 'sub') b.literal(fold(tok.s));
      else b.pattern(tok.t);
    }
    glob = b.build();
    cache.set(tokens, glob);
  }
  return globMatchPattern(glob, fold(request));
}

/** Splits tokens at the colons written in the policy itself (not inside substituted values). */
function splitTokens(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const tok of tokens) {
    if (tok.t === 'lit' && tok.s.includes(':')) {
      const pieces = tok.s.split(':');
      pieces.forEach((piece, i) => {
        if (i > 0) parts.push([]);
        if (piece) parts[parts.length - 1].push({ t: 'lit', s: piece });
      });
    } else parts[parts.length - 1].push(tok);
  }
  return parts;
}

function arnTokensMatch(tokens: Token[], requestArn: string): boolean | undefined {
  const req = requestArn.split(':');
  if (req.length < 6 || req[0] !== 'arn') return undefined;
  const reqParts = [...req.slice(0, 5), req.slice(5).join(':')];
  let policyParts = arnParts.get(tokens);
  if (policyParts === undefined) {
    policyParts = arnPolicyParts(tokens) ?? null;
    arnParts.set(tokens, policyParts);
  }
  return policyParts ? policyParts.every((p, i) => tokensMatch(p, reqParts[i], true, false)) : undefined;
}

/** The six parts of a policy ARN as tokens (a short ARN ending in `*` is padded), or undefined when it is no ARN. */
function arnPolicyParts(tokens: Token[]): Token[][] | undefined {
  const parts = splitTokens(tokens);
  if (parts.length < 6) {
    const last = parts[parts.length - 1];
    if (last[last.length - 1]?.t !== '*') return undefined;
    while (parts.length < 6) parts.push([{ t: '*' }]);
  }
  const first = parts[0];
  if (first.length !== 1 || first[0].t !== 'lit' || first[0].s !== 'arn') return undefined;
  // Everything after the fifth colon is the resource part, which may itself contain colons.
  const resource: Token[] = [];
  parts.slice(5).forEach((p, i) => {
    if (i > 0) resource.push({ t: 'lit', s: ':' });
    resource.push(...p);
  });
  return [...parts.slice(0, 5), resource];
}

function parseNumber(s: string): number | undefined {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(s) ? Number(s) : undefined;
}

/** Dates are ISO 8601 text or epoch seconds (AWS's `aws:EpochTime` form). */
export function parseDate(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

function ipInRange(range: string, ip: string): boolean | undefined {
  const family = isIP(ip);
  const [addr, bits] = range.split('/');
  const rangeFamily = isIP(addr);
  if (!family || !rangeFamily) return undefined;
  if (family !== rangeFamily) return false;
  const max = rangeFamily === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  const type = rangeFamily === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(addr, prefix, type);
  return list.check(ip, type);
}

/** Does one request value satisfy the base comparison against one policy value? `undefined`: not comparable. */
function compareOne(def: OperatorDef, policy: string, request: string, ctx: RequestContext, variables: boolean): boolean | undefined {
  switch (def.type) {
    // A variable with no value makes the policy value "effectively null": nothing equals or is like it, so
    // StringEquals/StringLike do not match and StringNotEquals/StringNotLike do (IAM User Guide, "IAM policy
    // elements: Variables and tags", "Policy variables with no value").
    case 'string':
    case 'string-like': {
      const toks = tokenize(policy, ctx, variables);
      if (!toks) return false;
      return tokensMatch(toks, request, def.type === 'string-like', !!def.ignoreCase);
    }
    case 'arn': {
      const toks = tokenize(policy, ctx, variables);
      if (!toks) return false;
      return arnTokensMatch(toks, request);
    }
    case 'numeric': {
      const p = parseNumber(policy);
      const r = parseNumber(request);
      return p === undefined || r === undefined ? undefined : def.compare!(p, r);
    }
    case 'date': {
      const p = parseDate(policy);
      const r = parseDate(request);
      return p === undefined || r === undefined ? undefined : def.compare!(p, r);
    }
    case 'bool': {
      const p = policy.toLowerCase();
      const r = request.toLowerCase();
      if ((p !== 'true' && p !== 'false') || (r !== 'true' && r !== 'false')) return undefined;
      return p === r;
    }
    case 'ip':
      return ipInRange(policy, request);
    case 'binary':
      return policy === request;
    case 'null':
      return undefined;
  }
}

/** A positive operator matches when any policy value matches; a negated one when none does (and all are comparable). */
function valueSatisfies(def: OperatorDef, values: string[], request: string, ctx: RequestContext, variables: boolean): boolean {
  if (def.negated) return values.every((p) => compareOne(def, p, request, ctx, variables) === false);
  return values.some((p) => compareOne(def, p, request, ctx, variables) === true);
}

/**
 * One condition against the request context. A key the context marks unknown (or a policy variable naming one)
 * makes the outcome depend on it, except where presence alone decides and is known.
 */
export function evaluateConditionResult(entry: ConditionEntry, ctx: RequestContext, variables: boolean): ConditionResult {
  const why = entry.key ? ctx.unknown(entry.key) : undefined;
  if (why) {
    // `Null` asks only whether the key is there, which is known for keys always in the request.
    const op = parseOperator(entry.operator);
    if (op?.def.type === 'null' && !op.setQualifier && ctx.unknownPresent(entry.key))
      return { entry, ok: entry.values.some((v) => v.toLowerCase() === 'false') };
    return { entry, ok: false, unknownKey: entry.key, unknownWhy: why };
  }
  const v = variables ? unknownVariable(entry.values, ctx) : undefined;
  if (v && ctx.has(entry.key)) return { entry, ok: false, unknownKey: v.key, unknownWhy: v.why };
  return { entry, ok: evaluateCondition(entry, ctx, variables) };
}

export function evaluateCondition(entry: ConditionEntry, ctx: RequestContext, variables: boolean): boolean {
  const op = parseOperator(entry.operator);
  if (!entry.key || !op) return false;
  const present = ctx.has(entry.key);
  const def = op.def;
  if (def.type === 'null') {
    if (op.setQualifier) return false;
    const want = present ? 'false' : 'true';
    return entry.values.some((v) => v.toLowerCase() === want);
  }
  const raw = ctx.get(entry.key);
  if (op.setQualifier === 'ForAnyValue') {
    if (raw === undefined) return false;
    const list = typeof raw === 'string' ? [raw] : raw;
    return list.some((v) => valueSatisfies(def, entry.values, v, ctx, variables));
  }
  if (op.setQualifier === 'ForAllValues') {
    if (raw === undefined) return true;
    const list = typeof raw === 'string' ? [raw] : raw;
    return list.every((v) => valueSatisfies(def, entry.values, v, ctx, variables));
  }
  // AWS: a missing key fails a condition unless it is IfExists or a negated operator.
  if (raw === undefined) return op.ifExists || def.negated;
  // A single-valued operator cannot test a multi-valued key; AWS requires ForAnyValue/ForAllValues.
  if (typeof raw !== 'string') return false;
  return valueSatisfies(def, entry.values, raw, ctx, variables);
}

export function evaluateConditions(entries: ConditionEntry[], ctx: RequestContext, variables: boolean): ConditionResult[] {
  return entries.map((entry) => evaluateConditionResult(entry, ctx, variables));
}

/** All conditions together (AND): false when one certainly fails, unknown when one depends on an unknown key. */
export function conditionsTruth(results: ConditionResult[]): Truth {
  let t: Truth = true;
  for (const r of results) {
    if (r.ok) continue;
    if (!r.unknownKey) return false;
    t = 'unknown';
  }
  return t;
}

/** Resource / NotResource pattern matching: part by part, with policy variables when the policy version allows them. */
export function resourceMatches(pattern: string, arn: string, ctx: RequestContext, variables: boolean): boolean {
  if (pattern === '*') return true;
  const toks = tokenize(pattern, ctx, variables);
  return toks ? arnTokensMatch(toks, arn) === true : false;
}
