// The table of CLI subcommands; each lives in its own file under src/cli/.

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

export const commands: CliCommand[] = [];
