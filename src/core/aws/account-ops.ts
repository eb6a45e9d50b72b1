// Per-account drift, plan and apply with that account's own profile; what the commands and tests call.
import { untilAborted, type AccountsInput } from './assume-role-test';
import {
  applyPlan,
  checkDrift,
  planFromDrift,
  readLocalAccount,
  type AccountPlan,
  type ApplyOptions,
  type ApplyReport,
  type DriftReport,
  type LocalAccount,
  type PlanOptions,
} from './apply';
import type { ResolvedAccess } from './endpoints';
import { classifyError, type Failure } from './failures';
import type { AwsSession } from './session';
import type { IamApi } from './types';

export interface AccountRef {
  kind: 'admin' | 'tenant';
  name: string;
}

export interface PreparedAccount {
  ref: AccountRef;
  local: LocalAccount;
  access: ResolvedAccess;
  iam: IamApi;
  drift: DriftReport;
  plan: AccountPlan;
}

/** Every admin and tenant of the accounts file, admins first (tenants' trust policies name them). */
export function allAccounts(accounts: AccountsInput): AccountRef[] {
  return [
    ...accounts.topology.admins.map((a) => ({ kind: 'admin' as const, name: a.name })),
    ...accounts.topology.tenants.map((t) => ({ kind: 'tenant' as const, name: t.name })),
  ];
}

/** Reads the local files and IAM for one account and plans; a failure (credentials, network, denied read) comes back as `failure`. */
export async function prepareAccount(
  accounts: AccountsInput,
  ref: AccountRef,
  session: AwsSession,
  signal?: AbortSignal,
  planOptions: PlanOptions = {},
): Promise<{ prepared?: PreparedAccount; failure?: Failure }> {
  const account = ref.kind === 'admin' ? accounts.topology.admins.find((a) => a.name === ref.name) : accounts.topology.tenants.find((t) => t.name === ref.name);
  if (!account)
    return {
      failure: {
        kind: 'error',
        message: `There is no ${ref.kind} account named \`${ref.name}\` in the accounts file.`,
        fix: 'Pick an account listed in the accounts file.',
      },
    };
  const local = await readLocalAccount(accounts, account, ref.kind);
  const access = await session.access(account);
  try {
    // Credential providers take no abort signal: a deadline (withDeadline) must still end the read on time.
    const iam = session.iam(access, await untilAborted(session.credentials(access), signal));
    const drift = await untilAborted(checkDrift(local, iam, signal), signal);
    return { prepared: { ref, local, access, iam, drift, plan: planFromDrift(local, drift, planOptions) } };
  } catch (e) {
    return { failure: classifyError(e, { profile: access.profile, url: access.iamUrl, region: access.region, interactive: session.interactive }) };
  }
}

/** The same account planned again with these adoptions (no new IAM reads: adoption changes only which calls are kept). */
export function withAdoptions(p: PreparedAccount, adopt: readonly string[]): PreparedAccount {
  return { ...p, plan: planFromDrift(p.local, p.drift, { adopt }) };
}

export function applyPrepared(p: PreparedAccount, options: Omit<ApplyOptions, 'profile' | 'iamUrl'> = {}): Promise<ApplyReport> {
  return applyPlan(p.plan, p.iam, { ...options, profile: p.access.profile, iamUrl: p.access.iamUrl });
}
