// Failure classification: every kind the CLI documents comes with a cause and a fix.
import assert from 'node:assert/strict';
import { classifyError } from '../../../src/core/aws/failures';

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('aws failures: classifyError', () => {
  it('names the profile and the sso login command when the SSO session expired', () => {
    const f = classifyError(
      Object.assign(
        new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'),
        { name: 'CredentialsProviderError' },
      ),
      { profile: 'dev' },
    );
    assert.equal(f.kind, 'sso-expired');
    assert.match(f.fix, /aws sso login --profile dev/);
  });

  it('tells a missing MFA code from a wrong one', () => {
    assert.equal(classifyError(new Error('Profile x requires multi-factor authentication, but no MFA code callback was provided.')).kind, 'mfa-required');
    const wrong = classifyError(sdkError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. '));
    assert.equal(wrong.kind, 'mfa-required');
    assert.match(wrong.message, /not accepted/);
  });

  it('maps STS error codes to their kinds', () => {
    assert.equal(classifyError(sdkError('ExpiredTokenException', 'The security token included in the request is expired')).kind, 'expired-token');
    assert.equal(classifyError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)).kind, 'invalid-credentials');
    assert.equal(classifyError(sdkError('SignatureDoesNotMatch', 'bad signature', 403)).kind, 'invalid-credentials');
    assert.equal(
      classifyError(sdkError('RegionDisabledException', 'STS is not activated in this region', 403), { region: 'ap-east-1' }).kind,
      'region-disabled',
    );
    assert.equal(classifyError(sdkError('Throttling', 'Rate exceeded')).kind, 'throttled');
    assert.equal(
      classifyError(sdkError('AccessDenied', 'User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: r', 403)).kind,
      'access-denied',
    );
  });

  it('separates the chaining limit from MaxSessionDuration', () => {
    const chain = classifyError(
      sdkError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
      { durationSeconds: 7200 },
    );
    assert.equal(chain.kind, 'duration-too-long');
    assert.match(chain.fix, /3600/);
    const max = classifyError(sdkError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'), {
      roleArn: 'arn:aws:iam::2:role/vsa-role',
    });
    assert.equal(max.kind, 'duration-too-long');
    assert.match(max.fix, /--role-name vsa-role/);
  });

  it('shows the URL tried when the endpoint cannot be reached', () => {
    const f = classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), { url: 'http://127.0.0.1:9' });
    assert.equal(f.kind, 'network');
    assert.match(f.message, /http:\/\/127\.0\.0\.1:9/);
  });

  it('reports HTTP 5xx as a service error, no credentials and unknown errors with a fix', () => {
    assert.equal(classifyError(sdkError('InternalFailure', 'We encountered an internal error.', 500)).kind, 'service-error');
    assert.equal(
      classifyError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })).kind,
      'no-credentials',
    );
    const other = classifyError(new Error('something odd'));
    assert.equal(other.kind, 'error');
    assert.ok(other.fix.length > 0);
  });

  it('recognises cancellation', () => {
    assert.equal(classifyError(Object.assign(new Error('Request aborted'), { name: 'AbortError' })).kind, 'cancelled');
  });
});

describe('aws failures: credential helpers', () => {
  it("puts the fix on the helper when the SDK's own credential_process provider fails, not on choosing a profile", () => {
    const f = classifyError(Object.assign(new Error('Profile src credential_process returned invalid JSON.'), { name: 'CredentialsProviderError' }), {
      profile: 'ops',
    });
    assert.equal(f.kind, 'credential-process');
    assert.match(f.fix, /Fix the credential_process helper/);
    assert.doesNotMatch(f.fix, /Select AWS Profile|--profile/);
  });
});
