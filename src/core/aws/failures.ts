// Turns SDK, credential-provider and network errors into a failure kind with a cause and a fix a user can act on.

export type FailureKind =
  | 'access-denied'
  | 'external-id-mismatch'
  | 'duration-too-long'
  | 'expired-token'
  | 'invalid-credentials'
  | 'region-disabled'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'credential-process'
  | 'bad-response'
  | 'endpoint-refused'
  | 'no-credentials'
  | 'profile-not-found'
  | 'sso-expired'
  | 'mfa-required'
  | 'service-error'
  | 'cancelled'
  | 'error';

export interface Failure {
  kind: FailureKind;
  message: string;
  fix: string;
}

/** What the classifier knows about the call that failed. */
export interface FailureContext {
  /** The profile whose credentials were used (undefined: default chain). */
  profile?: string;
  /** The URL the call went to. */
  url?: string;
  /** `sts:AssumeRole` target, for duration and denial messages. */
  roleArn?: string;
  region?: string;
  durationSeconds?: number;
  /** False when nobody can be asked for an MFA code (the CLI without a terminal or --mfa-code). */
  interactive?: boolean;
}

/** Thrown (as an abort reason) when a whole operation runs past its deadline; classified as `timeout`. */
export class DeadlineError extends Error {
  constructor(
    readonly seconds: number,
    readonly what: string,
  ) {
    super(`${what} did not finish within ${seconds} s.`);
    this.name = 'DeadlineError';
  }
}

/** An AbortSignal that fires on `signal` or after `seconds`, whichever comes first (the reason says which). */
export function withDeadline(signal: AbortSignal | undefined, seconds: number | undefined, what: string): AbortSignal | undefined {
  if (!seconds) return signal;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineError(seconds, what)), seconds * 1000);
  timer.unref?.();
  const stop = () => clearTimeout(timer);
  controller.signal.addEventListener('abort', stop, { once: true });
  if (signal) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

const THROTTLE_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
  'LimitExceededException',
]);

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export function classifyError(e: unknown, ctx: FailureContext = {}): Failure {
  const x = (e ?? {}) as ErrorLike;
  const name = x.name ?? '';
  const code = x.Code ?? x.code ?? '';
  const message = errorMessage(e).trim();
  const status = x.$metadata?.httpStatusCode ?? x.$response?.statusCode;
  const profileArg = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const profileText = ctx.profile ? `profile \`${ctx.profile}\`` : 'the default credential chain';
  const has = (...names: string[]) => names.includes(name) || names.includes(code);

  const deadline = findCause(e, (c) => c instanceof DeadlineError) as DeadlineError | undefined;
  if (deadline) {
    return {
      kind: 'timeout',
      message: `${deadline.message}${ctx.url ? ` The last call went to ${ctx.url}.` : ''}`,
      fix: 'Check that the endpoint is reachable (network, proxy, VPN, endpoint settings), or allow more time with `crossAccountBackup.aws.timeoutSeconds` (CLI: `--timeout`).',
    };
  }
  if (name === 'EndpointRefusedError') {
    return {
      kind: 'endpoint-refused',
      message,
      fix: "Change `crossAccountBackup.aws.stsEndpoint` / `iamEndpoint` (user settings), `--sts-endpoint` / `--iam-endpoint`, AWS_ENDPOINT_URL* or the profile's endpoint_url.",
    };
  }
  if (name !== 'CredentialProcessError' && /credential_process/.test(message)) {
    // The SDK's own process provider (a role profile whose source_profile uses a helper): the fix is the helper's.
    return {
      kind: 'credential-process',
      message: `${message.replace(/\s+$/, '')} (a credential_process helper used by ${profileText}).`,
      fix: 'Fix the credential_process helper: run it in a terminal; it must exit 0 and print JSON with Version 1, AccessKeyId and SecretAccessKey.',
    };
  }
  if (name === 'CredentialProcessError') {
    const timedOut = (x as { kind?: string }).kind === 'timeout';
    return {
      kind: timedOut ? 'timeout' : 'credential-process',
      message,
      fix: timedOut
        ? 'Make the helper answer without waiting for input (run it in a terminal first), or use another profile.'
        : 'Fix the credential_process helper: it must exit 0 and print JSON with Version 1, AccessKeyId and SecretAccessKey.',
    };
  }
  if (isTimeout(e)) {
    return {
      kind: 'timeout',
      message: `${ctx.url ?? 'The AWS endpoint'} did not answer in time${ctx.profile ? ` (profile \`${ctx.profile}\`)` : ''}: the request was stopped.`,
      fix: 'Check that the endpoint is reachable (network, proxy, VPN, `crossAccountBackup.aws.stsEndpoint` / `iamEndpoint`, AWS_ENDPOINT_URL*), or allow more time with `crossAccountBackup.aws.timeoutSeconds` (CLI: `--timeout`).',
    };
  }
  if (name === 'AbortError' || code === 'ABORT_ERR' || /aborted|cancell?ed/i.test(name)) {
    return { kind: 'cancelled', message: 'Cancelled.', fix: 'Run the test again when you are ready.' };
  }
  if (
    /MultiFactorAuthentication failed|invalid MFA one time pass code|MFA code/i.test(message) &&
    !/no MFA code callback|MFA code (was )?not (given|provided)/i.test(message)
  ) {
    return {
      kind: 'mfa-required',
      message: `The MFA code was not accepted for ${profileText}: ${message}`,
      fix: 'Enter the current code from your MFA device (codes change every 30 seconds) and try again.',
    };
  }
  if (/requires multi-factor authentication|no MFA code callback|MFA code (was )?not (given|provided)|mfa_serial/i.test(message)) {
    if (ctx.interactive === false) {
      return {
        kind: 'mfa-required',
        message: `Profile \`${ctx.profile ?? 'default'}\` needs an MFA code: pass --mfa-code NNNNNN or run from VS Code.`,
        fix: 'Give the current code of the MFA device with `--mfa-code`, run in a terminal to be asked for it, or run the command from VS Code.',
      };
    }
    return {
      kind: 'mfa-required',
      message: `${cap(profileText)} needs an MFA code and none was given.`,
      fix: `Run the command again and enter the code from the MFA device, or use \`aws sts get-session-token\`-based credentials.`,
    };
  }
  if (
    (/\bSSO\b/i.test(message) && /(expired|invalid|not found|refresh|aws sso login)/i.test(message)) ||
    (name === 'UnauthorizedException' && /sso/i.test(message))
  ) {
    return {
      kind: 'sso-expired',
      message: `The SSO session of ${profileText} is missing or has expired.`,
      fix: `Run \`aws sso login${profileArg}\`, then try again.`,
    };
  }
  if (/Deserialization error|\$response/.test(message) || (name === 'SyntaxError' && status !== undefined)) {
    const first = message
      .split('\n')[0]
      .replace(/Deserialization error:.*$/, '')
      .trim();
    return {
      kind: 'bad-response',
      message: `${ctx.url ?? 'The AWS endpoint'} answered${status ? ` HTTP ${status}` : ''} with something that is not a valid AWS response${first ? ` (${first})` : ''}.`,
      fix: 'Check that the endpoint settings point at AWS STS/IAM (`crossAccountBackup.aws.stsEndpoint` / `iamEndpoint`, AWS_ENDPOINT_URL*) and that no proxy rewrites the answer; then try again.',
    };
  }
  if (
    name === 'ProfileNotFoundError' ||
    /Could not resolve credentials using profile|Profile .* (was not found|could not be found)|not found in .*credentials/i.test(message)
  ) {
    return {
      kind: 'profile-not-found',
      message: name === 'ProfileNotFoundError' ? message : `${cap(profileText)} has no usable credentials: ${message}`,
      fix: `Add the profile to your AWS config or credentials file (\`aws configure${profileArg}\`), or set \`profile\` in the accounts file to one that exists.`,
    };
  }
  if (
    /Could not load credentials from any providers|Unable to find environment variable credentials|No credentials/i.test(message) ||
    name === 'CredentialsProviderError'
  ) {
    return {
      kind: 'no-credentials',
      message: `No AWS credentials were found (${profileText}): ${message}`,
      fix: 'Choose a profile with "Cross-Account Backup: Select AWS Profile…" (or `--profile`), set `profile` on the account in the accounts file, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.',
    };
  }
  if (has('ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired')) {
    return {
      kind: 'expired-token',
      message: `The security token of ${profileText} has expired: ${message}`,
      fix: `Refresh the credentials (for SSO \`aws sso login${profileArg}\`; for temporary keys, get new ones) and try again.`,
    };
  }
  if (has('InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'IncompleteSignature', 'AuthFailure')) {
    return {
      kind: 'invalid-credentials',
      message: `AWS does not recognise the credentials of ${profileText}: ${message}`,
      fix: `Check the access key id and secret of ${profileText} (\`aws configure${profileArg}\`); deactivated or deleted keys give this error too.`,
    };
  }
  if (has('RegionDisabled', 'RegionDisabledException')) {
    return {
      kind: 'region-disabled',
      message: `STS is not activated in region ${ctx.region ?? '(unknown)'} for this account: ${message}`,
      fix: 'Activate the region in IAM → Account settings → Security Token Service (STS), or use another region / the global endpoint.',
    };
  }
  if (THROTTLE_CODES.has(name) || THROTTLE_CODES.has(code) || status === 429) {
    return {
      kind: 'throttled',
      message: `AWS throttled the request${ctx.url ? ` to ${ctx.url}` : ''}: ${message}`,
      fix: 'Wait a moment and try again, or lower `crossAccountBackup.testAll.concurrency`.',
    };
  }
  if (has('ValidationError', 'ValidationException', 'InvalidParameterValue') && /DurationSeconds/i.test(message)) {
    const chaining = /chaining/i.test(message);
    return {
      kind: 'duration-too-long',
      message: chaining
        ? `The session duration ${ctx.durationSeconds ?? ''}s is over the 1-hour limit for role chaining: ${message}`
        : `The session duration ${ctx.durationSeconds ?? ''}s is over the role's MaxSessionDuration: ${message}`,
      fix: chaining
        ? 'Set `crossAccountBackup.assumeRole.durationSeconds` (or `--duration`) to 3600 or less: a session assumed from another role session cannot last longer.'
        : `Lower \`crossAccountBackup.assumeRole.durationSeconds\`, or raise the role's maximum session duration (\`aws iam update-role --role-name ${roleName(ctx.roleArn)} --max-session-duration …\`).`,
    };
  }
  if (has('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AccessDeniedError')) {
    return {
      kind: 'access-denied',
      message: message || 'Access denied.',
      fix: ctx.roleArn
        ? `Allow the caller in the trust policy of ${ctx.roleArn} and give the caller \`sts:AssumeRole\` on it in its identity policy.`
        : 'Give the caller the permission named in the message.',
    };
  }
  if (isNetwork(e)) {
    return {
      kind: 'network',
      message: `Could not reach ${ctx.url ?? 'the AWS endpoint'}: ${message || name || code}.`,
      fix: 'Check the network, proxy and VPN, and the endpoint settings (`crossAccountBackup.aws.stsEndpoint` / `iamEndpoint`, AWS_ENDPOINT_URL*).',
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      kind: 'service-error',
      message: `${ctx.url ?? 'AWS'} answered HTTP ${status}${message && message !== 'UnknownError' ? `: ${message}` : ''}.`,
      fix: 'This is on the service side: try again in a moment; if it persists, check the AWS Health Dashboard or the custom endpoint.',
    };
  }
  return {
    kind: 'error',
    message: `${name && name !== 'Error' ? `${name}: ` : ''}${message}`,
    fix: 'Read the message above; if it names a permission, grant it; otherwise run the test again with the output channel at Debug level.',
  };
}

function findCause(e: unknown, test: (x: unknown) => boolean): unknown {
  for (let x = e as ErrorLike | undefined, depth = 0; x && depth < 4; x = x.cause as ErrorLike | undefined, depth++) if (test(x)) return x;
  return undefined;
}

/** A request stopped by the handler's connection or request timeout (`TimeoutError`, ETIMEDOUT). */
function isTimeout(e: unknown): boolean {
  return !!findCause(e, (x) => {
    const c = x as ErrorLike;
    // The Node handler also names a reset connection (`socket hang up`, ECONNRESET) TimeoutError: that one is `network`.
    if (c.code && c.code !== 'ETIMEDOUT') return false;
    return c.code === 'ETIMEDOUT' || /requestTimeout|timed out|timeout/i.test(c.message ?? '');
  });
}

function isNetwork(e: unknown): boolean {
  for (let x = e as ErrorLike | undefined, depth = 0; x && depth < 4; x = x.cause as ErrorLike | undefined, depth++) {
    if (NETWORK_CODES.has(x.code ?? '') || NETWORK_CODES.has(x.name ?? '')) return true;
    if (/socket hang up|ECONNREFUSED|ECONNRESET|getaddrinfo|connect ETIMEDOUT|network|fetch failed/i.test(x.message ?? '')) return true;
  }
  return false;
}

function roleName(arn: string | undefined): string {
  return arn?.split('/').pop() ?? '<role>';
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
