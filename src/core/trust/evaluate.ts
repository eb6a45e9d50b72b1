// The offline sts:AssumeRole decision: the caller's identity policies against the role's trust policy, with reasons.
import { splitArn } from '../iam/arn';
import type { Caller, RequestContext } from '../iam/context';
import { describePrincipals, matchPrincipal, notPrincipalExempts, type PrincipalMatch } from '../iam/principal';
import { actionMatches } from '../iam/wildcard';
import { evaluateConditions, isKnownOperator, resourceMatches, type ConditionResult } from './conditions';
import { CURRENT_VERSION, describeStatement, type PolicyDocument, type Statement } from './policy';

export type Decision = 'allowed' | 'implicitly-denied' | 'explicitly-denied';

export interface Reason {
  /** Which side the reason is about: the caller's identity policies, the role's trust policy, or the request itself. */
  side: 'identity' | 'trust' | 'request';
  kind: 'allow' | 'deny' | 'no-match' | 'note';
  message: string;
  policy?: string;
  /** 0-based statement index within `policy`. */
  statementIndex?: number;
  sid?: string;
}

export interface AssumeRoleInput {
  caller: Caller;
  roleArn: string;
  identityPolicies: PolicyDocument[];
  trustPolicy: PolicyDocument;
  context: RequestContext;
  /** Defaults to `sts:AssumeRole`. */
  action?: string;
  /** Where a context key's value came from, for explanations, e.g. `{ 'sts:ExternalId': 'the accounts file' }`. */
  contextSources?: Record<string, string>;
}

export interface EvaluationResult {
  decision: Decision;
  caller: string;
  principalArn: string;
  roleArn: string;
  sameAccount: boolean;
  identity: 'allowed' | 'explicitly-denied' | 'implicitly-denied';
  trust: 'allowed' | 'allowed-for-account' | 'explicitly-denied' | 'implicitly-denied';
  reasons: Reason[];
}

/** How one statement fares against the request. */
export interface StatementOutcome {
  doc: PolicyDocument;
  st: Statement;
  actionOk: boolean;
  resourceOk: boolean;
  principal: PrincipalMatch;
  /** Set when the statement's principal element cannot work as written (e.g. NotPrincipal with Allow). */
  principalProblem?: string;
  conditions: ConditionResult[];
  conditionsOk: boolean;
  applies: boolean;
}

/** Context keys only AWS knows when the request arrives; offline they count as absent. */
const ONLY_AWS_KNOWS = /^(aws:(userid|sourceip|sourcevpc|sourcevpce|vpcsourceip|principalorgid|principalorgpaths|principaltag\/.*|multifactorauth.*|tokenissuetime|sourceidentity|requestedregion|calledvia.*|viaawsservice|referer|useragent|federatedprovider|sourceaccount|sourcearn|sourceorg.*)|sts:(rolesessionname|sourceidentity|transitivetagkeys|tagkeys))$/i;

export function evaluateAssumeRole(input: AssumeRoleInput): EvaluationResult {
  const action = input.action ?? 'sts:AssumeRole';
  const { caller, roleArn, context } = input;
  const reasons: Reason[] = [];
  const roleAccount = splitArn(roleArn)?.account ?? '';
  const sameAccount = roleAccount === caller.accountId;
  const base = { caller: caller.arn, principalArn: caller.principalArn, roleArn, sameAccount };

  const identity = input.identityPolicies.flatMap((doc) => doc.statements.map((st) => evaluateIdentityStatement(doc, st, action, roleArn, context)));
  const trust = input.trustPolicy.statements.map((st) => evaluateTrustStatement(input.trustPolicy, st, action, roleArn, caller, context));
  for (const doc of [...input.identityPolicies, input.trustPolicy]) {
    for (const p of doc.problems) reasons.push({ side: doc === input.trustPolicy ? 'trust' : 'identity', kind: 'note', message: `${doc.name}: ${p}`, policy: doc.name });
  }

  const identityDenies = identity.filter((o) => o.applies && o.st.effect === 'Deny');
  const identityAllows = identity.filter((o) => o.applies && o.st.effect === 'Allow');
  const trustDenies = trust.filter((o) => o.applies && o.st.effect === 'Deny');
  const trustDirect = trust.filter((o) => o.applies && o.st.effect === 'Allow' && o.principal === 'direct');
  const trustAccount = trust.filter((o) => o.applies && o.st.effect === 'Allow' && o.principal === 'account');

  const identitySide: EvaluationResult['identity'] = identityDenies.length ? 'explicitly-denied' : identityAllows.length ? 'allowed' : 'implicitly-denied';
  const trustSide: EvaluationResult['trust'] = trustDenies.length
    ? 'explicitly-denied'
    : trustDirect.length
      ? 'allowed'
      : trustAccount.length
        ? 'allowed-for-account'
        : 'implicitly-denied';

  const result = (decision: Decision): EvaluationResult => ({ decision, ...base, identity: identitySide, trust: trustSide, reasons });

  if (caller.kind === 'root') {
    reasons.push({ side: 'request', kind: 'deny', message: `The caller ${caller.arn} is an account's root user; AWS never lets a root user assume a role. Use an IAM user or role for the admin hypervisor.` });
    return result(identityDenies.length || trustDenies.length ? 'explicitly-denied' : 'implicitly-denied');
  }

  // An explicit Deny anywhere wins, whatever allows it elsewhere.
  if (identityDenies.length || trustDenies.length) {
    for (const o of identityDenies) reasons.push(statementReason('identity', 'deny', o, `denies ${action} on ${roleArn} to ${caller.arn}${conditionSummary(o)}`));
    for (const o of trustDenies) {
      const who = o.st.notPrincipal ? `everyone not listed in its NotPrincipal (${describePrincipals(o.st.notPrincipal)}), which includes the caller ${caller.arn}` : o.principal === 'account' ? `every principal of account ${caller.accountId}, including the caller` : `the caller ${caller.arn}`;
      reasons.push(statementReason('trust', 'deny', o, `denies ${action} to ${who}${conditionSummary(o)}`));
    }
    return result('explicitly-denied');
  }

  const trustOk = trustDirect.length > 0 || trustAccount.length > 0;
  const identityOk = identityAllows.length > 0;
  // Same account: a trust policy naming the caller itself is enough; naming only the account delegates to the identity policies.
  const allowed = sameAccount ? trustDirect.length > 0 || (trustAccount.length > 0 && identityOk) : trustOk && identityOk;

  if (allowed) {
    const t = trustDirect[0] ?? trustAccount[0];
    const how = t.principal === 'direct' ? `names the caller ${caller.arn}` : `trusts the caller's account ${caller.accountId}`;
    reasons.push(statementReason('trust', 'allow', t, `allows ${action}: it ${how}${conditionSummary(t)}`));
    if (sameAccount && trustDirect.length > 0 && !identityOk) {
      reasons.push({ side: 'identity', kind: 'note', message: `The caller and the role are both in account ${caller.accountId} and the trust policy names the caller itself, so no identity policy needs to allow ${action}.` });
    } else if (identityOk) {
      reasons.push(statementReason('identity', 'allow', identityAllows[0], `allows ${action} on ${roleArn}${conditionSummary(identityAllows[0])}`));
    }
    return result('allowed');
  }

  const contextSources = lowerKeys(input.contextSources ?? {});
  if (!trustOk) {
    explainTrustFailure(input.trustPolicy, trust, action, caller, context, contextSources, reasons);
  }
  const identityNeeded = !sameAccount || trustDirect.length === 0;
  if (!identityOk && identityNeeded) {
    explainIdentityFailure(input.identityPolicies, identity, action, roleArn, caller, context, contextSources, reasons, sameAccount && trustOk);
  }
  return result('implicitly-denied');
}

/** Whether a statement's Action/NotAction and Resource/NotResource cover the request; `noResource` answers when it has neither. */
function actionAndResource(st: Statement, action: string, roleArn: string, ctx: RequestContext, variables: boolean, noResource: boolean) {
  const actionOk = st.action ? st.action.some((a) => actionMatches(a, action)) : !st.notAction!.some((a) => actionMatches(a, action));
  const resourceOk = st.resource
    ? st.resource.some((r) => resourceMatches(r, roleArn, ctx, variables))
    : st.notResource
      ? !st.notResource.some((r) => resourceMatches(r, roleArn, ctx, variables))
      : noResource;
  return { actionOk, resourceOk };
}

function evaluateIdentityStatement(doc: PolicyDocument, st: Statement, action: string, roleArn: string, ctx: RequestContext): StatementOutcome {
  const variables = doc.version === CURRENT_VERSION;
  // An identity statement without Resource or NotResource is malformed: IAM would not accept it.
  const { actionOk, resourceOk } = actionAndResource(st, action, roleArn, ctx, variables, false);
  const conditions = evaluateConditions(st.conditions, ctx, variables);
  const conditionsOk = conditions.every((c) => c.ok);
  return { doc, st, actionOk, resourceOk, principal: 'direct', conditions, conditionsOk, applies: actionOk && resourceOk && conditionsOk };
}

/** One trust policy statement against the request: its action, principal and conditions. */
export function evaluateTrustStatement(doc: PolicyDocument, st: Statement, action: string, roleArn: string, caller: Caller, ctx: RequestContext): StatementOutcome {
  const variables = doc.version === CURRENT_VERSION;
  // Trust policies have no Resource: the role is the resource. Honour one anyway if someone wrote it.
  const { actionOk, resourceOk } = actionAndResource(st, action, roleArn, ctx, variables, true);
  let principal: PrincipalMatch = 'none';
  let principalProblem: string | undefined;
  if (st.principal) principal = matchPrincipal(st.principal, caller);
  else if (st.notPrincipal) {
    if (st.effect === 'Allow') principalProblem = 'uses NotPrincipal with Allow, which AWS does not support; it allows nobody';
    else principal = notPrincipalExempts(st.notPrincipal, caller) ? 'none' : 'direct';
  } else principalProblem = 'has no Principal, so it applies to nobody';
  const conditions = evaluateConditions(st.conditions, ctx, variables);
  const conditionsOk = conditions.every((c) => c.ok);
  return {
    doc,
    st,
    actionOk,
    resourceOk,
    principal,
    principalProblem,
    conditions,
    conditionsOk,
    applies: actionOk && resourceOk && principal !== 'none' && conditionsOk,
  };
}

function explainTrustFailure(
  doc: PolicyDocument,
  outcomes: StatementOutcome[],
  action: string,
  caller: Caller,
  ctx: RequestContext,
  sources: Record<string, string>,
  reasons: Reason[],
): void {
  const candidates = outcomes.filter((o) => o.st.effect === 'Allow' && o.actionOk && o.resourceOk);
  if (candidates.length === 0) {
    reasons.push({ side: 'trust', kind: 'no-match', policy: doc.name, message: `The trust policy ${doc.name} has no Allow statement for ${action}, so nobody can assume the role.` });
    return;
  }
  for (const o of candidates) {
    if (o.principalProblem) {
      reasons.push(statementReason('trust', 'no-match', o, o.principalProblem + '.'));
    } else if (o.principal === 'none') {
      const principals = o.st.principal ? describePrincipals(o.st.principal) : '(none)';
      const who = caller.kind === 'role-session' ? `${caller.arn} (role ${caller.principalArn}, account ${caller.accountId})` : `${caller.arn} (account ${caller.accountId})`;
      reasons.push(statementReason('trust', 'no-match', o, `does not trust the caller: the trust policy's principals are ${principals}; the caller is ${who}.`));
    }
    if (!o.principalProblem) {
      for (const c of o.conditions.filter((c) => !c.ok)) {
        reasons.push(statementReason('trust', 'no-match', o, `does not apply: ${describeConditionFailure(c, ctx, sources)}.`));
      }
    }
  }
}

function explainIdentityFailure(
  docs: PolicyDocument[],
  outcomes: StatementOutcome[],
  action: string,
  roleArn: string,
  caller: Caller,
  ctx: RequestContext,
  sources: Record<string, string>,
  reasons: Reason[],
  accountOnlyTrust: boolean,
): void {
  const names = docs.map((d) => d.name);
  const why = accountOnlyTrust
    ? ` The trust policy trusts the whole account ${caller.accountId} rather than the caller itself, so even in the same account an identity policy must allow ${action}.`
    : '';
  if (docs.length === 0) {
    reasons.push({ side: 'identity', kind: 'no-match', message: `The caller has no identity policies in the accounts file (the admin's policies.permissions), so nothing allows ${action} on ${roleArn}.${why}` });
    return;
  }
  reasons.push({
    side: 'identity',
    kind: 'no-match',
    message: `No statement of the caller's identity policies (${names.join(', ')}) allows ${action} on ${roleArn}.${why}`,
  });
  for (const o of outcomes.filter((o) => o.st.effect === 'Allow' && o.actionOk)) {
    if (!o.resourceOk) {
      const res = o.st.resource ? `its Resource ${o.st.resource.join(', ')} does not match ${roleArn}` : o.st.notResource ? `its NotResource ${o.st.notResource.join(', ')} excludes ${roleArn}` : 'it has no Resource';
      reasons.push(statementReason('identity', 'no-match', o, `covers ${action} but ${res}.`));
      continue;
    }
    for (const c of o.conditions.filter((c) => !c.ok)) {
      reasons.push(statementReason('identity', 'no-match', o, `covers ${action} but does not apply: ${describeConditionFailure(c, ctx, sources)}.`));
    }
  }
}

function statementReason(side: Reason['side'], kind: Reason['kind'], o: StatementOutcome, text: string): Reason {
  const label = describeStatement(o.doc, o.st);
  return {
    side,
    kind,
    policy: o.doc.name,
    statementIndex: o.st.index,
    sid: o.st.sid,
    message: `${side === 'trust' ? 'Trust policy' : 'Identity policy'} ${label} ${text}`,
  };
}

function conditionSummary(o: StatementOutcome): string {
  if (o.conditions.length === 0) return '';
  return ` (conditions met: ${o.conditions.map((c) => `${c.entry.operator} ${c.entry.key}`).join(', ')})`;
}

function lowerKeys(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));
}

/** e.g. `condition StringEquals sts:ExternalId expected "a", the accounts file sets "b"`. */
export function describeConditionFailure(c: ConditionResult, ctx: RequestContext, sources: Record<string, string> = {}): string {
  const { operator, key, values } = c.entry;
  if (!key) return `condition ${operator} is malformed`;
  if (!isKnownOperator(operator)) return `condition operator ${operator} is not an IAM operator, so the condition never matches`;
  const expected = values.map((v) => JSON.stringify(v)).join(' or ');
  const actual = ctx.get(key);
  const source = sources[key.toLowerCase()];
  let has: string;
  if (actual === undefined) {
    if (source) has = `${source} sets none`;
    else if (ONLY_AWS_KNOWS.test(key)) has = `the request has no ${key} (only AWS knows it at request time; offline it counts as absent)`;
    else has = `the request has no ${key}`;
  } else {
    const shown = typeof actual === 'string' ? JSON.stringify(actual) : `[${actual.map((v) => JSON.stringify(v)).join(', ')}]`;
    has = source ? `${source} sets ${shown}` : `the request has ${shown}`;
  }
  if (/^null$/i.test(operator)) return `condition Null ${key} expected ${expected}, ${has}`;
  return `condition ${operator} ${key} expected ${expected}, ${has}`;
}
