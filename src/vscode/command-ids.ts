// The command table: every command id the extension registers, its manifest fields and its error boundary.

export const enum CommandId {
  // Accounts (topology)
  RefreshAccounts = 'crossAccountBackup.refreshAccounts',
  SetUp = 'crossAccountBackup.setUp',
  OpenAccountsFile = 'crossAccountBackup.openAccountsFile',
  RevealInAccountsFile = 'crossAccountBackup.revealInAccountsFile',
  OpenPolicyFile = 'crossAccountBackup.openPolicyFile',
  // AWS operations
  SelectProfile = 'crossAccountBackup.selectProfile',
  TestAssumeRole = 'crossAccountBackup.testAssumeRole',
  TestAllTenants = 'crossAccountBackup.testAllTenants',
  EvaluateTrust = 'crossAccountBackup.evaluateTrust',
  ApplyPolicies = 'crossAccountBackup.applyPolicies',
  CheckDrift = 'crossAccountBackup.checkDrift',
  ExportCloudFormation = 'crossAccountBackup.exportCloudFormation',
  ExportCliScript = 'crossAccountBackup.exportCliScript',
  ShowOperatorPolicy = 'crossAccountBackup.showOperatorPolicy',
  // Access-node logs
  OpenAccessNodeLogs = 'crossAccountBackup.openAccessNodeLogs',
  OpenInLogViewer = 'crossAccountBackup.openInLogViewer',
  FilterLogEvents = 'crossAccountBackup.filterLogEvents',
  ClearLogEventsFilter = 'crossAccountBackup.clearLogEventsFilter',
  RevealLogEvent = 'crossAccountBackup.revealLogEvent',
  // Internal: not in the palette or the manifest
  /** Selects a range after a quick fix (e.g. the ExternalId placeholder). */
  PolicySelectRange = 'crossAccountBackup.policy.selectRange',
  /** The log features' state for the integration tests. */
  LogState = 'crossAccountBackup.internal.logState',
  /** Whether the features have loaded and which commands lack a handler, for the integration tests. */
  ShellState = 'crossAccountBackup.internal.shellState',
}

/**
 * What happens when a command's handler fails. `report`: the error is logged and shown as "<title> failed: …" with a
 * Show Log button, and the command resolves to undefined. `throw`: the caller (VS Code, a test) gets the rejection.
 */
export type ErrorBoundary = 'report' | 'throw';

/**
 * One row per command: its id and title (package.json's must match; icons, enablement and menus stay in the
 * manifest, which alone reads them), whether the shell stands in for it, and its error boundary.
 */
export interface CommandSpec {
  readonly id: CommandId;
  /** The palette title; internal commands (not in package.json) have none. */
  readonly title?: string;
  /** Registered by the activation shell before the features load (every contributed command, and internal ones tests call early). */
  readonly shell: boolean;
  readonly onError: ErrorBoundary;
}

/** The palette category of every contributed command. */
export const COMMAND_CATEGORY = 'Cross-Account Backup';

/**
 * Every command, in package.json's order (a unit test checks the manifest against this table). The handlers come
 * with the features (`ctx.command(id, handler)`): a handler column here would pull every feature into the
 * activation bundle, which imports this table.
 */
export const COMMANDS: readonly CommandSpec[] = [
  { id: CommandId.RefreshAccounts, title: 'Refresh Accounts', shell: true, onError: 'throw' },
  { id: CommandId.SetUp, title: 'Set Up Cross-Account Backup…', shell: true, onError: 'throw' },
  { id: CommandId.OpenAccountsFile, title: 'Open Accounts File', shell: true, onError: 'throw' },
  { id: CommandId.RevealInAccountsFile, title: 'Reveal in Accounts File', shell: true, onError: 'throw' },
  { id: CommandId.OpenPolicyFile, title: 'Open Policy File', shell: true, onError: 'throw' },
  { id: CommandId.SelectProfile, title: 'Select AWS Profile…', shell: true, onError: 'report' },
  { id: CommandId.TestAssumeRole, title: 'Test Assume Role', shell: true, onError: 'report' },
  { id: CommandId.TestAllTenants, title: 'Test Assume Role for All Tenants', shell: true, onError: 'report' },
  { id: CommandId.EvaluateTrust, title: 'Evaluate Trust Offline', shell: true, onError: 'throw' },
  { id: CommandId.ApplyPolicies, title: 'Apply Policies to AWS…', shell: true, onError: 'report' },
  { id: CommandId.CheckDrift, title: 'Check Drift Against AWS', shell: true, onError: 'report' },
  { id: CommandId.ExportCloudFormation, title: 'Export Tenant Role as CloudFormation', shell: true, onError: 'report' },
  { id: CommandId.ExportCliScript, title: 'Export Tenant Role as AWS CLI Script', shell: true, onError: 'report' },
  { id: CommandId.ShowOperatorPolicy, title: 'Show Operator IAM Policy', shell: true, onError: 'report' },
  { id: CommandId.OpenAccessNodeLogs, title: 'Open Access-Node Logs…', shell: true, onError: 'throw' },
  { id: CommandId.OpenInLogViewer, title: 'Open in Large Log Viewer', shell: true, onError: 'throw' },
  { id: CommandId.FilterLogEvents, title: 'Filter Log Events…', shell: true, onError: 'throw' },
  { id: CommandId.ClearLogEventsFilter, title: 'Clear Log Events Filter', shell: true, onError: 'throw' },
  { id: CommandId.RevealLogEvent, title: 'Reveal Log Event', shell: true, onError: 'throw' },
  // Internal: not in the palette or the manifest.
  { id: CommandId.PolicySelectRange, shell: false, onError: 'throw' },
  { id: CommandId.LogState, shell: true, onError: 'throw' },
  // Registered by the shell itself (it answers before the features load).
  { id: CommandId.ShellState, shell: false, onError: 'throw' },
];

/** The commands the activation shell registers stand-ins for. */
export const SHELL_COMMANDS: readonly string[] = COMMANDS.filter((c) => c.shell).map((c) => c.id);

/** A command's row; undefined for an id not in the table. */
export function commandSpec(id: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.id === id);
}

export const ViewId = {
  Accounts: 'crossAccountBackup.accounts',
  LogEvents: 'crossAccountBackup.logEvents',
} as const;

export const LOG_LANGUAGE_ID = 'commvault-log';
export const LOG_VIEWER_TYPE = 'crossAccountBackup.logViewer';
