// Reads the local trust policy to explain an AssumeRole denial: whom it trusts, which ExternalId it wants, and whether the caller fits.
import { parse, type ParseError } from 'jsonc-parser';
import { callerFromArn } from '../trust/context';
import { isRecord, normalizePolicy, type Statement } from '../trust/policy';
import { matchPrincipal } from '../trust/principals';
import { actionMatches } from '../trust/wildcard';

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

/** Undefined when the trust policy text is missing or not JSON: nothing can be concluded then. */
export function analyseTrust(trustText: string | undefined, externalId: string | undefined, callerArn: string | undefined): TrustHints | undefined {
  if (trustText === undefined) return undefined;
  const errors: ParseError[] = [];
  const value = parse(trustText, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length || !isRecord(value)) return undefined;
  // The offline evaluator's own reading of statements, principals and actions (src/core/trust).
  const doc = normalizePolicy('trust policy', value);
  const caller = callerArn ? callerFromArn(callerArn) : undefined;
  const trusted: string[] = [];
  const required: string[] = [];
  let callerTrusted: boolean | undefined = callerArn ? false : undefined;
  let anyWithoutExternalId = false;
  for (const st of doc.statements) {
    if (st.effect !== 'Allow' || !allowsAssumeRole(st)) continue;
    if (st.principal) trusted.push(...(st.principal.wildcard ? ['*'] : st.principal.byType.AWS ?? []));
    const ids = st.conditions
      .filter((c) => /^StringEquals(IgnoreCase)?$|^StringLike$/.test(c.operator) && c.key.toLowerCase() === 'sts:externalid')
      .flatMap((c) => c.values);
    if (ids.length) required.push(...ids);
    else anyWithoutExternalId = true;
    if (caller && st.principal && matchPrincipal(st.principal, caller) !== 'none') callerTrusted = true;
  }
  let externalIdMatches: boolean | undefined;
  if (required.length) externalIdMatches = externalId !== undefined && required.includes(externalId);
  else if (doc.statements.length) externalIdMatches = externalId === undefined || anyWithoutExternalId;
  return { trustedPrincipals: [...new Set(trusted)], requiredExternalIds: [...new Set(required)], callerTrusted, externalIdMatches };
}

function allowsAssumeRole(st: Statement): boolean {
  if (st.notAction) return !st.notAction.some((a) => actionMatches(a, 'sts:AssumeRole'));
  return (st.action ?? []).some((a) => actionMatches(a, 'sts:AssumeRole'));
}

export function parseArn(arn: string): { partition: string; service: string; account: string; resource: string } | undefined {
  const m = /^arn:([^:]+):([^:]+):[^:]*:(\d{12}|):(.+)$/.exec(arn.replace(/\s+/g, ''));
  return m ? { partition: m[1], service: m[2], account: m[3], resource: m[4] } : undefined;
}
