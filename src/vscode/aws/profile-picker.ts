// The profile picker: lists the profiles of the shared AWS files (read by the SDK's loader) and remembers the choice per workspace.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { outputLogger, requireTrust, type AwsEnv } from './aws-env';

const KIND_TEXT = { sso: 'SSO', process: 'credential_process', role: 'assumes a role', keys: 'access keys', other: '' } as const;

/** Returns the chosen profile name ('' for the default chain), or undefined when the picker was dismissed. */
export async function pickProfile(ctx: Ctx, env: AwsEnv): Promise<string | undefined> {
  if (!requireTrust()) return undefined;
  const session = env.session(outputLogger(ctx.output));
  const profiles = await session.listProfiles();
  const entries = await ctx.accounts.all();
  const own = entries.flatMap((e) => [...e.loaded.topology.admins, ...e.loaded.topology.tenants]).filter((a) => a.profile);
  const current = env.pickedProfile;
  type Item = vscode.QuickPickItem & { value: string };
  const items: Item[] = [
    {
      label: '$(globe) Default credential chain',
      description: process.env.AWS_PROFILE ? `AWS_PROFILE=${process.env.AWS_PROFILE}` : 'environment variables, then [default], SSO, instance role',
      value: '',
      picked: !current,
    },
    ...profiles.map((p) => ({
      label: `${p.name === current ? '$(check) ' : ''}${p.name}`,
      description: [KIND_TEXT[p.kind], p.region].filter(Boolean).join(' · '),
      detail: own
        .filter((a) => a.profile === p.name)
        .map((a) => a.name)
        .join(', ')
        ? `named by ${own
            .filter((a) => a.profile === p.name)
            .map((a) => a.name)
            .join(', ')} in the accounts file`
        : undefined,
      value: p.name,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'AWS profile for accounts that name none',
    placeHolder: profiles.length
      ? 'Accounts with their own `profile` in the accounts file keep using it'
      : 'No profiles in the AWS config/credentials files (run `aws configure` or `aws configure sso`)',
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  await env.pickProfile(pick.value || undefined);
  ctx.output.info(`AWS profile: ${pick.value || 'default credential chain'}`);
  return pick.value;
}
