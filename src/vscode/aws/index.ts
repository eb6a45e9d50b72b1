// Registers the AWS commands (test assume role, test all, profile picker, apply, drift, export); the SDK loads on first use.
import * as vscode from 'vscode';
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { runApplyPolicies, runCheckDrift, runExport } from './apply-commands';
import { AwsEnv } from './aws-env';
import { AwsDocuments } from './documents';
import { pickProfile } from './profile-picker';
import { runTestAllTenants, runTestAssumeRole } from './test-commands';

export function registerAws(ctx: Ctx): void {
  const env = new AwsEnv(ctx);
  const docs = new AwsDocuments();
  const guard =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        ctx.output.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`${name} failed: ${message}`, 'Show Log').then((p) => p && ctx.output.show(true));
        return undefined;
      }
    };
  ctx.push(
    env,
    docs,
    ctx.command(CommandId.SelectProfile, guard('Select AWS Profile', () => pickProfile(ctx, env))),
    ctx.command(CommandId.TestAssumeRole, guard('Test Assume Role', (arg?: unknown) => runTestAssumeRole(ctx, env, docs, arg))),
    ctx.command(CommandId.TestAllTenants, guard('Test All Tenants', () => runTestAllTenants(ctx, env, docs))),
    ctx.command(CommandId.ApplyPolicies, guard('Apply Policies', (arg?: unknown) => runApplyPolicies(ctx, env, docs, arg))),
    ctx.command(CommandId.CheckDrift, guard('Check Drift', (arg?: unknown) => runCheckDrift(ctx, env, docs, arg))),
    ctx.command(CommandId.ExportCloudFormation, guard('Export CloudFormation', (arg?: unknown) => runExport(ctx, arg, 'cloudformation'))),
    ctx.command(CommandId.ExportCliScript, guard('Export AWS CLI Script', (arg?: unknown) => runExport(ctx, arg, 'cli'))),
  );
}
