// `logs [--format json|text] FILE...`: the credential events (Connect, ValidateCredentials, errors) of access-node logs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogEvent } from '../core/logs/model';
import { scanLogFile } from '../core/logs/log-file';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';
import { escapeForText } from './text-output';

const USAGE = `Usage: cross-account-backup logs [--format json|text] FILE...

Prints the AssumeRole story of Commvault access-node logs (cvd.log, vsbkp.log, vsrst.log,
vsdiscovery.log): CAmazonInfo::Connect lines, AmazonConnection::ValidateCredentials lines
and errors (failures, AWS error codes). Files of any size are streamed.

Options:
  --format json|text  Output format (default: text). JSON is an array of
                      { file, kind, line, endLine, time, pid, tid, jobId, function, arn,
                        accountId, roleName, url, message, errorCode, outcome, credential },
                      line 1-based, missing values null.
  -h, --help          Show this help.

Exit status (as ESLint): 0 no credential failures found, 1 at least one (an error event or a
failed Connect/ValidateCredentials), 2 on usage or I/O errors (a file that cannot be read is named;
the other files are still printed).
`;

const FIELDS = [
  'kind',
  'line',
  'endLine',
  'time',
  'pid',
  'tid',
  'jobId',
  'function',
  'arn',
  'accountId',
  'roleName',
  'url',
  'message',
  'errorCode',
  'outcome',
  'credential',
] as const;

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: 'Print the AssumeRole events (Connect, ValidateCredentials, errors) of access-node logs',
  async run(args, io) {
    const line = parseCommandLine(args, io, USAGE, {}, { positionals: true });
    if (typeof line === 'number') return line;
    const { positionals } = line;
    if (positionals.length === 0) {
      io.err(`Name at least one log file, for example \`cross-account-backup logs vsbkp.log\`.\n\n${USAGE}`);
      return 2;
    }
    const json = line.format === 'json';
    let failed = false;
    let credentialFailures = 0;
    let first = true;
    if (json) io.out('[');
    for (const file of positionals) {
      const full = path.resolve(io.cwd, file);
      // Events are written as they are found, so a huge log never sits in memory.
      const emit = (event: LogEvent) => {
        if (event.kind === 'error' || event.outcome === 'failure') credentialFailures++;
        if (json) {
          const record: Record<string, unknown> = { file };
          for (const key of FIELDS) record[key] = event[key] ?? null;
          io.out(`${first ? '\n' : ',\n'}  ${JSON.stringify(record)}`);
          first = false;
        } else io.out(`${formatText(file, event)}\n`);
      };
      try {
        const stat = await fs.promises.stat(full);
        if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
        const { warning } = await scanLogFile(full, { onEvent: emit });
        if (warning) io.err(`${file}: ${warning}\n`);
      } catch (err) {
        failed = true;
        reportError(io, file, err);
      }
    }
    if (json) io.out(first ? ']\n' : '\n]\n');
    if (failed) return 2;
    return credentialFailures > 0 ? 1 : 0;
  },
};

function reportError(io: CliIo, file: string, err: unknown): void {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT'
      ? 'it does not exist: check the path'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied: run as a user who can read the log folder'
        : code === 'EISDIR'
          ? 'it is a folder: name the log files in it (cvd.log, vsbkp.log, vsrst.log, vsdiscovery.log)'
          : err instanceof Error
            ? err.message
            : String(err);
  io.err(`Cannot read ${escapeForText(file)}: ${why}.\n`);
}

function formatText(file: string, e: LogEvent): string {
  const where = [e.jobId ? `job ${e.jobId}` : e.tid ? `thread ${e.pid}/${e.tid}` : '', e.time ?? ''].filter(Boolean).join(' ');
  const what = e.kind === 'error' ? `error${e.errorCode ? ` ${e.errorCode}` : ''}` : e.outcome === 'success' ? `${e.kind} (success)` : e.kind;
  const who = e.arn ?? (e.accountId ? `account ${e.accountId}` : '');
  const message = e.message.length > 300 ? `${e.message.slice(0, 300)}…` : e.message;
  return `${escapeForText(file)}:${e.line}: ${what}${where ? ` [${where}]` : ''}${who ? ` ${who}` : ''}: ${message}`;
}
