// Reads the local trust policy to explain an AssumeRole denial: whom it trusts, which ExternalId it wants, and whether the caller fits.
import { parse, type ParseError } from 'jsonc-parser';

export interface TrustHints {
  /** `AWS` principals of the Allow statements for sts:AssumeRole. */
  trustedPrincipals: string[];
  /** Values an Allow statement requires for `sts:ExternalId` (empty: none required). */
  requiredExternalIds: string[];
  /** Whether some Allow statement names the caller (account root, its ARN, its role, or `*`); undefined when unknown. */
  callerTrusted: boolean | undefined;
  /** false when the local files disagree about the ExternalId (accounts file vs trust policy). */
  externalIdMatches: boolean | undefined;
}

type Json = Record<string, unknown>;

/** Undefined when the trust policy text is missing or not JSON: nothing can be concluded then. */
export function analyseTrust(trustText: string | undefined, externalId: string | undefined, callerArn: string | undefined): TrustHints | undefined {
  if (trustText === undefined) return undefined;
  const errors: ParseError[] = [];
  const doc = parse(trustText, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length || !isObj(doc)) return undefined;
  const statements = toArray(doc.Statement).filter(isObj);
  const trusted: string[] = [];
  const required: string[] = [];
  let callerTrusted: boolean | undefined = callerArn ? false : undefined;
  let anyWithoutExternalId = false;
  for (const st of statements) {
    if (st.Effect !== 'Allow' || !allowsAssumeRole(st)) continue;
    const principals = awsPrincipals(st.Principal);
    trusted.push(...principals);
    const ids = externalIdValues(st.Condition);
    if (ids.length) required.push(...ids);
    else anyWithoutExternalId = true;
    if (callerArn && principals.some((p) => principalMatches(p, callerArn))) callerTrusted = true;
  }
  let externalIdMatches: boolean | undefined;
  if (required.length) externalIdMatches = externalId !== undefined && required.includes(externalId);
  else if (statements.length) externalIdMatches = externalId === undefined || anyWithoutExternalId;
  return { trustedPrincipals: [...new Set(trusted)], requiredExternalIds: [...new Set(required)], callerTrusted, externalIdMatches };
}

function allowsAssumeRole(st: Json): boolean {
  if (st.NotAction !== undefined) return !toArray(st.NotAction).some((a) => typeof a === 'string' && wildcard(a.toLowerCase(), 'sts:assumerole'));
  return toArray(st.Action).some((a) => typeof a === 'string' && wildcard(a.toLowerCase(), 'sts:assumerole'));
}

function awsPrincipals(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (!isObj(p)) return [];
  return toArray(p.AWS).filter((x): x is string => typeof x === 'string');
}

function externalIdValues(condition: unknown): string[] {
  if (!isObj(condition)) return [];
  const out: string[] = [];
  for (const [op, block] of Object.entries(condition)) {
    if (!/^StringEquals(IgnoreCase)?$|^StringLike$/.test(op) || !isObj(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      if (key.toLowerCase() === 'sts:externalid') out.push(...toArray(value).map(String));
    }
  }
  return out;
}

/** Does trust principal `p` name the caller? `p` may be `*`, an account id, a root, user or role ARN. */
export function principalMatches(p: string, callerArn: string): boolean {
  if (p === '*') return true;
  const caller = parseArn(callerArn);
  if (!caller) return false;
  if (/^\d{12}$/.test(p)) return p === caller.account;
  const want = parseArn(p);
  if (!want || want.account !== caller.account) return false;
  if (want.resource === 'root') return true;
  if (p === callerArn) return true;
  // An assumed-role session is matched by its role's ARN (whose path the session ARN does not carry).
  if (caller.service === 'sts' && caller.resource.startsWith('assumed-role/')) {
    const role = caller.resource.split('/')[1];
    if (want.service === 'iam' && want.resource.startsWith('role/')) return want.resource.split('/').pop() === role;
  }
  return false;
}

export function parseArn(arn: string): { partition: string; service: string; account: string; resource: string } | undefined {
  const m = /^arn:([^:]+):([^:]+):[^:]*:(\d{12}|):(.+)$/.exec(arn.replace(/\s+/g, ''));
  return m ? { partition: m[1], service: m[2], account: m[3], resource: m[4] } : undefined;
}

function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(value);
}

function toArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
