// The settings table: every `crossAccountBackup.*` setting with its JSON type and default (package.json's
// contributes.configuration must match; a unit test checks). No vscode import, so the test can read it.
import type { RuleLevels } from '../core/rules';

type JsonType = 'string' | 'integer' | 'boolean' | 'array' | 'object';

interface SettingDef<T> {
  readonly type: JsonType;
  readonly default: T;
}

const def = <T>(type: JsonType, value: T): SettingDef<T> => ({ type, default: value });

/** Every setting, by its key under `crossAccountBackup.`. */
export const SETTINGS = {
  accountsFile: def<string>('string', 'cross-account-backup.json'),
  'aws.profile': def<string>('string', ''),
  'aws.region': def<string>('string', ''),
  'aws.stsEndpoint': def<string>('string', ''),
  'aws.iamEndpoint': def<string>('string', ''),
  'aws.timeoutSeconds': def<number>('integer', 30),
  'assumeRole.durationSeconds': def<number>('integer', 3600),
  'assumeRole.sessionNamePrefix': def<string>('string', 'cab-test'),
  'assumeRole.simulatePermissions': def<boolean>('boolean', true),
  'testAll.concurrency': def<number>('integer', 8),
  'policy.diagnosticsDelay': def<number>('integer', 250),
  rules: def<RuleLevels>('object', {}),
  logFolders: def<readonly string[]>('array', ['C:\\Program Files\\Commvault\\ContentStore\\Log Files', '/var/log/commvault/Log_Files']),
  'logs.connectBackground': def<string>('string', 'rgba(64, 160, 255, 0.15)'),
  'logs.validateBackground': def<string>('string', 'rgba(160, 100, 255, 0.15)'),
  'logs.errorBackground': def<string>('string', 'rgba(255, 64, 64, 0.15)'),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];
