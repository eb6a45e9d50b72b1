// Registers the AWS commands (test assume role, test all, profile picker, apply, drift, export); the SDK loads on first use.
// Their failures are reported by the command table's error boundary (`onError: 'report'`).
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { runApplyPolicies, runCheckDrift, runExport } from './apply-commands';
import { AwsEnv } from './aws-env';
import { AwsDocuments } from './documents';
import { runShowOperatorPolicy } from './operator-policy-command';
import { pickProfile } from './profile-picker';
import { runTestAllTenants, runTestAssumeRole } from './test-commands';

export function registerAws(ctx: Ctx): void {
  const env = new AwsEnv(ctx);
  const docs = new AwsDocuments();
  ctx.push(
    env,
    docs,
    ctx.command(CommandId.SelectProfile, () => pickProfile(ctx, env)),
    ctx.command(CommandId.TestAssumeRole, (arg?: unknown) => runTestAssumeRole(ctx, env, docs, arg)),
    ctx.command(CommandId.TestAllTenants, () => runTestAllTenants(ctx, env, docs)),
    ctx.command(CommandId.ApplyPolicies, (arg?: unknown) => runApplyPolicies(ctx, env, docs, arg)),
    ctx.command(CommandId.CheckDrift, (arg?: unknown) => runCheckDrift(ctx, env, docs, arg)),
    ctx.command(CommandId.ExportCloudFormation, (arg?: unknown) => runExport(ctx, arg, 'cloudformation')),
    ctx.command(CommandId.ExportCliScript, (arg?: unknown) => runExport(ctx, arg, 'cli')),
    ctx.command(CommandId.ShowOperatorPolicy, () => runShowOperatorPolicy(ctx)),
  );
}
