// One answer to "does this trust policy let the admin assume the role, with the ExternalId it sends?", for lint, AssumeRole hints and evaluate.
import { isAccountId } from '../iam/arn';
import { buildRequestContext, RequestContext, type Caller } from '../iam/context';
import { parseOperator } from '../iam/operators';
import type { AdminAccount, TenantAccount } from '../topology/model';
import type { ConditionResult } from './conditions';
import { describeConditionFailure, evaluateTrustStatement, invalidTrustStatements, type StatementOutcome } from './evaluate';
import type { PolicyDocument, Statement } from './policy';
import { callerFor, EXTERNAL_ID_SOURCE, requestFacts, tenantExternalId } from './tenants';

export const EXTERNAL_ID_KEY = 'sts:ExternalId';

export interface ExternalIdFailure {
  statement: Statement;
  condition: ConditionResult;
  /** e.g. `condition StringEquals sts:ExternalId expected "a", the accounts file (…) sets "b"`. */
  message: string;
}

export interface TrustCheck {
  /** Allow statements for the action whose principal names the caller (directly or through its account); undefined without a caller. */
  namesCaller: boolean | undefined;
  /** Whether the trust side lets the caller in: an Allow statement naming it applies, conditions included, and no Deny applies. */
  allows: boolean | undefined;
  /**
   * Whether the ExternalId in the context satisfies the `sts:ExternalId` conditions of some Allow statement for the
   * action (of those naming the caller, when some do); undefined when there is no Allow statement for the action.
   */
  externalIdAccepted: boolean | undefined;
  /** The failing `sts:ExternalId` conditions of the statements `externalIdAccepted` looked at, when it is false. */
  externalIdFailures: ExternalIdFailure[];
  /** The `AWS` principals of the Allow statements for the action (`*` for a wildcard principal). */
  trustedPrincipals: string[];
  /** The values Allow statements for the action compare `sts:ExternalId` with. */
  requiredExternalIds: string[];
  /** Statements that make IAM reject the trust policy (the evaluator then answers `invalid-policy`), with a sentence each. */
  invalid: { index: number; sid?: string; message: string }[];
}

export interface TrustCheckInput {
  trustPolicy: PolicyDocument;
  /** Unknown callers still get the principals and ExternalId answers. */
  caller?: Caller;
  context: RequestContext;
  /** The role being assumed; trust policies normally have no Resource, so any ARN does. */
  roleArn?: string;
  /** Defaults to `sts:AssumeRole`. */
  action?: string;
}

/** The trust side of the evaluator (`evaluateAssumeRole`), reduced to what the linter and the AssumeRole hints ask. */
export function checkTrust(input: TrustCheckInput): TrustCheck {
  const action = input.action ?? 'sts:AssumeRole';
  const { trustPolicy: doc, caller, context } = input;
  const roleArn = input.roleArn ?? '';
  // Without a caller, principals cannot match; a placeholder that names no account keeps the statement walk the same.
  const who: Caller = caller ?? { kind: 'root', arn: '', principalArn: '', accountId: '', partition: '' };
  const outcomes = doc.statements.map((st) => evaluateTrustStatement(doc, st, action, roleArn, who, context));
  const allowsAction = outcomes.filter((o) => o.st.effect === 'Allow' && o.actionOk && o.resourceOk);

  const trustedPrincipals = new Set<string>();
  const required = new Set<string>();
  for (const o of allowsAction) {
    if (o.st.principal) for (const p of o.st.principal.wildcard ? ['*'] : (o.st.principal.byType.AWS ?? [])) trustedPrincipals.add(p);
    for (const c of o.conditions) if (isExternalIdComparison(c)) for (const v of c.entry.values) required.add(v);
  }

  const naming = caller ? allowsAction.filter((o) => o.principal !== 'none' && !o.principalProblem) : allowsAction;
  // The ExternalId question is about the statements that let the caller in; when none does, about all of them.
  const asked = naming.length ? naming : allowsAction;
  let externalIdAccepted: boolean | undefined;
  const externalIdFailures: ExternalIdFailure[] = [];
  if (asked.length) {
    externalIdAccepted = asked.some((o) => externalIdConditions(o).every((c) => c.ok));
    if (!externalIdAccepted) {
      const sources = { [EXTERNAL_ID_KEY.toLowerCase()]: EXTERNAL_ID_SOURCE };
      for (const o of asked) {
        for (const c of externalIdConditions(o)) {
          if (!c.ok) externalIdFailures.push({ statement: o.st, condition: c, message: describeConditionFailure(c, context, sources) });
        }
      }
    }
  }
  const denied = outcomes.some((o) => o.applies && o.st.effect === 'Deny');
  return {
    namesCaller: caller ? naming.length > 0 : undefined,
    allows: caller ? !denied && naming.some((o) => o.applies) : undefined,
    externalIdAccepted,
    externalIdFailures,
    trustedPrincipals: [...trustedPrincipals],
    requiredExternalIds: [...required],
    invalid: invalidTrustStatements(doc),
  };
}

function externalIdConditions(o: StatementOutcome): ConditionResult[] {
  return o.conditions.filter((c) => c.entry.key.toLowerCase() === EXTERNAL_ID_KEY.toLowerCase());
}

/** A condition that says which ExternalId values are accepted (`StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, IfExists or not). */
function isExternalIdComparison(c: ConditionResult): boolean {
  if (c.entry.key.toLowerCase() !== EXTERNAL_ID_KEY.toLowerCase()) return false;
  const op = parseOperator(c.entry.operator);
  return !!op && !op.setQualifier && !op.def.negated && (op.def.type === 'string' || op.def.type === 'string-like');
}

/**
 * The caller the admin's access nodes sign as (from its hypervisor, as `evaluate` uses), or, when the accounts
 * file does not say, the admin account itself, so a trust policy naming the account is still recognised.
 */
export function adminCaller(admin: AdminAccount): Caller | undefined {
  const { caller } = callerFor(admin);
  if (caller) return caller;
  if (!isAccountId(admin.accountId)) return undefined;
  return {
    kind: 'root',
    arn: `arn:aws:iam::${admin.accountId}:root`,
    principalArn: `arn:aws:iam::${admin.accountId}:root`,
    accountId: admin.accountId,
    partition: 'aws',
  };
}

/** A tenant's trust policy against its admin, with the ExternalId the accounts file sends for it. */
export function checkTenantTrust(trustPolicy: PolicyDocument, admin: AdminAccount, tenant: TenantAccount, now = new Date()): TrustCheck & { caller?: Caller } {
  const caller = adminCaller(admin);
  const externalId = tenantExternalId(tenant);
  const roleArn = typeof tenant.hypervisor?.roleArn === 'string' ? tenant.hypervisor.roleArn : undefined;
  const context = caller
    ? buildRequestContext(caller, { now, externalId, roleArn, facts: requestFacts(admin) })
    : new RequestContext(externalId !== undefined ? { [EXTERNAL_ID_KEY]: externalId } : {});
  return { ...checkTrust({ trustPolicy, caller, context, roleArn }), caller };
}
