// Checks policy documents the way IAM does before storing them: JSON, grammar (via @cloud-copilot/iam-policy), size quotas.
import { validateIdentityPolicy, validateSessionPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { errors } from './errors';

export type PolicyKind = 'identity' | 'trust' | 'session';

/** Characters IAM counts against size quotas: whitespace is not counted. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, '').length;
}

export const QUOTAS = {
  managedPolicySize: 6144,
  trustPolicySize: 2048,
  inlineRolePoliciesSize: 10240,
  inlineUserPoliciesSize: 2048,
  policyVersions: 5,
  attachedPoliciesPerRole: 10,
  rolesPerInstanceProfile: 1,
  sessionPolicySize: 2048,
};

/** Parses and validates a document, throwing IAM's `MalformedPolicyDocument` with IAM's wording for the common mistakes. */
export function checkPolicy(text: string, kind: PolicyKind): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw errors.malformedPolicy('This policy contains invalid Json');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw errors.malformedPolicy('This policy contains invalid Json');
  const problems = kind === 'trust' ? validateTrustPolicy(doc) : kind === 'session' ? validateSessionPolicy(doc) : validateIdentityPolicy(doc);
  if (problems.length > 0) {
    const first = problems[0]!;
    if (kind === 'identity' && /Principal/.test(first.path)) throw errors.malformedPolicy('Policy document should not specify a principal.');
    if (kind === 'trust' && /Principal or NotPrincipal is required/.test(first.message)) throw errors.malformedPolicy('Missing required field Principal');
    if (kind === 'trust' && /#Resource/.test(first.path)) throw errors.malformedPolicy('Has prohibited field Resource');
    // IAM says only "Syntax errors in policy."; the detail after it saves a test author a debugging session.
    throw errors.malformedPolicy(`Syntax errors in policy. (${first.path}: ${first.message})`);
  }
  return doc;
}
