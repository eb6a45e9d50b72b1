// The typed settings accessor: `setting('policy.diagnosticsDelay')` is a number, with the table's default.
import vscode = require('vscode');
import type { SettingKey, SettingValue } from './setting-keys';

/**
 * A setting's value for `scope` (a resource for per-folder settings). Unset, VS Code gives package.json's default,
 * which a unit test keeps equal to the table's; the table itself is not read here, so the activation shell, which
 * reads `accountsFile`, does not bundle it.
 */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  return vscode.workspace.getConfiguration('crossAccountBackup', scope).get(key) as SettingValue<K>;
}

/** True when a configuration change touches the setting. */
export function affects(e: vscode.ConfigurationChangeEvent, key: SettingKey): boolean {
  return e.affectsConfiguration(`crossAccountBackup.${key}`);
}

/**
 * A setting's value from the user's (or remote machine's) settings only, never a workspace's: for the AWS endpoints,
 * which decide where credentials go (they are machine-scoped in package.json too).
 */
export function userSetting<K extends SettingKey>(key: K): SettingValue<K> | undefined {
  return vscode.workspace.getConfiguration('crossAccountBackup').inspect<SettingValue<K>>(key)?.globalValue;
}
