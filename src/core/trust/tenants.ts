// Evaluates every tenant of an accounts file: the admin hypervisor's identity against the tenant role's trust policy.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { bomAsSpace, LineIndex } from '../findings';
import type { AccountsInput } from '../topology/inputs';
import { adminOf, type AdminAccount, type TenantAccount } from '../topology/model';
import { parseRoleArn } from '../iam/arn';
import {
  callerContext,
  requestContextFor,
  roleSessionCaller,
  userCaller,
  type Caller,
  type ContextValue,
  type RequestContext,
  type RequestFacts,
} from '../iam/context';
import { evaluateAssumeRole, type Decision, type EvaluationResult, type Reason } from './evaluate';
import { normalizePolicy, type PolicyDocument } from './policy';

/** Where the ExternalId sent with AssumeRole comes from, as explanations name it. */
export const EXTERNAL_ID_SOURCE = "the accounts file (the tenant hypervisor's externalId)";

/** The ExternalId the accounts file sends for a tenant (an empty string is sent as it is). */
export function tenantExternalId(tenant: TenantAccount): string | undefined {
  const externalId = tenant.hypervisor?.externalId as unknown;
  return typeof externalId === 'string' ? externalId : undefined;
}

export interface TenantEvaluation {
  tenant: string;
  admin?: string;
  roleArn: string;
  caller: string;
  decision: Decision;
  /** Readable sentences, most important first. */
  reasons: string[];
  details: Reason[];
  /** The full evaluation when the inputs were complete enough to run it. */
  evaluation?: EvaluationResult;
  /** A referenced policy file is missing or is not valid JSON: the answer is not trustworthy. */
  ioError?: boolean;
  /** The accounts file lacks something the evaluation needs (admin, ARNs, trust policy path). */
  configError?: boolean;
  /** Policy files the evaluation read, relative to the accounts file (what a watcher should follow). */
  files: string[];
}

export interface EvaluateTenantsOptions {
  now: Date;
  /** Only these tenants (by name); all when empty or absent. */
  tenants?: string[];
  extraContext?: Record<string, ContextValue>;
}

export async function evaluateTenants(accounts: AccountsInput, options: EvaluateTenantsOptions): Promise<TenantEvaluation[]> {
  const { topology } = accounts;
  const cache = new Map<string, Promise<LoadedPolicy>>();
  const load = (path: string): Promise<LoadedPolicy> => {
    let p = cache.get(path);
    if (!p) {
      p = loadPolicy(path, accounts.readFile);
      cache.set(path, p);
    }
    return p;
  };
  const wanted = options.tenants?.length ? new Set(options.tenants) : undefined;
  const tenants = topology.tenants.filter((t) => !wanted || wanted.has(t.name));
  // The caller's part of the request context is the same for every tenant of an admin: build it once.
  const bases = new Map<AdminAccount, RequestContext>();
  const base = (admin: AdminAccount, caller: Caller) => {
    let b = bases.get(admin);
    if (!b) {
      b = callerContext(caller, { now: options.now, facts: requestFacts(admin), extra: options.extraContext });
      bases.set(admin, b);
    }
    return b;
  };
  return Promise.all(tenants.map((t) => evaluateTenant(t, topology.admins, load, options, base)));
}

interface LoadedPolicy {
  path: string;
  doc?: PolicyDocument;
  error?: string;
}

async function loadPolicy(path: string, read: AccountsInput['readFile']): Promise<LoadedPolicy> {
  let text: string | undefined;
  try {
    text = await read(path);
  } catch (err) {
    return { path, error: `${path} could not be read (${err instanceof Error ? err.message : String(err)}).` };
  }
  if (text === undefined) return { path, error: `${path} was not found: create it or fix the path in the accounts file.` };
  const errors: ParseError[] = [];
  text = bomAsSpace(text);
  // Plain JSON (nearly every policy) through the native parser, which bench/trust-tenants.bench.ts shows is about
  // ten times faster; comments or trailing commas (which IAM itself would reject, and lint reports) through jsonc.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = parse(text, errors, { allowTrailingComma: true });
  }
  if (errors.length) {
    const pos = new LineIndex(text).positionAt(errors[0].offset);
    return {
      path,
      error: `${path} is not valid JSON (${printParseErrorCode(errors[0].error)} at line ${pos.line + 1}, column ${pos.character + 1}): fix the file and evaluate again.`,
    };
  }
  return { path, doc: normalizePolicy(path, value, text) };
}

/** The session name AWS would show: EC2 names instance-profile sessions after the instance id. */
function sessionNameFor(admin: AdminAccount): string {
  if (admin.hypervisor?.authentication === 'iamRole') {
    const id = admin.hypervisor.accessNodes?.find((n) => n.instanceId)?.instanceId;
    return id ?? 'i-access-node';
  }
  return 'cross-account-backup';
}

/** The admin's `requestFacts` as the request-context model reads them; anything malformed is left out (lint reports it). */
export function requestFacts(admin: AdminAccount): RequestFacts | undefined {
  const f = admin.requestFacts as unknown;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return undefined;
  const r = f as Record<string, unknown>;
  const out: RequestFacts = {};
  const str = (v: unknown) => typeof v === 'string';
  const tags = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(str);
  if (typeof r.mfa === 'boolean') out.mfa = r.mfa;
  if (str(r.organizationId) || r.organizationId === null) out.organizationId = r.organizationId as string | null;
  if (Array.isArray(r.organizationPaths) && r.organizationPaths.every(str)) out.organizationPaths = r.organizationPaths as string[];
  if (tags(r.principalTags)) out.principalTags = r.principalTags;
  if (tags(r.sessionTags)) out.sessionTags = r.sessionTags;
  if (str(r.sourceIdentity) || r.sourceIdentity === null) out.sourceIdentity = r.sourceIdentity as string | null;
  if (str(r.roleSessionName)) out.roleSessionName = r.roleSessionName as string;
  if (str(r.sourceIp)) out.sourceIp = r.sourceIp as string;
  if (str(r.sourceVpce) || r.sourceVpce === null) out.sourceVpce = r.sourceVpce as string | null;
  if (str(r.requestedRegion)) out.requestedRegion = r.requestedRegion as string;
  return out;
}

export function callerFor(admin: AdminAccount): { caller?: Caller; problem?: string } {
  const hv = admin.hypervisor;
  if (!hv) return { problem: `Admin ${admin.name} has no hypervisor: add one with its authentication and roleArn.` };
  if (hv.authentication === 'accessKey') {
    if (!hv.userArn) return { problem: `Admin ${admin.name} authenticates with an access key but its hypervisor has no userArn: add the IAM user's ARN.` };
    const caller = userCaller(hv.userArn);
    return caller ? { caller } : { problem: `Admin ${admin.name}'s userArn ${hv.userArn} is not an IAM user ARN (arn:aws:iam::ACCOUNT:user/NAME).` };
  }
  if (hv.authentication === 'iamRole' || hv.authentication === 'stsAssumeRole') {
    if (!hv.roleArn)
      return { problem: `Admin ${admin.name} authenticates with ${hv.authentication} but its hypervisor has no roleArn: add the admin role's ARN.` };
    // iamRole: the access node signs with its EC2 instance profile's session; stsAssumeRole: with a session from an
    // earlier AssumeRole (a chain). The request context differs (aws:MultiFactorAuthPresent, aws:SourceIdentity…).
    const caller = roleSessionCaller(hv.roleArn, sessionNameFor(admin), hv.authentication === 'iamRole' ? 'instance-profile' : 'assumed-role');
    return caller ? { caller } : { problem: `Admin ${admin.name}'s roleArn ${hv.roleArn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).` };
  }
  return { problem: `Admin ${admin.name}'s hypervisor authentication ${JSON.stringify(hv.authentication)} is not one of accessKey, iamRole, stsAssumeRole.` };
}

async function evaluateTenant(
  tenant: TenantAccount,
  admins: AdminAccount[],
  load: (path: string) => Promise<LoadedPolicy>,
  options: EvaluateTenantsOptions,
  base: (admin: AdminAccount, caller: Caller) => RequestContext,
): Promise<TenantEvaluation> {
  const roleArn = tenant.hypervisor?.roleArn ?? '';
  const out: TenantEvaluation = {
    tenant: tenant.name,
    admin: tenant.admin,
    roleArn,
    caller: '',
    decision: 'implicitly-denied',
    reasons: [],
    details: [],
    files: [],
  };
  const fail = (message: string, kind: 'config' | 'io'): TenantEvaluation => {
    out.details.push({ side: 'request', kind: 'note', message });
    out.reasons.push(message);
    if (kind === 'io') out.ioError = true;
    else out.configError = true;
    return out;
  };

  const admin = adminOf({ admins }, tenant);
  if (!admin)
    return fail(
      `Tenant ${tenant.name} names admin ${JSON.stringify(tenant.admin)}, which is not among the accounts file's admins: fix its "admin" field.`,
      'config',
    );
  const { caller, problem } = callerFor(admin);
  if (caller) out.caller = caller.arn;
  if (!caller) return fail(problem!, 'config');
  if (caller.accountId !== admin.accountId) {
    out.details.push({
      side: 'request',
      kind: 'note',
      message: `Admin ${admin.name}'s accountId is ${admin.accountId}, but its hypervisor's ARN is in account ${caller.accountId}; the evaluation uses the ARN's account.`,
    });
  }
  if (!roleArn) return fail(`Tenant ${tenant.name}'s hypervisor has no roleArn: add the ARN of the role the admin assumes.`, 'config');
  if (!parseRoleArn(roleArn)) return fail(`Tenant ${tenant.name}'s roleArn ${roleArn} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).`, 'config');
  const trustPath = tenant.policies?.trust;
  if (!trustPath) return fail(`Tenant ${tenant.name} has no policies.trust: add the path of its role's trust policy so it can be evaluated offline.`, 'config');

  const permissionPaths = Array.isArray(admin.policies?.permissions) ? admin.policies.permissions.filter((p): p is string => typeof p === 'string') : [];
  out.files = [trustPath, ...permissionPaths];
  const [trust, ...identity] = await Promise.all([load(trustPath), ...permissionPaths.map(load)]);
  const ioProblems = [trust, ...identity].filter((p) => p.error);
  if (ioProblems.length) {
    for (const p of ioProblems) fail(p.error!, 'io');
    return out;
  }

  const context = requestContextFor(base(admin, caller), caller, {
    now: options.now,
    externalId: tenantExternalId(tenant),
    roleArn,
    facts: requestFacts(admin),
    extra: options.extraContext,
  });
  const evaluation = evaluateAssumeRole({
    caller,
    roleArn,
    identityPolicies: identity.map((p) => p.doc!),
    trustPolicy: trust.doc!,
    context,
    contextSources: { 'sts:ExternalId': EXTERNAL_ID_SOURCE },
  });
  out.evaluation = evaluation;
  out.decision = evaluation.decision;
  out.details.push(...evaluation.reasons);
  out.reasons = out.details.map((r) => r.message);
  return out;
}
