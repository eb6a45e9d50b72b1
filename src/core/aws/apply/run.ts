// Apply, phase 4: runs a plan's calls in order, stopping at the first failure, and describes each call for people.
import { classifyError, type Failure } from '../failures';
import type { IamApi } from '../types';
import { MANAGED_TAG, OWNER_DESCRIPTION } from './ownership';
import type { AccountPlan, PlanStep } from './plan';

export interface ApplyReport {
  account: string;
  done: PlanStep[];
  failed?: { step: PlanStep; failure: Failure };
  /** Steps not run because an earlier one failed or the user cancelled; a re-run plans them again. */
  notRun: PlanStep[];
  cancelled: boolean;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  onStep?: (step: PlanStep, state: 'start' | 'done' | Failure, index: number, total: number) => void;
  /** For failure messages. */
  profile?: string;
  iamUrl?: string;
}

/** Runs the steps in order and stops at the first failure, since later steps depend on earlier ones. */
export async function applyPlan(plan: AccountPlan, iam: IamApi, options: ApplyOptions = {}): Promise<ApplyReport> {
  const report: ApplyReport = { account: plan.account, done: [], notRun: [], cancelled: false };
  const o = { signal: options.signal };
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    if (options.signal?.aborted) {
      report.cancelled = true;
      report.notRun = plan.steps.slice(i);
      return report;
    }
    options.onStep?.(step, 'start', i, plan.steps.length);
    try {
      await runStep(step, iam, o);
      report.done.push(step);
      options.onStep?.(step, 'done', i, plan.steps.length);
    } catch (e) {
      const failure = classifyError(e, { profile: options.profile, url: options.iamUrl });
      if (failure.kind === 'cancelled') report.cancelled = true;
      else report.failed = { step, failure };
      report.notRun = plan.steps.slice(i + (failure.kind === 'cancelled' ? 0 : 1));
      options.onStep?.(step, failure, i, plan.steps.length);
      return report;
    }
  }
  return report;
}

async function runStep(step: PlanStep, iam: IamApi, o: { signal?: AbortSignal }): Promise<void> {
  switch (step.op) {
    case 'CreatePolicy':
      await iam.createPolicy({ name: step.policyName, path: step.path, document: step.document, description: OWNER_DESCRIPTION, tags: [MANAGED_TAG] }, o);
      return;
    case 'DeletePolicyVersion':
      await iam.deletePolicyVersion(step.arn, step.versionId, o);
      return;
    case 'CreatePolicyVersion':
      await iam.createPolicyVersion(step.arn, step.document, true, o);
      return;
    case 'CreateRole':
      await iam.createRole(
        {
          name: step.roleName,
          path: step.path,
          trustPolicy: step.trustPolicy,
          description: 'Cross-account backup role (Cross-Account Backup for AWS)',
          tags: [MANAGED_TAG],
        },
        o,
      );
      return;
    case 'UpdateAssumeRolePolicy':
      await iam.updateAssumeRolePolicy(step.roleName, step.trustPolicy, o);
      return;
    case 'AttachRolePolicy':
      await iam.attachRolePolicy(step.roleName, step.policyArn, o);
      return;
    case 'AttachUserPolicy':
      await iam.attachUserPolicy(step.userName, step.policyArn, o);
      return;
    case 'CreateInstanceProfile':
      await iam.createInstanceProfile({ name: step.name, path: step.path, tags: [MANAGED_TAG] }, o);
      return;
    case 'AddRoleToInstanceProfile':
      await iam.addRoleToInstanceProfile(step.name, step.roleName, o);
      return;
    case 'TagRole':
      await iam.tagRole(step.roleName, step.tags, o);
      return;
    case 'TagPolicy':
      await iam.tagPolicy(step.arn, step.tags, o);
      return;
  }
}

/** The plan as the AWS calls it makes, one per line, for the confirmation and the CLI. */
export function describeStep(step: PlanStep): string {
  const target = 'arn' in step ? step.arn : 'roleName' in step ? step.roleName : 'userName' in step ? step.userName : '';
  return `iam:${step.op} ${target} — ${step.summary}`;
}
