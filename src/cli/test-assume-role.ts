// `test-assume-role`: runs the AssumeRole test steps for the tenants of an accounts file, for CI pipelines and scripts.
import { toJsonRecord, toText } from '../core/aws/report';
import { testAllTenants } from '../core/aws/test-all';
import { AWS_OPTIONS, AWS_OPTIONS_HELP, startAwsRun, type AwsDeps } from './aws-options';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';

const HELP = `Usage: cross-account-backup test-assume-role --accounts FILE [--tenant NAME]... [--profile P] [--format json|text]

Assumes each tenant's role the way the admin's access node would, with your AWS credentials, and reports
each step. Prints no credentials. Exit code 0 when every tenant passes, 1 otherwise, 2 on usage errors.

Options:
${AWS_OPTIONS_HELP}  --tenant NAME            test only this tenant (repeatable; default: all tenants)
  --format json|text       output format (default text)
  --duration SECONDS       session duration to ask for (900-43200, default 3600)
  --session-name-prefix P  prefix of the role session name (default cab-test)
  --no-simulate            skip iam:SimulatePrincipalPolicy for the backup permission set
  --concurrency N          tenants tested at once (default 8)
`;

export type TestAssumeRoleDeps = AwsDeps;

export function makeTestAssumeRoleCommand(deps: TestAssumeRoleDeps = {}): CliCommand {
  return {
    name: 'test-assume-role',
    summary: 'Assume each tenant role with your AWS credentials and report each step (exit 1 if any fails).',
    run: (args, io) => run(args, io, deps),
  };
}

export const testAssumeRoleCommand = makeTestAssumeRoleCommand();

async function run(args: string[], io: CliIo, deps: TestAssumeRoleDeps): Promise<number> {
  const line = parseCommandLine(args, io, HELP, {
    ...AWS_OPTIONS,
    tenant: { type: 'string', multiple: true },
    duration: { type: 'string', default: '3600' },
    'session-name-prefix': { type: 'string', default: 'cab-test' },
    'no-simulate': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
  });
  if (typeof line === 'number') return line;
  const { values } = line;
  if (!values.accounts) return usage(io, 'Missing --accounts FILE: give the path of the accounts file (cross-account-backup.json).');
  const duration = Number(values.duration);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200)
    return usage(io, `--duration must be a whole number of seconds from 900 to 43200, not \`${values.duration}\`.`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    return usage(io, `--concurrency must be a whole number from 1 to 64, not \`${values.concurrency}\`.`);
  if (!/^[\w+=,.@-]{1,40}$/.test(values['session-name-prefix']!))
    return usage(io, '--session-name-prefix may use letters, digits and +=,.@_- (1 to 40 characters).');

  const started = await startAwsRun(values, io, HELP, deps);
  if (typeof started === 'number') return started;
  const { file, loaded, accounts, session } = started;
  const all = loaded.topology.tenants.map((t) => t.name);
  const wanted = values.tenant?.length ? values.tenant : all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length) return usage(io, `No tenant named ${unknown.map((n) => `\`${n}\``).join(', ')} in ${file}; tenants: ${all.join(', ') || '(none)'}.`);
  if (wanted.length === 0) {
    io.err(`${file} lists no tenants: add tenant accounts to test.\n`);
    return 2;
  }

  const results = await testAllTenants(accounts, wanted, session, {
    concurrency,
    durationSeconds: duration,
    sessionNamePrefix: values['session-name-prefix']!,
    simulatePermissions: !values['no-simulate'],
    deadlineSeconds: started.timeoutSeconds,
  });
  io.out(line.format === 'json' ? `${JSON.stringify(results.map(toJsonRecord), null, 2)}\n` : toText(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n\n${HELP}`);
  return 2;
}
