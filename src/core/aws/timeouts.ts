// How one "timeout" setting (crossAccountBackup.aws.timeoutSeconds, CLI --timeout) becomes the SDK's request and credential_process limits.
import type { AwsRuntimeOptions } from './types';

export const DEFAULT_TIMEOUT_SECONDS = 30;
/** A single request never waits longer than this to connect or to be answered, so retries fit inside the deadline. */
export const MAX_REQUEST_SECONDS = 10;

/** The runtime options for a total deadline of `seconds`. */
export function runtimeTimeouts(seconds: number): Pick<AwsRuntimeOptions, 'requestTimeoutMs' | 'credentialProcessTimeoutMs'> {
  return { requestTimeoutMs: Math.min(seconds, MAX_REQUEST_SECONDS) * 1000, credentialProcessTimeoutMs: seconds * 1000 };
}

/** Parses `--timeout`: whole seconds from 1 to 3600, or undefined when invalid. */
export function parseTimeoutSeconds(text: string | undefined): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 3600 ? n : undefined;
}
