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
}

export const ViewId = {
  Accounts: 'crossAccountBackup.accounts',
  LogEvents: 'crossAccountBackup.logEvents',
} as const;

export const LOG_LANGUAGE_ID = 'commvault-log';
export const LOG_VIEWER_TYPE = 'crossAccountBackup.logViewer';
