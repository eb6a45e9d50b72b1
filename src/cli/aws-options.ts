// What the CLI's AWS commands share: the accounts file, the AWS options (profile, region, endpoints, --timeout, --mfa-code) and the session they make.
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { AccountsInput } from '../core/topology/inputs';
import { endpointProblem } from '../core/aws/endpoints';
import { loadSdk } from '../core/aws/load-sdk';
import { AwsSession } from '../core/aws/session';
import { DEFAULT_TIMEOUT_SECONDS, parseTimeoutSeconds, runtimeTimeouts } from '../core/aws/timeouts';
import type { AwsRuntime } from '../core/aws/types';
import { accountsInput } from '../core/topology/inputs';
import { loadAccounts, type LoadedAccounts } from '../core/topology/load';
import { fileLocation } from '../core/topology/paths';
import type { CliIo } from './command-line';
import { readLocalFile } from './local-files';
import { readAccountsText } from './read-limits';

export const AWS_OPTIONS = {
  accounts: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'sts-endpoint': { type: 'string' },
  'iam-endpoint': { type: 'string' },
  timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_SECONDS) },
  'mfa-code': { type: 'string' },
} as const;

export const AWS_OPTIONS_HELP = `  --accounts FILE          the accounts file (cross-account-backup.json)
  --profile P              AWS profile for accounts that name none (default: AWS_PROFILE, then the default chain)
  --region R               region when neither the accounts file nor the profile names one
  --sts-endpoint URL       custom STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, SDK default);
                           https:// only, or http:// to this machine (127.0.0.1, ::1, localhost)
  --iam-endpoint URL       custom IAM endpoint (default: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL, SDK default)
  --timeout SECONDS        deadline of one tenant test or one account's IAM read, retries included (default ${DEFAULT_TIMEOUT_SECONDS});
                           each request gets at most 10 s to connect and to answer
  --mfa-code NNNNNN        code of the MFA device, for a profile with mfa_serial (otherwise asked on a terminal)
`;

export interface AwsOptionValues {
  accounts?: string;
  profile?: string;
  region?: string;
  'sts-endpoint'?: string;
  'iam-endpoint'?: string;
  timeout?: string;
  'mfa-code'?: string;
}

export interface AwsDeps {
  /** Injected by tests; the real one loads the SDK on first use. */
  runtime?: AwsRuntime;
  /** Whether stdin is a terminal (asked for MFA codes and confirmations); defaults to process.stdin.isTTY. */
  isTTY?: boolean;
}

export interface AwsRun {
  file: string;
  loaded: LoadedAccounts;
  accounts: AccountsInput;
  session: AwsSession;
  timeoutSeconds: number;
}

/**
 * Checks the AWS options, reads the accounts file and makes the session. Returns an exit code (2) after printing
 * the problem when it cannot.
 */
export async function startAwsRun(values: AwsOptionValues, io: CliIo, help: string, deps: AwsDeps): Promise<AwsRun | number> {
  const usage = (message: string) => {
    io.err(`${message}\n\n${help}`);
    return 2;
  };
  if (!values.accounts) return usage('Missing --accounts FILE: give the path of the accounts file (cross-account-backup.json).');
  const timeoutSeconds = parseTimeoutSeconds(values.timeout);
  if (timeoutSeconds === undefined) return usage(`--timeout must be a whole number of seconds from 1 to 3600, not \`${values.timeout}\`.`);
  const mfa = values['mfa-code'];
  if (mfa !== undefined && !/^\d{6}$/.test(mfa)) return usage('--mfa-code must be the 6 digits shown by the MFA device.');
  for (const [flag, url] of [
    ['--sts-endpoint', values['sts-endpoint']],
    ['--iam-endpoint', values['iam-endpoint']],
  ] as const) {
    const problem = url ? endpointProblem(url, flag) : undefined;
    if (problem) return usage(problem);
  }

  const file = path.resolve(io.cwd, values.accounts);
  const read = await readAccountsText(file);
  if ('error' in read) {
    io.err(`${read.error}\n`);
    return 2;
  }
  const loaded = loadAccounts({ uri: fileLocation(file), text: read.text });
  if (loaded.syntaxFindings.length || !loaded.root) {
    const f = loaded.syntaxFindings[0];
    io.err(`The accounts file ${file} is not valid JSON${f ? `: ${f.message}` : '.'} Fix it and run again.\n`);
    return 2;
  }
  const accounts: AccountsInput = accountsInput(loaded, readLocalFile);
  const isTTY = deps.isTTY ?? !!process.stdin.isTTY;
  const runtime =
    deps.runtime ??
    loadSdk().createAwsRuntime({
      configFile: io.env.AWS_CONFIG_FILE,
      credentialsFile: io.env.AWS_SHARED_CREDENTIALS_FILE,
      mfaCodeProvider: mfaProvider(mfa, isTTY),
      ...runtimeTimeouts(timeoutSeconds),
    });
  const session = new AwsSession({
    runtime,
    env: io.env,
    interactive: mfa !== undefined || isTTY,
    settings: { profile: values.profile, region: values.region, stsEndpoint: values['sts-endpoint'], iamEndpoint: values['iam-endpoint'] },
  });
  return { file, loaded, accounts, session, timeoutSeconds };
}

/** The MFA code: from --mfa-code, else asked on the terminal; in a pipeline nobody can be asked (reported as mfa-required). */
export function mfaProvider(code: string | undefined, isTTY: boolean): (serial: string) => Promise<string> {
  return (serial) => {
    if (code) return Promise.resolve(code);
    if (!isTTY) return Promise.reject(new Error(`MFA code not provided for ${serial}: there is no terminal to ask on.`));
    return ask(`MFA code for ${serial}: `).then((answer) => {
      if (!answer) throw new Error(`MFA code not provided for ${serial}.`);
      return answer;
    });
  };
}

/** One line from the terminal (stderr carries the prompt, so stdout stays clean for --format json). */
export function ask(prompt: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise<string>((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}
