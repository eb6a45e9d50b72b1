// Runs a CLI subcommand in-process with captured stdout/stderr and an empty environment, for the CLI tests.
import type { CliCommand, CliIo } from '../../src/cli/commands';

export async function runCommand(command: CliCommand, args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), cwd, env: {} };
  const code = await command.run(args, io);
  return { code, out, err };
}
