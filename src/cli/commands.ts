// The table of CLI subcommands; each lives in its own file under src/cli/.
import { lintCommand } from './lint';
import { testAssumeRoleCommand } from './test-assume-role';
import { evaluateCommand } from './evaluate';
import { logsCommand } from './logs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Returns the exit code: 0 success, 1 findings/failures, 2 usage or I/O errors. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const commands: CliCommand[] = [lintCommand, testAssumeRoleCommand, evaluateCommand, logsCommand];
