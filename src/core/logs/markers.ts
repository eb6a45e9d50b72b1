// The words that make a log line interesting, shared by the byte prefilter and the line parser so both agree exactly.

/** The function whose lines open an AssumeRole attempt. */
export const CONNECT_MARKER = 'CAmazonInfo::Connect';
/** The function whose lines validate (assume) the role. */
export const VALIDATE_MARKER = 'ValidateCredentials';

/**
 * AWS error codes that STS, IAM and EC2 return when credentials fail; the first group is what
 * `sts:AssumeRole` itself returns.
 */
export const AWS_ERROR_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'MalformedPolicyDocument',
  'PackedPolicyTooLarge',
  'RegionDisabled',
  'RegionDisabledException',
  'ValidationError',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
  'IDPCommunicationError',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'RequestExpired',
  'UnauthorizedOperation',
  'AuthFailure',
  'OptInRequired',
  'Throttling',
  'ThrottlingException',
  'TokenRefreshRequired',
  'NoSuchEntity',
  'InvalidParameterValue',
] as const;

/** Codes in the list above that say nothing about the credentials themselves. */
const NOT_CREDENTIAL_ERRORS: ReadonlySet<string> = new Set(['Throttling', 'ThrottlingException', 'NoSuchEntity', 'InvalidParameterValue']);

/** Codes that mean the credentials themselves failed (as opposed to, say, throttling). */
export const CREDENTIAL_ERROR_CODES: ReadonlySet<string> = new Set(AWS_ERROR_CODES.filter((c) => !NOT_CREDENTIAL_ERRORS.has(c)));

/** Failure words, lower case; each is matched as a whole word in lower, Capitalized or UPPER case. */
export const ERROR_WORDS = [
  'error',
  'failed',
  'failure',
  'fatal',
  'exception',
  'denied',
  'not authorized',
  'unauthorized',
  'unable to',
  'expired',
  'invalid',
] as const;

function casings(word: string): string[] {
  return [...new Set([word, word[0].toUpperCase() + word.slice(1), word.toUpperCase()])];
}

/**
 * Short stems of the failure words for the byte scanner; each failure word contains one, so
 * the scanner never misses a line the parser would take. `failed` and `failure` rather than a
 * `fail` stem: the shortest marker bounds how far the scanner jumps (see marker-scanner.ts).
 */
const ERROR_STEMS = ['error', 'failed', 'failure', 'fatal', 'exception', 'denied', 'authorized', 'unable', 'expired', 'invalid'];

/**
 * Every string whose presence (ignoring ASCII case) makes a line worth parsing in full. Codes
 * that contain a stem are left out: the stem already finds them, and a smaller automaton keeps
 * the scanner's table in the fastest cache.
 */
export const LINE_MARKERS: readonly string[] = [
  CONNECT_MARKER,
  VALIDATE_MARKER,
  ...ERROR_STEMS,
  ...AWS_ERROR_CODES.filter((code) => !ERROR_STEMS.some((w) => code.toLowerCase().includes(w))),
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when a line contains any marker, ignoring case; the text-side twin of the byte scanner. */
export const MARKER_RE = new RegExp(LINE_MARKERS.map(escape).join('|'), 'i');

/** Whole-word failure words (the byte scanner only finds candidates; this decides). */
export const ERROR_WORD_RE = new RegExp(`(?<![A-Za-z])(?:${ERROR_WORDS.flatMap(casings).map(escape).join('|')})(?![A-Za-z])`);

/** A known AWS error code as a whole word. */
export const AWS_ERROR_CODE_RE = new RegExp(`(?<![A-Za-z])(${[...AWS_ERROR_CODES].sort((a, b) => b.length - a.length).join('|')})(?![A-Za-z])`);
