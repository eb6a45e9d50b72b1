// "Apply Policies to AWS…" (plan, diff, modal confirmation, apply with progress), "Check Drift", and the two exports.
import * as vscode from 'vscode';
import { allAccounts, applyPrepared, prepareAccount, withAdoptions, type AccountRef, type PreparedAccount } from '../../core/aws/account-ops';
import { describeStep, foreignMessage, readLocalAccount, type ApplyReport, type DriftItem, type DriftReport } from '../../core/aws/apply';
import { cliScript, cloudFormationTemplate } from '../../core/aws/export';
import { withDeadline, type Failure } from '../../core/aws/failures';
import { adminOf } from '../../core/topology/model';
import type { AccountsEntry } from '../accounts-service';
import type { Ctx } from '../context';
import { accountsInput, outputLogger, requireTrust, timeoutSeconds, type AwsEnv } from './aws-env';
import type { AwsDocuments } from './documents';
import { resolveAccount, resolveTenant } from './targets';

interface Scope {
  entry: AccountsEntry;
  refs: AccountRef[];
}

async function scopes(ctx: Ctx, arg: unknown): Promise<Scope[]> {
  const one = await resolveAccount(ctx, arg);
  if (one) return [{ entry: one.entry, refs: [one.ref] }];
  return (await ctx.accounts.all()).map((entry) => ({ entry, refs: allAccounts(accountsInput(entry)) }));
}

interface Prepared {
  ok: PreparedAccount[];
  failed: { account: string; failure: Failure }[];
}

/** Reads IAM for every account in scope (each with its own profile), with a cancellable progress. */
async function prepareAll(ctx: Ctx, env: AwsEnv, list: Scope[], title: string): Promise<Prepared | undefined> {
  const session = env.session(outputLogger(ctx.output));
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const out: Prepared = { ok: [], failed: [] };
    for (const scope of list) {
      for (const ref of scope.refs) {
        if (token.isCancellationRequested) return undefined;
        progress.report({ message: `${ref.kind} ${ref.name}` });
        const r = await prepareAccount(
          accountsInput(scope.entry),
          ref,
          session,
          withDeadline(controller.signal, timeoutSeconds(), `Reading IAM for ${ref.kind} \`${ref.name}\``),
        );
        if (r.prepared) out.ok.push(r.prepared);
        else if (r.failure) {
          if (r.failure.kind === 'cancelled') return undefined;
          out.failed.push({ account: ref.name, failure: r.failure });
          ctx.output.error(`[${ref.name}] could not read IAM: ${r.failure.kind}: ${r.failure.message} Fix: ${r.failure.fix}`);
        }
      }
    }
    return out;
  });
}

/**
 * Existing roles and managed policies apply did not create are someone else's: a separate, explicit choice lists
 * those the plan would change, and only the ones picked are adopted (tagged, then changed). Undefined when dismissed.
 */
async function chooseAdoptions(prepared: Prepared): Promise<boolean> {
  const candidates = prepared.ok.flatMap((p) => p.plan.foreign.filter((f) => f.changes.length > 0).map((f) => ({ p, f })));
  if (candidates.length === 0) return true;
  const items = candidates.map(({ p, f }) => ({
    label: f.name,
    description: `${f.kind === 'role' ? 'role' : 'managed policy'} in ${p.ref.name} (${p.plan.accountId}) — someone else's`,
    detail: `Would: ${f.changes.join('; ')}`,
    p,
    f,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Adopt resources apply did not create?',
    placeHolder: `${candidates.length} existing resource(s) belong to someone else (no cross-account-backup:managed tag). Pick only those you want apply to take over; the rest stay untouched.`,
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return false;
  if (picked.length > 0) {
    const names = picked.map((x) => x.f.name).join(', ');
    const sure = await vscode.window.showWarningMessage(
      `Adopt ${names}?`,
      {
        modal: true,
        detail: `These resources are someone else's: apply did not create them. Adopting tags them cross-account-backup:managed=true and then changes them to match your files (${picked.map((x) => x.f.changes.join('; ')).join('; ')}).`,
      },
      'Adopt',
    );
    if (sure !== 'Adopt') return false;
  }
  prepared.ok = prepared.ok.map((p) =>
    withAdoptions(
      p,
      picked.filter((x) => x.p === p).map((x) => x.f.name),
    ),
  );
  return true;
}

async function openDiffs(docs: AwsDocuments, items: DriftItem[], limit = 8): Promise<void> {
  for (const item of items.slice(0, limit)) {
    const safe = `${item.account}/${item.resource}-${item.name}`.replace(/[^\w./-]+/g, '_');
    const left = docs.put(`live/${safe}.json`, item.live ?? '');
    const right = docs.put(`local/${safe}.json`, item.local ?? '');
    const what = item.status === 'missing' ? 'missing in AWS' : 'AWS ↔ local';
    await vscode.commands.executeCommand('vscode.diff', left, right, `${item.account}: ${item.name} (${what})`, { preview: false });
  }
}

export async function runApplyPolicies(ctx: Ctx, env: AwsEnv, docs: AwsDocuments, arg: unknown): Promise<ApplyReport[] | undefined> {
  if (!requireTrust()) return undefined;
  const list = await scopes(ctx, arg);
  if (list.length === 0) {
    void vscode.window.showErrorMessage('There is no accounts file (cross-account-backup.json) in this workspace: run "Set Up Cross-Account Backup…" first.');
    return undefined;
  }
  const prepared = await prepareAll(ctx, env, list, 'Planning: reading IAM');
  if (!prepared) return undefined;
  if (!(await chooseAdoptions(prepared))) return undefined;
  const steps = prepared.ok.flatMap((p) => p.plan.steps);
  const blocked = prepared.ok.flatMap((p) => p.plan.blocked.map((b) => `${p.ref.name}: ${b}`));
  for (const p of prepared.ok) {
    ctx.output.info(`[${p.ref.name}] plan: ${p.plan.steps.length} call(s)${p.plan.blocked.length ? `, ${p.plan.blocked.length} left out` : ''}`);
    for (const s of p.plan.steps) ctx.output.info(`[${p.ref.name}]   ${describeStep(s)}`);
    for (const b of p.plan.blocked) ctx.output.warn(`[${p.ref.name}]   not planned: ${b}`);
    for (const f of p.plan.foreign) if (!f.adopted && f.changes.length) ctx.output.warn(`[${p.ref.name}]   left alone: ${foreignMessage(f)}`);
  }
  const unreadable = prepared.failed.map((f) => `${f.account}: ${f.failure.message} ${f.failure.fix}`);
  if (steps.length === 0) {
    const extra = [...blocked, ...unreadable];
    const msg = `Nothing to apply: IAM already matches the local files${prepared.failed.length ? ` for the ${prepared.ok.length} account(s) that could be read` : ''}.`;
    if (extra.length)
      void vscode.window.showWarningMessage(msg, { modal: false, detail: extra.join('\n') }, 'Show Log').then((p) => p && ctx.output.show(true));
    else void vscode.window.showInformationMessage(msg);
    return [];
  }
  await openDiffs(
    docs,
    prepared.ok.flatMap((p) => p.plan.diffs),
  );
  const detail = [
    ...prepared.ok.flatMap((p) => p.plan.steps.map((s) => `• ${p.ref.name} (${p.plan.accountId}): ${s.summary}`)),
    ...(blocked.length ? ['', 'Not planned:', ...blocked] : []),
    ...prepared.ok.flatMap((p) =>
      p.plan.foreign.filter((f) => !f.adopted && f.changes.length > 0).map((f) => `Left alone (${p.ref.name}): ${foreignMessage(f)}`),
    ),
    ...(unreadable.length ? ['', 'Could not read:', ...unreadable] : []),
    '',
    "Nothing is deleted except the oldest non-default version of a policy this extension created (or you adopted), when IAM's limit of 5 is reached.",
  ].join('\n');
  const pick = await vscode.window.showWarningMessage(`Apply ${steps.length} change(s) to AWS IAM?`, { modal: true, detail }, 'Apply');
  if (pick !== 'Apply') return undefined;

  const reports = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Applying policies', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const out: ApplyReport[] = [];
      for (const p of prepared.ok.filter((x) => x.plan.steps.length)) {
        out.push(
          await applyPrepared(p, {
            signal: controller.signal,
            onStep: (step, state) => {
              if (state === 'start') progress.report({ increment: 100 / steps.length, message: step.summary });
              else if (state === 'done') ctx.output.info(`[${p.ref.name}] done: ${describeStep(step)}`);
              else ctx.output.error(`[${p.ref.name}] failed: ${describeStep(step)}: ${state.kind}: ${state.message} Fix: ${state.fix}`);
            },
          }),
        );
        if (controller.signal.aborted) break;
      }
      return out;
    },
  );
  const done = reports.reduce((n, r) => n + r.done.length, 0);
  const failed = reports.filter((r) => r.failed);
  const notRun = reports.reduce((n, r) => n + r.notRun.length, 0);
  if (failed.length || notRun) {
    const why = failed.map((r) => `${r.account}: ${r.failed!.step.summary} failed: ${r.failed!.failure.message} ${r.failed!.failure.fix}`);
    void vscode.window
      .showErrorMessage(
        `Applied ${done} of ${steps.length} change(s); ${notRun} not done. Run "Apply Policies" again to complete the rest.`,
        { detail: why.join('\n') },
        'Show Log',
      )
      .then((p) => p && ctx.output.show(true));
  } else {
    void vscode.window.showInformationMessage(`Applied ${done} change(s) to AWS IAM.`);
  }
  return reports;
}

export async function runCheckDrift(ctx: Ctx, env: AwsEnv, docs: AwsDocuments, arg: unknown): Promise<DriftReport[] | undefined> {
  if (!requireTrust()) return undefined;
  const list = await scopes(ctx, arg);
  if (list.length === 0) {
    void vscode.window.showErrorMessage('There is no accounts file (cross-account-backup.json) in this workspace: run "Set Up Cross-Account Backup…" first.');
    return undefined;
  }
  const prepared = await prepareAll(ctx, env, list, 'Checking drift: reading IAM');
  if (!prepared) return undefined;
  const reports = prepared.ok.map((p) => p.drift);
  const lines = [
    '# Drift: AWS IAM vs local files',
    '',
    `${new Date().toISOString()}`,
    '',
    '| Account | Resource | Name | Status | Detail |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of reports)
    for (const i of r.items)
      lines.push(
        `| ${r.account} | ${i.resource} | ${i.name} | ${i.status === 'in-sync' ? '✅ in sync' : i.status === 'missing' ? '➖ missing' : '⚠️ differs'} | ${i.detail.replace(/\|/g, '\\|')} |`,
      );
  for (const f of prepared.failed)
    lines.push(`| ${f.account} | — | — | ❌ ${f.failure.kind} | ${`${f.failure.message} ${f.failure.fix}`.replace(/\|/g, '\\|')} |`);
  await docs.showMarkdown('drift.md', `${lines.join('\n')}\n`);
  const differing = reports.flatMap((r) => r.items.filter((i) => i.status === 'differs'));
  await openDiffs(docs, differing);
  const missing = reports.reduce((n, r) => n + r.items.filter((i) => i.status === 'missing').length, 0);
  ctx.output.info(`Drift: ${differing.length} differing, ${missing} missing, ${prepared.failed.length} account(s) unreadable`);
  return reports;
}

export async function runExport(ctx: Ctx, arg: unknown, format: 'cloudformation' | 'cli'): Promise<vscode.TextDocument | undefined> {
  const target = await resolveTenant(ctx, arg, format === 'cloudformation' ? 'Export as CloudFormation' : 'Export as AWS CLI script');
  if (!target) return undefined;
  const accounts = accountsInput(target.entry);
  const tenant = accounts.topology.tenants.find((t) => t.name === target.tenant)!;
  const admin = adminOf(accounts.topology, tenant);
  const local = await readLocalAccount(accounts, tenant, 'tenant');
  for (const p of local.problems) ctx.output.warn(`[${tenant.name}] export: ${p}`);
  if (local.problems.length)
    void vscode.window.showWarningMessage(`The export of ${tenant.name} leaves out what could not be read: ${local.problems.join(' ')}`);
  const content = format === 'cloudformation' ? cloudFormationTemplate(local, tenant, admin) : cliScript(local, tenant);
  const doc = await vscode.workspace.openTextDocument({ language: format === 'cloudformation' ? 'json' : 'shellscript', content });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
