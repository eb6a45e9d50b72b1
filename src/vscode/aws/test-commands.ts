// "Test Assume Role" and "Test Assume Role for All Tenants": progress, the output channel, the results store and a results table.
import * as vscode from 'vscode';
import { testAssumeRole, type StepName, type StepResult, type TestOptions, type TestResult } from '../../core/aws/assume-role-test';
import { summaryLine, toMarkdown } from '../../core/aws/report';
import { testAllTenants } from '../../core/aws/test-all';
import type { Ctx } from '../context';
import { ResultsStore } from '../results-store';
import { setting } from '../settings';
import { accountsInput, outputLogger, requireTrust, timeoutSeconds, type AwsEnv } from './aws-env';
import type { AwsDocuments } from './documents';
import { resolveTenant } from './targets';

const STEP_TITLES: Record<StepName, string> = {
  'get-caller-identity': 'Checking who the admin credentials are (GetCallerIdentity)',
  'assume-admin-role': 'Assuming the admin role (AssumeRole)',
  'assume-tenant-role': 'Assuming the tenant role (AssumeRole)',
  'verify-credentials': 'Checking the temporary credentials (GetCallerIdentity)',
  'simulate-permissions': 'Simulating the backup permissions (SimulatePrincipalPolicy)',
};

function testOptions(): Omit<TestOptions, 'signal' | 'onStep'> {
  return {
    durationSeconds: setting('assumeRole.durationSeconds') ?? 3600,
    sessionNamePrefix: setting('assumeRole.sessionNamePrefix') || 'cab-test',
    simulatePermissions: setting('assumeRole.simulatePermissions') ?? true,
    deadlineSeconds: timeoutSeconds(),
  };
}

function logStep(ctx: Ctx, tenant: string, step: StepName, state: 'start' | StepResult): void {
  if (state === 'start') ctx.output.debug(`[${tenant}] ${STEP_TITLES[step]}…`);
  else if (state.ok) ctx.output.info(`[${tenant}] ${step} ok in ${state.ms} ms${state.detail ? `: ${state.detail}` : ''}`);
  else ctx.output.warn(`[${tenant}] ${step} failed in ${state.ms} ms: ${state.detail ?? ''}`);
}

function store(ctx: Ctx, accountsUri: string, r: TestResult): void {
  ctx.results.set(ResultsStore.key(accountsUri, r.tenant), { kind: 'test', ok: r.ok, summary: summaryLine(r), at: new Date() });
}

/** Returns the result (for tests and other commands); undefined when nothing was run. */
export async function runTestAssumeRole(ctx: Ctx, env: AwsEnv, docs: AwsDocuments, arg: unknown): Promise<TestResult | undefined> {
  if (!requireTrust()) return undefined;
  const target = await resolveTenant(ctx, arg, 'Test Assume Role');
  if (!target) return undefined;
  const session = env.session(outputLogger(ctx.output));
  ctx.output.info(`Test assume role: tenant ${target.tenant} (${target.entry.uri.fsPath})`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Test assume role: ${target.tenant}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return testAssumeRole(accountsInput(target.entry), target.tenant, session, {
        ...testOptions(),
        signal: controller.signal,
        onStep: (tenant, step, state) => {
          logStep(ctx, tenant, step, state);
          if (state === 'start') progress.report({ message: STEP_TITLES[step] });
        },
      });
    },
  );
  store(ctx, target.entry.uri.toString(), result);
  for (const w of result.warnings) ctx.output.warn(`[${result.tenant}] ${w}`);
  const details = () => docs.showMarkdown(`test-assume-role-${result.tenant}.md`, toMarkdown([result], `Test assume role: ${result.tenant}`, new Date()));
  if (result.ok) {
    ctx.output.info(`[${result.tenant}] passed: ${summaryLine(result)}`);
    void vscode.window
      .showInformationMessage(
        `${result.tenant}: assumed ${result.assumedRoleArn}${result.warnings.length ? ` (${result.warnings.length} warning(s))` : ''}.`,
        'Details',
      )
      .then((p) => p && details());
  } else if (result.failure?.kind !== 'cancelled') {
    ctx.output.error(`[${result.tenant}] ${result.failure?.kind}: ${result.failure?.message} Fix: ${result.failure?.fix}`);
    void vscode.window.showErrorMessage(`${result.tenant}: ${result.failure?.message} ${result.failure?.fix}`, 'Details', 'Show Log').then((p) => {
      if (p === 'Details') void details();
      else if (p === 'Show Log') ctx.output.show(true);
    });
  }
  return result;
}

export async function runTestAllTenants(ctx: Ctx, env: AwsEnv, docs: AwsDocuments): Promise<TestResult[] | undefined> {
  if (!requireTrust()) return undefined;
  const entries = await ctx.accounts.all();
  const jobs = entries.flatMap((entry) => entry.loaded.topology.tenants.map((t) => ({ entry, tenant: t.name })));
  if (jobs.length === 0) {
    void vscode.window.showErrorMessage('There are no tenants to test: add tenant accounts to the accounts file.');
    return undefined;
  }
  const session = env.session(outputLogger(ctx.output));
  const concurrency = setting('testAll.concurrency') ?? 8;
  ctx.output.info(`Test all tenants: ${jobs.length} tenant(s), ${concurrency} at a time`);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Test assume role for all tenants', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const all: TestResult[] = [];
      // Each accounts file is its own set of tenants; they share the session (one MFA prompt per profile).
      for (const entry of entries) {
        const names = entry.loaded.topology.tenants.map((t) => t.name);
        if (names.length === 0) continue;
        const part = await testAllTenants(accountsInput(entry), names, session, {
          ...testOptions(),
          concurrency,
          signal: controller.signal,
          onStep: (tenant, step, state) => logStep(ctx, tenant, step, state),
          onResult: (r) => {
            store(ctx, entry.uri.toString(), r);
            progress.report({ increment: 100 / jobs.length, message: `${all.length + 1}/${jobs.length} ${r.tenant}: ${r.ok ? 'ok' : r.failure?.kind}` });
            all.push(r);
          },
        });
        all.splice(all.length - part.length, part.length, ...part);
      }
      return all;
    },
  );
  const passed = results.filter((r) => r.ok).length;
  ctx.output.info(`Test all tenants: ${passed} of ${results.length} passed`);
  await docs.showMarkdown('test-all-tenants.md', toMarkdown(results, 'Test assume role: all tenants', new Date()));
  if (passed < results.length)
    void vscode.window.showWarningMessage(`${results.length - passed} of ${results.length} tenant(s) failed the AssumeRole test: see the results table.`);
  return results;
}
