// Decides requests with @cloud-copilot/iam-simulate (independent of the extension's own evaluator), filling the context keys AWS fills.
import type { EvaluationResult, RequestAnalysis } from '@cloud-copilot/iam-simulate';
import { errors } from './errors';
import { iamSimulate } from './iam-simulate';
import type { Principal } from './model';
import type { World } from './world';

export interface AuthzRequest {
  principal: Principal;
  action: string;
  resourceArn: string;
  resourceAccount: string;
  /** A trust policy (for sts:AssumeRole and friends). */
  resourcePolicy?: string;
  /** Keys the caller sends with this request (`sts:ExternalId`, `aws:RequestTag/…`). */
  requestContext?: Record<string, string | string[]>;
  region: string;
}

export interface AuthzResult {
  decision: EvaluationResult;
  analysis?: RequestAnalysis;
}

/** The context keys AWS adds to every request on its own. */
export function globalContext(world: World, p: Principal, region: string): Record<string, string | string[]> {
  const now = world.now();
  const ctx: Record<string, string | string[]> = {
    'aws:PrincipalArn': world.principalArnForConditions(p),
    'aws:PrincipalAccount': world.principalAccount(p),
    'aws:PrincipalType': world.principalType(p),
    'aws:userid': world.userIdOf(p),
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    // Plain http to 127.0.0.1: a trust condition requiring TLS must fail here as it would for a real http call.
    'aws:SecureTransport': 'false',
    'aws:SourceIp': '127.0.0.1',
    'aws:RequestedRegion': region,
    'aws:ViaAWSService': 'false',
  };
  if (p.kind === 'user') ctx['aws:username'] = p.userName;
  if (p.kind === 'session') {
    if (p.session.sourceIdentity) ctx['aws:SourceIdentity'] = p.session.sourceIdentity;
    for (const t of p.session.tags) ctx[`aws:PrincipalTag/${t.key}`] = t.value;
  }
  return ctx;
}

export async function authorize(world: World, req: AuthzRequest): Promise<AuthzResult> {
  // The root user is allowed everything in its own account and nothing through a trust policy it is not named in.
  if (req.principal.kind === 'root' && req.resourceAccount === req.principal.accountId && !req.resourcePolicy) return { decision: 'Allowed' };
  const identity = world.identityPolicies(req.principal).map((p) => ({ name: p.name, policy: JSON.parse(p.text) }));
  const session = req.principal.kind === 'session' && req.principal.session.sessionPolicy ? JSON.parse(req.principal.session.sessionPolicy) : undefined;
  const result = await iamSimulate().runSimulation(
    {
      request: {
        principal: world.principalArn(req.principal),
        action: req.action,
        resource: { resource: req.resourceArn, accountId: req.resourceAccount },
        contextVariables: { ...globalContext(world, req.principal, req.region), ...req.requestContext },
      },
      identityPolicies: identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(req.resourcePolicy ? { resourcePolicy: JSON.parse(req.resourcePolicy) } : {}),
      ...(session ? { sessionPolicy: session } : {}),
    },
    {},
  );
  if (result.resultType === 'error') {
    // Documents are validated on the way in, so this is an emulator bug or an action iam-simulate does not know: say so loudly.
    throw errors.internalFailure();
  }
  return { decision: result.overallResult, analysis: result.resultType === 'single' ? result.result.analysis : undefined };
}

/** IAM's wording for a denied IAM API call, naming the side that denied it. */
export function iamDeniedMessage(callerArn: string, action: string, resourceArn: string, r: AuthzResult): string {
  const base = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn}`;
  if (r.decision === 'ExplicitlyDenied') {
    const bySession = r.analysis?.sessionAnalysis?.result === 'ExplicitlyDenied';
    return `${base} with an explicit deny in ${bySession ? 'a session policy' : 'an identity-based policy'}`;
  }
  const bySession = r.analysis?.sessionAnalysis && r.analysis.sessionAnalysis.result !== 'Allowed' && r.analysis.identityAnalysis?.result === 'Allowed';
  return `${base} because no ${bySession ? 'session policy' : 'identity-based policy'} allows the ${action} action`;
}
