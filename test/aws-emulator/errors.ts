// AWS error codes, HTTP statuses and message texts as STS and IAM return them over the Query protocol.

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

/** AWS's wording for a failed input constraint, e.g. on `roleSessionName` or `durationSeconds`. */
export function validationError(field: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return new AwsError('ValidationError', `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`, 400);
}

export const errors = {
  missingAuth: () => new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  incompleteSignature: (detail: string) => new AwsError('IncompleteSignature', detail, 400),
  invalidClientTokenId: () => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
  signatureDoesNotMatch: (
    message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ) => new AwsError('SignatureDoesNotMatch', message, 403),
  signatureExpired: (amzDate: string, now: Date) =>
    new AwsError(
      'SignatureDoesNotMatch',
      `Signature expired: ${amzDate} is now earlier than ${amzDateOf(new Date(now.getTime() - 15 * 60_000))} (${amzDateOf(now)} - 15 min.)`,
      403,
    ),
  expiredToken: () => new AwsError('ExpiredToken', 'The security token included in the request is expired', 403),
  regionDisabled: (accountId: string) =>
    new AwsError(
      'RegionDisabledException',
      `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`,
      403,
    ),
  throttling: () => new AwsError('Throttling', 'Rate exceeded', 400),
  internalFailure: () => new AwsError('InternalFailure', 'We encountered an internal error. Please try again.', 500),
  invalidAction: (action: string, version: string) => new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400),
  accessDenied: (message: string) => new AwsError('AccessDenied', message, 403),
  noSuchEntity: (message: string) => new AwsError('NoSuchEntity', message, 404),
  entityAlreadyExists: (message: string) => new AwsError('EntityAlreadyExists', message, 409),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, 409),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, 409),
  malformedPolicy: (message: string) => new AwsError('MalformedPolicyDocument', message, 400),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, 400),
  packedPolicyTooLarge: (percent: number) =>
    new AwsError('PackedPolicyTooLarge', `Packed size of the session policies and session tags exceeds the limit: ${percent}% of the allowed size.`, 400),
};

/** `20261122T101500Z`, the SigV4 date form. */
export function amzDateOf(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
