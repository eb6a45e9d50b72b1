// The offline sts:AssumeRole decision: the caller's identity policies against the role's trust policy, with reasons.
import { splitArn } from '../iam/arn';
import { factFor, type Caller, type RequestContext } from '../iam/context';
import { describePrincipals, matchPrincipal, notPrincipalExempts, type PrincipalMatch } from '../iam/principal';
import { actionMatches } from '../iam/wildcard';
import { conditionsTruth, evaluateConditions, isKnownOperator, resourceMatches, unknownVariable, type ConditionResult, type Truth } from './conditions';
import { CURRENT_VERSION, describeStatement, type PolicyDocument, type Statement } from './policy';

/**
 * `depends-on`: the answer turns on a request context key only AWS knows (the source IP, the caller's tags, …);
 * `dependsOn` names it and what would flip the answer. `invalid-policy`: IAM rejects a policy (MalformedPolicyDocument).
 */
export type Decision = 'allowed' | 'implicitly-denied' | 'explicitly-denied' | 'depends-on' | 'invalid-policy';
export type ExactDecision = 'allowed' | 'implicitly-denied' | 'explicitly-denied';

/** A key the decision turns on: the condition that tests it, and the answer with it met or not. */
export interface Dependency {
  key: string;
  /** What decides its value, e.g. "the address the access node's calls come from". */
  why: string;
  side: 'identity' | 'trust';
  effect: 'Allow' | 'Deny';
  /** e.g. `IpAddress aws:SourceIp "203.0.113.0/24"`. */
  condition: string;
  policy: string;
  statementIndex: number;
  sid?: string;
  /** `statement 1 (Sid "A") of trust.json:4`. */
  statement: string;
}

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
  /** For `depends-on`: the keys it turns on, and the answers at either end. */
  dependsOn?: Dependency[];
  /** For `depends-on`: the decision when every unknown condition goes the caller's way, and when none does. */
  ifFavourable?: ExactDecision;
  ifUnfavourable?: ExactDecision;
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
  /** Whether the statement certainly applies (`truth === true`). */
  applies: boolean;
  /** Three-valued: `unknown` when it applies only if conditions on keys only AWS knows hold. */
  truth: Truth;
  /** A policy variable in Resource / NotResource naming a key only AWS knows. */
  resourceUnknown?: { key: string; why: string };
}

export function evaluateAssumeRole(input: AssumeRoleInput): EvaluationResult {
  const action = input.action ?? 'sts:AssumeRole';
  const { caller, roleArn, context } = input;
  const reasons: Reason[] = [];
  const roleParts = splitArn(roleArn);
  const roleAccount = roleParts?.account ?? '';
  const sameAccount = roleAccount === caller.accountId;
  const base = { caller: caller.arn, principalArn: caller.principalArn, roleArn, sameAccount };

  // IAM rejects a malformed policy as a whole (MalformedPolicyDocument): evaluating the rest would be a guess.
  const invalid = invalidReasons(input);
  if (invalid.length) {
    return { decision: 'invalid-policy', ...base, identity: 'implicitly-denied', trust: 'implicitly-denied', reasons: invalid };
  }

  const identity = input.identityPolicies.flatMap((doc) => doc.statements.map((st) => evaluateIdentityStatement(doc, st, action, roleArn, context)));
  const trust = input.trustPolicy.statements.map((st) => evaluateTrustStatement(input.trustPolicy, st, action, roleArn, caller, context));
  for (const doc of [...input.identityPolicies, input.trustPolicy]) {
    for (const p of doc.problems)
      reasons.push({ side: doc === input.trustPolicy ? 'trust' : 'identity', kind: 'note', message: `${doc.name}: ${p}`, policy: doc.name });
  }

  // "Partitions have independent instances of AWS Identity and Access Management (IAM) … You cannot use IAM
  // credentials from one partition to interact with resources in a different partition." (AWS Fault Isolation
  // Boundaries, "Partitions").
  if (roleParts && roleParts.partition !== caller.partition) {
    reasons.push({
      side: 'request',
      kind: 'deny',
      message: `The caller ${caller.arn} is in partition ${caller.partition} and the role ${roleArn} in partition ${roleParts.partition}; AWS partitions are separate, so no principal of one can assume a role in another. Use a caller in ${roleParts.partition}.`,
    });
    return { decision: 'implicitly-denied', ...base, identity: 'implicitly-denied', trust: 'implicitly-denied', reasons };
  }

  // Each unknown statement is taken once as applying and once as not, in the direction that favours the caller and the
  // direction that does not; when both give the same answer it is exact, otherwise it depends on those keys.
  const favourable = decide(identity, trust, caller, sameAccount, true);
  // Without an unknown statement both directions are the same walk.
  const unfavourable = [...identity, ...trust].some((o) => o.truth === 'unknown') ? decide(identity, trust, caller, sameAccount, false) : favourable;
  if (favourable.decision !== unfavourable.decision) {
    const dependsOn = [...dependencies(identity, 'identity'), ...dependencies(trust, 'trust')];
    reasons.push(...dependsOn.map((d) => dependencyReason(d, action, favourable.decision, unfavourable.decision)));
    return {
      decision: 'depends-on',
      ...base,
      identity: unfavourable.identitySide,
      trust: unfavourable.trustSide,
      reasons,
      dependsOn,
      ifFavourable: favourable.decision,
      ifUnfavourable: unfavourable.decision,
    };
  }
  // The same answer either way: explain it from the statements that certainly apply.
  const exact = unfavourable.decision === 'allowed' ? unfavourable : favourable;
  const { identityDenies, identityAllows, trustDenies, trustDirect, trustAccount, identitySide, trustSide } = exact;
  const result = (decision: ExactDecision): EvaluationResult => ({ decision, ...base, identity: identitySide, trust: trustSide, reasons });

  if (caller.kind === 'root') {
    reasons.push({
      side: 'request',
      kind: 'deny',
      message: `The caller ${caller.arn} is an account's root user; AWS never lets a root user assume a role. Use an IAM user or role for the admin hypervisor.`,
    });
    return result(exact.decision);
  }

  // An explicit Deny anywhere wins, whatever allows it elsewhere.
  if (exact.decision === 'explicitly-denied') {
    for (const o of identityDenies)
      reasons.push(statementReason('identity', 'deny', o, `denies ${action} on ${roleArn} to ${caller.arn}${conditionSummary(o)}`));
    for (const o of trustDenies) {
      const who = o.st.notPrincipal
        ? `everyone not listed in its NotPrincipal (${describePrincipals(o.st.notPrincipal)}), which includes the caller ${caller.arn}`
        : o.principal === 'account'
          ? `every principal of account ${caller.accountId}, including the caller`
          : `the caller ${caller.arn}`;
      reasons.push(statementReason('trust', 'deny', o, `denies ${action} to ${who}${conditionSummary(o)}`));
    }
    return result('explicitly-denied');
  }

  const trustOk = trustDirect.length > 0 || trustAccount.length > 0;
  const identityOk = identityAllows.length > 0;

  if (exact.decision === 'allowed') {
    const t = trustDirect[0] ?? trustAccount[0];
    const how = t.principal === 'direct' ? `names the caller ${caller.arn}` : `trusts the caller's account ${caller.accountId}`;
    reasons.push(statementReason('trust', 'allow', t, `allows ${action}: it ${how}${conditionSummary(t)}`));
    if (sameAccount && trustDirect.length > 0 && !identityOk) {
      reasons.push({
        side: 'identity',
        kind: 'note',
        message: `The caller and the role are both in account ${caller.accountId} and the trust policy names the caller itself, so no identity policy needs to allow ${action}.`,
      });
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

interface Decided {
  decision: ExactDecision;
  identityDenies: StatementOutcome[];
  identityAllows: StatementOutcome[];
  trustDenies: StatementOutcome[];
  trustDirect: StatementOutcome[];
  trustAccount: StatementOutcome[];
  identitySide: EvaluationResult['identity'];
  trustSide: EvaluationResult['trust'];
}

/**
 * The IAM User Guide's "Policy evaluation logic" / "Cross-account policy evaluation logic" for sts:AssumeRole, with
 * statements whose truth is unknown counted as applying when `favourable` (Allows apply, Denies do not) or the reverse.
 */
function decide(identity: StatementOutcome[], trust: StatementOutcome[], caller: Caller, sameAccount: boolean, favourable: boolean): Decided {
  const applies = (o: StatementOutcome) => o.truth === true || (o.truth === 'unknown' && (o.st.effect === 'Allow') === favourable);
  const identityDenies = identity.filter((o) => o.st.effect === 'Deny' && applies(o));
  const identityAllows = identity.filter((o) => o.st.effect === 'Allow' && applies(o));
  const trustDenies = trust.filter((o) => o.st.effect === 'Deny' && applies(o));
  const trustDirect = trust.filter((o) => o.st.effect === 'Allow' && o.principal === 'direct' && applies(o));
  const trustAccount = trust.filter((o) => o.st.effect === 'Allow' && o.principal === 'account' && applies(o));
  const identitySide: EvaluationResult['identity'] = identityDenies.length ? 'explicitly-denied' : identityAllows.length ? 'allowed' : 'implicitly-denied';
  const trustSide: EvaluationResult['trust'] = trustDenies.length
    ? 'explicitly-denied'
    : trustDirect.length
      ? 'allowed'
      : trustAccount.length
        ? 'allowed-for-account'
        : 'implicitly-denied';
  const sets = { identityDenies, identityAllows, trustDenies, trustDirect, trustAccount, identitySide, trustSide };
  if (identityDenies.length || trustDenies.length) return { decision: 'explicitly-denied', ...sets };
  if (caller.kind === 'root') return { decision: 'implicitly-denied', ...sets };
  const identityOk = identityAllows.length > 0;
  // Same account: a trust policy naming the caller itself is enough; naming only the account delegates to the identity policies.
  const allowed = sameAccount
    ? trustDirect.length > 0 || (trustAccount.length > 0 && identityOk)
    : (trustDirect.length > 0 || trustAccount.length > 0) && identityOk;
  return { decision: allowed ? 'allowed' : 'implicitly-denied', ...sets };
}

/** The unknown conditions of statements whose action, resource and principal cover the request. */
function dependencies(outcomes: StatementOutcome[], side: Dependency['side']): Dependency[] {
  const out: Dependency[] = [];
  for (const o of outcomes) {
    if (o.truth !== 'unknown') continue;
    for (const c of o.conditions) {
      if (!c.unknownKey) continue;
      out.push({
        key: c.unknownKey,
        why: c.unknownWhy ?? '',
        side,
        effect: o.st.effect,
        condition: `${c.entry.operator} ${c.entry.key} ${c.entry.values.map((v) => JSON.stringify(v)).join(' or ')}`,
        policy: o.doc.name,
        statementIndex: o.st.index,
        sid: o.st.sid,
        statement: describeStatement(o.doc, o.st),
      });
    }
    if (o.resourceUnknown) {
      out.push({
        key: o.resourceUnknown.key,
        why: o.resourceUnknown.why,
        side,
        effect: o.st.effect,
        condition: `Resource ${(o.st.resource ?? o.st.notResource ?? []).join(', ')}`,
        policy: o.doc.name,
        statementIndex: o.st.index,
        sid: o.st.sid,
        statement: describeStatement(o.doc, o.st),
      });
    }
  }
  return out;
}

function dependencyReason(d: Dependency, action: string, favourable: ExactDecision, unfavourable: ExactDecision): Reason {
  const [met, unmet] = d.effect === 'Allow' ? [favourable, unfavourable] : [unfavourable, favourable];
  const what = d.effect === 'Allow' ? `allows ${action}` : `denies ${action}`;
  const fact = factFor(d.key);
  const fix = fact
    ? `State it as requestFacts.${fact} of the admin in the accounts file for an exact answer.`
    : 'The accounts file cannot state it, so only a real AssumeRole test can tell.';
  return {
    side: d.side,
    kind: 'note',
    policy: d.policy,
    statementIndex: d.statementIndex,
    sid: d.sid,
    message:
      `Depends on ${d.key}: ${d.side === 'trust' ? 'trust policy' : 'identity policy'} ${d.statement} ${what} only when ${d.condition} holds, ` +
      `and only AWS knows ${d.why}. If it holds: ${met}; if not: ${unmet}. ${fix}`,
  };
}

/** Each statement IAM would reject (MalformedPolicyDocument), and NotPrincipal in the trust policy. */
function invalidReasons(input: AssumeRoleInput): Reason[] {
  const out: Reason[] = [];
  for (const doc of input.identityPolicies) {
    for (const bad of doc.invalid ?? []) {
      out.push({
        side: 'identity',
        kind: 'deny',
        policy: doc.name,
        statementIndex: bad.index,
        sid: bad.sid,
        message: `IAM rejects ${doc.name} (MalformedPolicyDocument): ${describeStatement(doc, bad)}: ${bad.message}. Fix the policy; until then the role cannot have it.`,
      });
    }
  }
  for (const bad of invalidTrustStatements(input.trustPolicy)) {
    out.push({ side: 'trust', kind: 'deny', policy: input.trustPolicy.name, statementIndex: bad.index, sid: bad.sid, message: bad.message });
  }
  return out;
}

/**
 * What makes IAM reject a role trust policy, one sentence per statement naming it (`statement 2 (Sid "X") of
 * trust.json:9`): the malformations of any policy, and NotPrincipal — IAM User Guide, "AWS JSON policy elements:
 * NotPrincipal": "You cannot use the NotPrincipal element in an IAM identity-based policy nor in an IAM role trust
 * policy." The evaluator answers `invalid-policy` with them; `checkTrust` reports them to the linter and the hints.
 */
export function invalidTrustStatements(doc: PolicyDocument): { index: number; sid?: string; message: string }[] {
  const out = (doc.invalid ?? []).map((bad) => ({
    index: bad.index,
    sid: bad.sid,
    message: `IAM rejects ${doc.name} (MalformedPolicyDocument): ${describeStatement(doc, bad)}: ${bad.message}. Fix the policy; until then the role cannot have it.`,
  }));
  for (const st of doc.statements) {
    if (!st.notPrincipal) continue;
    out.push({
      index: st.index,
      sid: st.sid,
      message: `IAM rejects ${doc.name}: ${describeStatement(doc, st)} uses NotPrincipal, which a role trust policy cannot use (IAM User Guide, "AWS JSON policy elements: NotPrincipal"). Use a Deny with an ArnNotEquals aws:PrincipalArn condition instead.`,
    });
  }
  return out;
}

/** Whether a statement's Action/NotAction and Resource/NotResource cover the request; `noResource` answers when it has neither. */
function actionAndResource(st: Statement, action: string, roleArn: string, ctx: RequestContext, variables: boolean, noResource: boolean) {
  const actionOk = st.action ? st.action.some((a) => actionMatches(a, action)) : !st.notAction!.some((a) => actionMatches(a, action));
  const patterns = st.resource ?? st.notResource;
  // A variable naming a key only AWS knows makes that entry's match unknown (IAM User Guide, "Variables and tags").
  const resourceUnknown = variables && patterns ? unknownVariable(patterns, ctx) : undefined;
  const resourceOk = st.resource
    ? st.resource.some((r) => resourceMatches(r, roleArn, ctx, variables))
    : st.notResource
      ? !st.notResource.some((r) => resourceMatches(r, roleArn, ctx, variables))
      : noResource;
  return { actionOk, resourceOk, resourceUnknown: resourceOk && !st.notResource ? undefined : resourceUnknown };
}

/** Action, resource, principal and conditions together: false if one fails, unknown if one depends on an unknown key. */
function statementTruth(actionOk: boolean, resourceOk: boolean, resourceUnknown: unknown, principalOk: boolean, conditions: ConditionResult[]): Truth {
  if (!actionOk || !principalOk) return false;
  const c = conditionsTruth(conditions);
  if (c === false) return false;
  if (!resourceOk && !resourceUnknown) return false;
  return c === 'unknown' || resourceUnknown ? 'unknown' : true;
}

function evaluateIdentityStatement(doc: PolicyDocument, st: Statement, action: string, roleArn: string, ctx: RequestContext): StatementOutcome {
  const variables = doc.version === CURRENT_VERSION;
  // An identity statement without Resource or NotResource is malformed: IAM would not accept it.
  const { actionOk, resourceOk, resourceUnknown } = actionAndResource(st, action, roleArn, ctx, variables, false);
  const conditions = evaluateConditions(st.conditions, ctx, variables);
  const conditionsOk = conditions.every((c) => c.ok);
  const truth = statementTruth(actionOk, resourceOk, resourceUnknown, true, conditions);
  return { doc, st, actionOk, resourceOk, principal: 'direct', conditions, conditionsOk, applies: truth === true, truth, resourceUnknown };
}

/** One trust policy statement against the request: its action, principal and conditions. */
export function evaluateTrustStatement(
  doc: PolicyDocument,
  st: Statement,
  action: string,
  roleArn: string,
  caller: Caller,
  ctx: RequestContext,
): StatementOutcome {
  const variables = doc.version === CURRENT_VERSION;
  // Trust policies have no Resource: the role is the resource. Honour one anyway if someone wrote it.
  const { actionOk, resourceOk, resourceUnknown } = actionAndResource(st, action, roleArn, ctx, variables, true);
  let principal: PrincipalMatch = 'none';
  let principalProblem: string | undefined;
  if (st.principal) principal = matchPrincipal(st.principal, caller);
  else if (st.notPrincipal) {
    if (st.effect === 'Allow') principalProblem = 'uses NotPrincipal with Allow, which AWS does not support; it allows nobody';
    else principal = notPrincipalExempts(st.notPrincipal, caller) ? 'none' : 'direct';
  } else principalProblem = 'has no Principal, so it applies to nobody';
  const conditions = evaluateConditions(st.conditions, ctx, variables);
  const conditionsOk = conditions.every((c) => c.ok);
  const truth = statementTruth(actionOk, resourceOk, resourceUnknown, principal !== 'none', conditions);
  return { doc, st, actionOk, resourceOk, principal, principalProblem, conditions, conditionsOk, applies: truth === true, truth, resourceUnknown };
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
    reasons.push({
      side: 'trust',
      kind: 'no-match',
      policy: doc.name,
      message: `The trust policy ${doc.name} has no Allow statement for ${action}, so nobody can assume the role.`,
    });
    return;
  }
  for (const o of candidates) {
    if (o.principalProblem) {
      reasons.push(statementReason('trust', 'no-match', o, o.principalProblem + '.'));
    } else if (o.principal === 'none') {
      const principals = o.st.principal ? describePrincipals(o.st.principal) : '(none)';
      const who =
        caller.kind === 'role-session'
          ? `${caller.arn} (role ${caller.principalArn}, account ${caller.accountId})`
          : `${caller.arn} (account ${caller.accountId})`;
      reasons.push(
        statementReason('trust', 'no-match', o, `does not trust the caller: the trust policy's principals are ${principals}; the caller is ${who}.`),
      );
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
    reasons.push({
      side: 'identity',
      kind: 'no-match',
      message: `The caller has no identity policies in the accounts file (the admin's policies.permissions), so nothing allows ${action} on ${roleArn}.${why}`,
    });
    return;
  }
  reasons.push({
    side: 'identity',
    kind: 'no-match',
    message: `No statement of the caller's identity policies (${names.join(', ')}) allows ${action} on ${roleArn}.${why}`,
  });
  for (const o of outcomes.filter((o) => o.st.effect === 'Allow' && o.actionOk)) {
    if (!o.resourceOk) {
      const res = o.st.resource
        ? `its Resource ${o.st.resource.join(', ')} does not match ${roleArn}`
        : o.st.notResource
          ? `its NotResource ${o.st.notResource.join(', ')} excludes ${roleArn}`
          : 'it has no Resource';
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
    else if (ctx.unknown(key)) has = `only AWS knows ${key} at request time (${ctx.unknown(key)})`;
    else has = `the request has no ${key}`;
  } else {
    const shown = typeof actual === 'string' ? JSON.stringify(actual) : `[${actual.map((v) => JSON.stringify(v)).join(', ')}]`;
    has = source ? `${source} sets ${shown}` : `the request has ${shown}`;
  }
  if (/^null$/i.test(operator)) return `condition Null ${key} expected ${expected}, ${has}`;
  return `condition ${operator} ${key} expected ${expected}, ${has}`;
}
