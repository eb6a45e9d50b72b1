// Reads the local trust policy to explain an AssumeRole denial: whom it trusts, which ExternalId it wants, and whether the caller fits.
import { parse, type ParseError } from 'jsonc-parser';
import { buildRequestContext, callerFromArn, RequestContext } from '../iam/context';
import { isRecord, normalizePolicy } from '../trust/policy';
import { checkTrust, EXTERNAL_ID_KEY } from '../trust/trust-check';

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
  // The offline evaluator's own answer (src/core/trust), so hints, lint and `evaluate` never disagree.
  const caller = callerArn ? callerFromArn(callerArn) : undefined;
  const context = caller
    ? buildRequestContext(caller, { now: new Date(), externalId })
    : new RequestContext(externalId !== undefined ? { [EXTERNAL_ID_KEY]: externalId } : {});
  const check = checkTrust({ trustPolicy: normalizePolicy('trust policy', value), caller, context });
  // An ARN that is not one STS reports for a caller (a typo) names nobody the policy could trust.
  const callerTrusted = callerArn ? (caller ? check.namesCaller : false) : undefined;
  return {
    trustedPrincipals: check.trustedPrincipals,
    requiredExternalIds: check.requiredExternalIds,
    callerTrusted,
    externalIdMatches: check.externalIdAccepted,
  };
}
