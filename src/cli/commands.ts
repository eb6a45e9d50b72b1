// The table of CLI subcommands; each lives in its own file under src/cli/.
import { evaluateCommand } from './evaluate';
import { applyCommand, driftCommand, planCommand } from './iam-sync';
import { lintCommand } from './lint';
import { logsCommand } from './logs';
import { operatorPolicyCommand } from './operator-policy';
import { testAssumeRoleCommand } from './test-assume-role';
import type { CliCommand } from './command-line';

export type { CliCommand, CliIo } from './command-line';

export const commands: CliCommand[] = [
  lintCommand,
  testAssumeRoleCommand,
  evaluateCommand,
  logsCommand,
  planCommand,
  applyCommand,
  driftCommand,
  operatorPolicyCommand,
];
