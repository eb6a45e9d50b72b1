// Runs a profile's `credential_process` with a deadline (the SDK's own provider waits forever) and reads its JSON as AWS documents it.
import { spawn } from 'node:child_process';
import type { Credentials } from './types';

/** Thrown when the helper does not answer in time, fails, or prints something that is not the documented JSON. */
export class CredentialProcessError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'failed',
  ) {
    super(message);
    this.name = 'CredentialProcessError';
  }
}

/** Output limit: a real helper prints a few hundred bytes; a runaway one must not fill memory. */
const MAX_OUTPUT = 1 << 20;

/**
 * Runs `command` through the shell, as the AWS CLI and SDKs do, and kills it (its whole process group on POSIX,
 * so a shell's children go too) when `timeoutMs` passes.
 */
export function runCredentialProcess(profile: string, command: string, timeoutMs: number, now: () => Date = () => new Date()): Promise<Credentials> {
  return new Promise<Credentials>((resolve, reject) => {
    const posix = process.platform !== 'win32';
    const child = spawn(command, { shell: true, detached: posix, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (err: Error | undefined, value?: Credentials) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value!);
    };
    const kill = () => {
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(
        new CredentialProcessError(
          `The credential_process of profile \`${profile}\` (\`${command}\`) did not answer within ${Math.round(timeoutMs / 1000)} s and was stopped. Run it in a terminal to see what it waits for (a prompt, a browser login, a network call), fix it, then try again.`,
          'timeout',
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.length > MAX_OUTPUT) {
        kill();
        finish(
          new CredentialProcessError(
            `The credential_process of profile \`${profile}\` (\`${command}\`) printed more than 1 MB; it should print one JSON object. Fix the helper.`,
            'failed',
          ),
        );
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 2000) stderr += d;
    });
    child.on('error', (e) =>
      finish(
        new CredentialProcessError(
          `The credential_process of profile \`${profile}\` (\`${command}\`) could not be started: ${e.message}. Check the command in the AWS config file.`,
          'failed',
        ),
      ),
    );
    child.on('close', (code, signal) => {
      if (settled) return;
      if (code !== 0) {
        const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const said = stderr.trim() ? ` It said: ${stderr.trim().slice(0, 500)}` : '';
        finish(
          new CredentialProcessError(
            `The credential_process of profile \`${profile}\` (\`${command}\`) ${why}.${said} Fix the helper (run it in a terminal to see the error), then try again.`,
            'failed',
          ),
        );
        return;
      }
      try {
        finish(undefined, parseProcessOutput(profile, command, stdout, now()));
      } catch (e) {
        finish(e as Error);
      }
    });
  });
}

/**
 * The output format of the AWS CLI documentation, "Source credentials with an external process"
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html):
 * `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"? (ISO 8601)}`.
 */
export function parseProcessOutput(profile: string, command: string, stdout: string, now: Date): Credentials {
  const who = `The credential_process of profile \`${profile}\` (\`${command}\`)`;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout.trim()) as Record<string, unknown>;
  } catch {
    throw new CredentialProcessError(
      `${who} did not print JSON. It must print one object with Version 1, AccessKeyId and SecretAccessKey: fix the helper.`,
      'failed',
    );
  }
  if (!data || typeof data !== 'object' || data.Version !== 1)
    throw new CredentialProcessError(`${who} printed JSON without \`"Version": 1\`: fix the helper.`, 'failed');
  if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string') {
    throw new CredentialProcessError(`${who} printed no AccessKeyId or SecretAccessKey: fix the helper.`, 'failed');
  }
  let expiration: Date | undefined;
  if (data.Expiration !== undefined) {
    expiration = new Date(String(data.Expiration));
    if (Number.isNaN(expiration.getTime()))
      throw new CredentialProcessError(`${who} printed an Expiration that is not an ISO 8601 time: fix the helper.`, 'failed');
    if (expiration.getTime() <= now.getTime())
      throw new CredentialProcessError(
        `${who} returned credentials that have already expired (${expiration.toISOString()}): refresh the helper's source, then try again.`,
        'failed',
      );
  }
  return {
    accessKeyId: data.AccessKeyId,
    secretAccessKey: data.SecretAccessKey,
    ...(typeof data.SessionToken === 'string' ? { sessionToken: data.SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}
