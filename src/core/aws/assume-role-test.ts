// "Test assume role": the timed steps from the admin's identity to working tenant credentials, with a classified failure.
import type { AccountsInput } from '../topology/inputs';
import { adminOf, type AdminAccount, type TenantAccount } from '../topology/model';
import { BACKUP_ACTIONS, BACKUP_SIMULATION_CONTEXT } from './backup-permissions';
import type { ResolvedAccess } from './endpoints';
import { classifyError, withDeadline, type Failure } from './failures';
import { AwsSession, staticCredentials } from './session';
import { analyseTrust } from './trust-hints';
import type { CredentialProvider } from './types';

export type StepName = 'get-caller-identity' | 'assume-admin-role' | 'assume-tenant-role' | 'verify-credentials' | 'simulate-permissions';

export interface StepResult {
  name: StepName;
  ok: boolean;
  ms: number;
  /** One line: the ARN obtained, or the reason it failed or was skipped. */
  detail?: string;
}

export interface TestResult {
  tenant: string;
  roleArn: string;
  ok: boolean;
  assumedRoleArn?: string;
  /** ISO 8601. */
  expiration?: string;
  steps: StepResult[];
  failure?: Failure;
  /** The identity that called AssumeRole on the tenant role. */
  callerArn?: string;
  /** The profile used for the admin side (undefined: default chain). */
  profile?: string;
  warnings: string[];
  /** Backup actions the tenant role is not allowed, when the simulation ran. */
  missingActions?: string[];
}

export interface TestOptions {
  durationSeconds: number;
  sessionNamePrefix: string;
  simulatePermissions: boolean;
  signal?: AbortSignal;
  /** The whole test of one tenant ends within this many seconds (a `timeout` failure), whatever the retries. */
  deadlineSeconds?: number;
  /** Called as each step starts and ends, for progress and the output channel. */
  onStep?: (tenant: string, step: StepName, state: 'start' | StepResult) => void;
}

// The accounts file and a way to read the policy files it names: topology's one input type.
export type { AccountsInput } from '../topology/inputs';

export const CHAINING_LIMIT_SECONDS = 3600;

export async function testAssumeRole(accounts: AccountsInput, tenantName: string, session: AwsSession, givenOptions: TestOptions): Promise<TestResult> {
  const options = {
    ...givenOptions,
    signal: withDeadline(givenOptions.signal, givenOptions.deadlineSeconds, `The AssumeRole test of tenant \`${tenantName}\``),
  };
  const tenant = accounts.topology.tenants.find((t) => t.name === tenantName);
  const result: TestResult = { tenant: tenantName, roleArn: tenant?.hypervisor?.roleArn ?? '', ok: false, steps: [], warnings: [] };
  const fail = (failure: Failure): TestResult => {
    result.failure = failure;
    return result;
  };
  if (!tenant)
    return fail({
      kind: 'error',
      message: `There is no tenant named \`${tenantName}\` in the accounts file.`,
      fix: 'Use one of the tenant names of the accounts file.',
    });
  if (!tenant.hypervisor?.roleArn) {
    return fail({
      kind: 'error',
      message: `Tenant \`${tenantName}\` has no \`hypervisor.roleArn\`.`,
      fix: 'Set `hypervisor.roleArn` to the ARN of the role the admin assumes in this tenant.',
    });
  }
  const admin = adminOf(accounts.topology, tenant);
  if (!admin) {
    return fail({
      kind: 'error',
      message: `Tenant \`${tenantName}\` names admin \`${tenant.admin}\`, which is not in the accounts file.`,
      fix: "Set the tenant's `admin` to the `name` of an admin account.",
    });
  }

  const access = await session.access(admin);
  result.profile = access.profile;
  const stsCtx = { profile: access.profile, url: access.stsUrl, region: access.region, interactive: session.interactive };
  const run = makeStepRunner(result, options);

  // 1. Who the admin's credentials say we are.
  let adminCreds: CredentialProvider;
  const caller = await run('get-caller-identity', stsCtx, async () => {
    adminCreds = await session.credentials(access);
    const id = await session.sts(access, adminCreds).getCallerIdentity({ signal: options.signal });
    return { value: id, detail: id.arn };
  });
  if (!caller) return result;
  result.callerArn = caller.arn;
  let callerCreds = adminCreds!;
  let chained = isRoleSession(caller.arn);

  // 2. An stsAssumeRole admin reaches its own role first, so the tenant role is assumed by role chaining.
  if (admin.hypervisor?.authentication === 'stsAssumeRole' && admin.hypervisor.roleArn) {
    const adminRole = admin.hypervisor.roleArn;
    const assumed = await run('assume-admin-role', { ...stsCtx, roleArn: adminRole, durationSeconds: CHAINING_LIMIT_SECONDS }, async () => {
      const r = await session
        .sts(access, callerCreds)
        .assumeRole({ roleArn: adminRole, roleSessionName: sessionName(options.sessionNamePrefix, admin.name, session.now()) }, { signal: options.signal });
      return { value: r, detail: r.assumedRoleArn };
    });
    if (!assumed) return result;
    callerCreds = staticCredentials(assumed.credentials);
    result.callerArn = assumed.assumedRoleArn;
    chained = true;
  }

  if (chained && options.durationSeconds > CHAINING_LIMIT_SECONDS) {
    result.warnings.push(
      `The tenant role is assumed by role chaining (the caller ${result.callerArn} is itself a role session), so AWS caps the session at 1 hour; the ${options.durationSeconds}-second duration asked for will be refused. Set \`crossAccountBackup.assumeRole.durationSeconds\` to 3600 or less.`,
    );
  }

  // 3. The tenant role, as the access node would assume it.
  const roleArn = tenant.hypervisor.roleArn;
  const externalId = tenant.hypervisor.externalId || undefined;
  const tenantRole = await run(
    'assume-tenant-role',
    { ...stsCtx, roleArn, durationSeconds: options.durationSeconds },
    async () => {
      const r = await session.sts(access, callerCreds).assumeRole(
        {
          roleArn,
          externalId,
          durationSeconds: options.durationSeconds,
          roleSessionName: sessionName(options.sessionNamePrefix, tenant.name, session.now()),
        },
        { signal: options.signal },
      );
      return { value: r, detail: r.assumedRoleArn };
    },
    (failure) => explainDenial(failure, accounts, tenant, admin, result.callerArn),
  );
  if (!tenantRole) return result;
  result.expiration = tenantRole.expiration?.toISOString();

  // 4. Proof that the temporary credentials work.
  const tenantCreds = staticCredentials(tenantRole.credentials);
  const proved = await run('verify-credentials', stsCtx, async () => {
    const id = await session.sts(access, tenantCreds).getCallerIdentity({ signal: options.signal });
    return { value: id, detail: id.arn };
  });
  if (!proved) return result;
  result.assumedRoleArn = proved.arn || tenantRole.assumedRoleArn;
  result.ok = true;

  // 5. Optional: does the tenant role hold the backup permission set? A failure here is reported, not fatal.
  if (options.simulatePermissions) await simulate(result, tenant, tenantCreds, session, options);
  return result;
}

function makeStepRunner(result: TestResult, options: TestOptions) {
  return async <T>(
    name: StepName,
    ctx: Parameters<typeof classifyError>[1],
    body: () => Promise<{ value: T; detail?: string }>,
    refine?: (f: Failure) => Promise<Failure>,
  ): Promise<T | undefined> => {
    options.onStep?.(result.tenant, name, 'start');
    const started = performance.now();
    let step: StepResult;
    let value: T | undefined;
    try {
      if (options.signal?.aborted) throw Object.assign(new Error('Cancelled.'), { name: 'AbortError', cause: options.signal.reason });
      const r = await untilAborted(body(), options.signal);
      value = r.value;
      step = { name, ok: true, ms: elapsed(started), detail: r.detail };
    } catch (e) {
      let failure = classifyError(e, ctx);
      if (refine) failure = await refine(failure);
      result.failure = failure;
      step = { name, ok: false, ms: elapsed(started), detail: `${failure.kind}: ${failure.message}` };
    }
    result.steps.push(step);
    options.onStep?.(result.tenant, name, step);
    return value;
  };
}

async function simulate(result: TestResult, tenant: TenantAccount, tenantCreds: CredentialProvider, session: AwsSession, options: TestOptions): Promise<void> {
  options.onStep?.(result.tenant, 'simulate-permissions', 'start');
  const started = performance.now();
  let access: ResolvedAccess | undefined;
  try {
    // The backup permission set does not include iam:SimulatePrincipalPolicy: prefer the tenant's own profile.
    const profiles = await session.listProfiles();
    const useProfile = !!tenant.profile && profiles.some((p) => p.name === tenant.profile);
    access = await session.access(useProfile ? tenant : { region: tenant.region, profile: undefined });
    const creds = useProfile ? await session.credentials(access) : tenantCreds;
    const results = await session
      .iam(access, creds)
      .simulatePrincipalPolicy(
        { policySourceArn: tenant.hypervisor.roleArn!, actionNames: [...BACKUP_ACTIONS], contextEntries: BACKUP_SIMULATION_CONTEXT },
        { signal: options.signal },
      );
    const missing = results
      .filter((r) => r.decision !== 'allowed')
      .map((r) => r.action)
      .sort();
    result.missingActions = missing;
    const step: StepResult = {
      name: 'simulate-permissions',
      ok: missing.length === 0,
      ms: elapsed(started),
      detail: missing.length
        ? `${missing.length} of ${results.length} backup actions not allowed: ${missing.join(', ')}`
        : `all ${results.length} backup actions allowed`,
    };
    if (missing.length)
      result.warnings.push(
        `The tenant role lacks ${missing.length} backup action(s): ${missing.join(', ')}. Attach the restricted role permissions policy to ${tenant.hypervisor.roleArn}.`,
      );
    result.steps.push(step);
    options.onStep?.(result.tenant, 'simulate-permissions', step);
  } catch (e) {
    const f = classifyError(e, { profile: access?.profile, url: access?.iamUrl, region: access?.region });
    const step: StepResult = { name: 'simulate-permissions', ok: false, ms: elapsed(started), detail: `not checked: ${f.kind}: ${f.message}` };
    result.warnings.push(
      `Could not simulate the backup permissions (${f.kind}): ${f.message} Give the tenant's profile (or the role) \`iam:SimulatePrincipalPolicy\`, or turn off \`crossAccountBackup.assumeRole.simulatePermissions\`.`,
    );
    result.steps.push(step);
    options.onStep?.(result.tenant, 'simulate-permissions', step);
  }
}

/** Uses the local trust policy and accounts file to say why AssumeRole was denied. */
async function explainDenial(
  failure: Failure,
  accounts: AccountsInput,
  tenant: TenantAccount,
  admin: AdminAccount,
  callerArn: string | undefined,
): Promise<Failure> {
  if (failure.kind !== 'access-denied') return failure;
  const trustPath = tenant.policies?.trust;
  const trustText = trustPath ? await accounts.readFile(trustPath).catch(() => undefined) : undefined;
  const hints = analyseTrust(trustText, tenant.hypervisor.externalId || undefined, callerArn);
  const roleArn = tenant.hypervisor.roleArn!;
  const aws = failure.message;
  if (hints?.externalIdMatches === false) {
    const sent = tenant.hypervisor.externalId ? `\`${tenant.hypervisor.externalId}\`` : 'no ExternalId';
    return {
      kind: 'external-id-mismatch',
      message: `The trust policy ${trustPath} requires ExternalId ${hints.requiredExternalIds.map((x) => `\`${x}\``).join(' or ')}, but the accounts file sends ${sent} for tenant \`${tenant.name}\`. AWS said: ${aws}`,
      fix: `Make \`hypervisor.externalId\` of tenant \`${tenant.name}\` and the \`sts:ExternalId\` condition in ${trustPath} the same value, apply the trust policy, and set the same ExternalId on the tenant hypervisor.`,
    };
  }
  if (/explicit deny/i.test(aws)) {
    return {
      ...failure,
      message: `An explicit Deny refuses ${callerArn ?? 'the caller'} sts:AssumeRole on ${roleArn}. AWS said: ${aws}`,
      fix: "Find the Deny statement (in the caller's identity policies, a permissions boundary, an SCP or the trust policy) and narrow it.",
    };
  }
  if (hints?.callerTrusted === false || /no resource-based policy allows/i.test(aws)) {
    const trusted = hints?.trustedPrincipals.length ? hints.trustedPrincipals.join(', ') : 'no AWS principal';
    return {
      ...failure,
      message: `The trust policy of ${roleArn} does not trust the caller: it trusts ${trusted}; the caller is ${callerArn ?? 'unknown'}. AWS said: ${aws}`,
      fix: `Add the admin account's root (\`arn:aws:iam::${admin.accountId}:root\`) or the caller's role ARN to \`Principal.AWS\` in ${trustPath ?? 'the trust policy'}, then apply it.`,
    };
  }
  if (/no identity-based policy allows/i.test(aws) || hints?.callerTrusted === true) {
    return {
      ...failure,
      message: `${callerArn ?? 'The caller'} may not call sts:AssumeRole on ${roleArn}${hints?.callerTrusted ? ' (the local trust policy does trust it)' : ''}. AWS said: ${aws}`,
      fix: `Attach a policy allowing \`sts:AssumeRole\` on ${roleArn} (for example amazon_sts_assumerole.json) to the caller in account ${admin.accountId}; if it has one, run Check Drift: the live trust policy may differ from ${trustPath ?? 'the local file'}.`,
    };
  }
  return failure;
}

/** `<prefix>-<tenant>-<UTC time>`, restricted to the characters and 64-character length STS accepts. */
export function sessionName(prefix: string, tenant: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const clean = (s: string) => s.replace(/[^\w+=,.@-]/g, '-');
  const head = `${clean(prefix || 'cab-test')}-${clean(tenant)}`.slice(0, 64 - stamp.length - 1);
  return `${head}-${stamp}`;
}

/**
 * A role session calling AssumeRole is role chaining, except an EC2 instance role (its session is named
 * after the instance): that is how an `iamRole` access node runs, and AWS does not count it as chaining.
 */
export function isRoleSession(arn: string): boolean {
  const m = /^arn:[^:]+:sts::\d*:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  return !!m && !/^i-[0-9a-f]{8,17}$/.test(m[1]);
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts: credential providers (SSO, process, role profiles)
 * take no abort signal, so a deadline must not wait for them. The abandoned work settles on its own timeouts.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  const abortError = () => Object.assign(new Error('Cancelled.'), { name: 'AbortError', cause: signal.reason });
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
