// The AWS side of the editor: the chosen profile (status bar + picker), settings, MFA prompts, and a session per command run.
import * as vscode from 'vscode';
import type { AccountsInput } from '../../core/aws/assume-role-test';
import { loadSdk } from '../../core/aws/load-sdk';
import { AwsSession } from '../../core/aws/session';
import { DEFAULT_TIMEOUT_SECONDS, runtimeTimeouts } from '../../core/aws/timeouts';
import type { AwsRuntime, Logger } from '../../core/aws/types';
import { accountsInput as coreAccountsInput } from '../../core/topology/inputs';
import { toVscodeUri } from '../locations';
import { readText, type AccountsEntry } from '../accounts-service';
import { CommandId } from '../command-ids';
import type { Ctx } from '../context';
import { affects, setting, userSetting } from '../settings';

const PROFILE_KEY = 'crossAccountBackup.aws.pickedProfile';

export class AwsEnv implements vscode.Disposable {
  private readonly status: vscode.StatusBarItem;
  private runtime: { timeout: number; value: AwsRuntime } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.status = vscode.window.createStatusBarItem('crossAccountBackup.awsProfile', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Cross-Account Backup: AWS Profile';
    this.status.command = CommandId.SelectProfile;
    this.disposables.push(
      this.status,
      ctx.accounts.onDidChange(() => this.updateStatus()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'aws.profile')) this.updateStatus();
      }),
    );
    this.updateStatus();
  }

  /** The profile chosen in the picker, else the setting; accounts that name their own profile ignore it. */
  get pickedProfile(): string | undefined {
    return this.ctx.extension.workspaceState.get<string>(PROFILE_KEY) || setting('aws.profile') || undefined;
  }

  async pickProfile(name: string | undefined): Promise<void> {
    await this.ctx.extension.workspaceState.update(PROFILE_KEY, name);
    this.updateStatus();
  }

  private updateStatus(): void {
    void this.ctx.accounts.all().then((entries) => {
      if (entries.length === 0) {
        this.status.hide();
        return;
      }
      const p = this.pickedProfile ?? process.env.AWS_PROFILE;
      this.status.text = `$(account) AWS: ${p ?? 'default chain'}`;
      this.status.tooltip = new vscode.MarkdownString(
        `Profile for accounts that name none in the accounts file: **${p ?? 'default credential chain'}**.\n\nAccounts with their own \`profile\` use it. Click to choose another.`,
      );
      this.status.show();
    });
  }

  /** A fresh session per command: profiles are re-read, and MFA is asked at most once per profile in it. */
  session(logger: Logger): AwsSession {
    const timeout = timeoutSeconds();
    if (this.runtime?.timeout !== timeout) {
      this.runtime = { timeout, value: loadSdk().createAwsRuntime({ mfaCodeProvider: askMfaCode, ...runtimeTimeouts(timeout) }) };
    }
    // Endpoints are machine-scoped (package.json): only user / remote-machine settings count, never a workspace's.
    const userOnly = (key: 'aws.stsEndpoint' | 'aws.iamEndpoint') => userSetting(key)?.trim() || undefined;
    return new AwsSession({
      runtime: this.runtime.value,
      env: process.env,
      logger,
      settings: {
        profile: this.pickedProfile,
        region: setting('aws.region') || undefined,
        stsEndpoint: userOnly('aws.stsEndpoint'),
        iamEndpoint: userOnly('aws.iamEndpoint'),
      },
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `crossAccountBackup.aws.timeoutSeconds`: the deadline of one tenant test or one account's IAM read. */
export function timeoutSeconds(): number {
  const v = setting('aws.timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS;
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_TIMEOUT_SECONDS;
}

/** The accounts file as the core reads it: policy paths resolve against it, open editors win over the disk. */
export function accountsInput(entry: AccountsEntry): AccountsInput {
  return coreAccountsInput(entry.loaded, (location) => readText(toVscodeUri(location)));
}

/** The output channel as the core's logger. The core never passes secrets to it. */
export function outputLogger(output: vscode.LogOutputChannel): Logger {
  return {
    info: (m) => output.info(m),
    warn: (m) => output.warn(m),
    error: (m) => output.error(m),
    debug: (m) => output.debug(m),
  };
}

async function askMfaCode(serial: string): Promise<string> {
  const code = await vscode.window.showInputBox({
    title: 'AWS multi-factor authentication',
    prompt: `Code from the MFA device ${serial}`,
    placeHolder: '123456',
    ignoreFocusOut: true,
    password: false,
    validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Enter the 6-digit code shown by the device.'),
  });
  if (!code) throw new Error(`MFA code not provided for ${serial}.`);
  return code.trim();
}

/** Commands that use credentials or change AWS refuse to run in an untrusted workspace (the manifest also disables them). */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showErrorMessage('AWS commands are disabled in an untrusted workspace: trust this folder (Manage Workspace Trust) to use them.');
  return false;
}
