// What every CLI subcommand shares: its shape, its I/O, and the parsing of common options.
import { parseArgs, type ParseArgsConfig } from 'node:util';

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

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
const COMMON_OPTIONS = {
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CommandLine<O extends OptionSpecs> {
  values: ReturnType<typeof parseArgs<{ options: O & typeof COMMON_OPTIONS; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
  format: 'json' | 'text';
}

/**
 * Parses a subcommand's options plus the ones every subcommand has (`--format json|text`,
 * `--help`). Returns the exit code instead when there is nothing more to do: 0 after printing
 * the usage for `--help`, 2 after a usage error (printed with the usage).
 */
export function parseCommandLine<O extends OptionSpecs>(
  args: string[],
  io: CliIo,
  usage: string,
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
): CommandLine<O> | number {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...COMMON_OPTIONS }, allowPositionals: positionals, strict: true });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    return 2;
  }
  const values = parsed.values as CommandLine<O>['values'];
  const common = parsed.values as { help?: boolean; format?: string };
  if (common.help) {
    io.out(usage);
    return 0;
  }
  const format = common.format;
  if (format !== 'json' && format !== 'text') {
    io.err(`Unknown format \`${String(format)}\`: use \`--format json\` or \`--format text\`.\n`);
    return 2;
  }
  return { values, positionals: parsed.positionals, format };
}
