// The command-line shell over the same core as the extension: `cross-account-backup <command> [options]`.
import { commands, type CliIo } from './cli/commands';

// The AWS SDK warns on Node 20 that SDK versions published after January 2027 will need Node 22. This tool bundles
// one fixed SDK version, which supports Node 20: the notice concerns a future upgrade of the project, not the user's
// installation, so the SDK's own switch turns it off (see README, "Command line").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `cross-account-backup logs big.log | head -1`: once the reader closes the pipe, stop quietly (as cat and grep do).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

async function main(argv: string[]): Promise<number> {
  const io: CliIo = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command \`${name}\`.\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: cross-account-backup <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`cross-account-backup <command> --help\` for a command's options.\n`;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cross-account-backup: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
