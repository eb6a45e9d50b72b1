// `test-assume-role`: runs the AssumeRole test steps for the tenants of an accounts file, for CI pipelines and scripts.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { AccountsInput } from '../core/aws/assume-role-test';
import { loadSdk } from '../core/aws/load-sdk';
import { toJsonRecord, toText } from '../core/aws/report';
import { AwsSession } from '../core/aws/session';
import { testAllTenants } from '../core/aws/test-all';
import type { AwsRuntime } from '../core/aws/types';
import { loadAccounts } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import { accountsInput } from '../core/topology/inputs';
import { parseCommandLine, type CliCommand, type CliIo } from './command-line';
import { readLocalFile } from './local-files';

const HELP = `Usage: cross-account-backup test-assume-role --accounts FILE [--tenant NAME]... [--profile P] [--format json|text]

Assumes each tenant's role the way the admin's access node would, with your AWS credentials, and reports
each step. Prints no credentials. Exit code 0 when every tenant passes, 1 otherwise, 2 on usage errors.

Options:
  --accounts FILE          the accounts file (cross-account-backup.json)
  --tenant NAME            test only this tenant (repeatable; default: all tenants)
  --profile P              AWS profile for accounts that name none (default: AWS_PROFILE, then the default chain)
  --format json|text       output format (default text)
  --region R               region when neither the accounts file nor the profile names one
  --sts-endpoint URL       custom STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, SDK default)
  --iam-endpoint URL       custom IAM endpoint (default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, SDK default)
  --duration SECONDS       session duration to ask for (900-43200, default 3600)
  --session-name-prefix P  prefix of the role session name (default cab-test)
  --no-simulate            skip iam:SimulatePrincipalPolicy for the backup permission set
  --concurrency N          tenants tested at once (default 8)
`;

export interface TestAssumeRoleDeps {
  /** Injected by tests; the real one loads the SDK on first use. */
  runtime?: AwsRuntime;
}

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
    accounts: { type: 'string' },
    tenant: { type: 'string', multiple: true },
    profile: { type: 'string' },
    region: { type: 'string' },
    'sts-endpoint': { type: 'string' },
    'iam-endpoint': { type: 'string' },
    duration: { type: 'string', default: '3600' },
    'session-name-prefix': { type: 'string', default: 'cab-test' },
    'no-simulate': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '8' },
  });
  if (typeof line === 'number') return line;
  const { values } = line;
  if (!values.accounts) return usage(io, 'Missing --accounts FILE: give the path of the accounts file (cross-account-backup.json).');
  const duration = Number(values.duration);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) return usage(io, `--duration must be a whole number of seconds from 900 to 43200, not \`${values.duration}\`.`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return usage(io, `--concurrency must be a whole number from 1 to 64, not \`${values.concurrency}\`.`);
  if (!/^[\w+=,.@-]{1,40}$/.test(values['session-name-prefix']!)) return usage(io, '--session-name-prefix may use letters, digits and +=,.@_- (1 to 40 characters).');

  const file = path.resolve(io.cwd, values.accounts);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    io.err(`Cannot read the accounts file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (e as Error).message}. Check the --accounts path.\n`);
    return 2;
  }
  const loaded = loadAccounts({ uri: fileLocation(file), text });
  if (loaded.syntaxFindings.length || !loaded.root) {
    const f = loaded.syntaxFindings[0];
    io.err(`The accounts file ${file} is not valid JSON${f ? `: ${f.message}` : ''} Fix it and run again.\n`);
    return 2;
  }
  const all = loaded.topology.tenants.map((t) => t.name);
  const wanted = values.tenant?.length ? values.tenant : all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length) return usage(io, `No tenant named ${unknown.map((n) => `\`${n}\``).join(', ')} in ${file}; tenants: ${all.join(', ') || '(none)'}.`);
  if (wanted.length === 0) {
    io.err(`${file} lists no tenants: add tenant accounts to test.\n`);
    return 2;
  }

  const accounts: AccountsInput = accountsInput(loaded, readLocalFile);
  const runtime = deps.runtime ?? loadSdk().createAwsRuntime({
    configFile: io.env.AWS_CONFIG_FILE,
    credentialsFile: io.env.AWS_SHARED_CREDENTIALS_FILE,
    mfaCodeProvider: askMfa,
  });
  const session = new AwsSession({
    runtime,
    env: io.env,
    settings: { profile: values.profile, region: values.region, stsEndpoint: values['sts-endpoint'], iamEndpoint: values['iam-endpoint'] },
  });
  const results = await testAllTenants(accounts, wanted, session, {
    concurrency,
    durationSeconds: duration,
    sessionNamePrefix: values['session-name-prefix']!,
    simulatePermissions: !values['no-simulate'],
  });
  io.out(line.format === 'json' ? `${JSON.stringify(results.map(toJsonRecord), null, 2)}\n` : toText(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

function usage(io: CliIo, message: string): number {
  io.err(`${message}\n\n${HELP}`);
  return 2;
}

/** Asks on the terminal; in a pipeline (no terminal) there is nobody to ask, which is reported as mfa-required. */
function askMfa(serial: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(new Error(`MFA code not provided for ${serial}: there is no terminal to ask on. Use credentials without mfa_serial in CI.`));
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise<string>((resolve, reject) => {
    rl.question(`MFA code for ${serial}: `, (code) => {
      rl.close();
      if (code.trim()) resolve(code.trim());
      else reject(new Error(`MFA code not provided for ${serial}.`));
    });
  });
}
