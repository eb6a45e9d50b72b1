// Every command id the extension contributes, in one place (package.json must list the same ids).

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

/** The commands the activation shell registers before the features load (all but the internal select-range). */
export const SHELL_COMMANDS: readonly string[] = [
  CommandId.RefreshAccounts,
  CommandId.SetUp,
  CommandId.OpenAccountsFile,
  CommandId.RevealInAccountsFile,
  CommandId.OpenPolicyFile,
  CommandId.SelectProfile,
  CommandId.TestAssumeRole,
  CommandId.TestAllTenants,
  CommandId.EvaluateTrust,
  CommandId.ApplyPolicies,
  CommandId.CheckDrift,
  CommandId.ExportCloudFormation,
  CommandId.ExportCliScript,
  CommandId.OpenAccessNodeLogs,
  CommandId.OpenInLogViewer,
  CommandId.FilterLogEvents,
  CommandId.ClearLogEventsFilter,
  CommandId.RevealLogEvent,
  CommandId.LogState,
];

export const ViewId = {
  Accounts: 'crossAccountBackup.accounts',
  LogEvents: 'crossAccountBackup.logEvents',
} as const;

export const LOG_LANGUAGE_ID = 'commvault-log';
export const LOG_VIEWER_TYPE = 'crossAccountBackup.logViewer';
