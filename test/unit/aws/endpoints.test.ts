// Profile, region and endpoint precedence for an account's AWS calls.
import assert from 'node:assert/strict';
import type { ProfileInfo } from '../../../src/core/aws/types';
import { endpointProblem, resolveAccess, retrySettings } from '../../../src/core/aws/endpoints';
import { escapeForText } from '../../../src/cli/text-output';

const profile = (name: string, settings: Record<string, string> = {}): ProfileInfo => ({
  name,
  source: 'config',
  kind: 'keys',
  region: settings.region,
  settings,
});

describe('aws endpoints: resolveAccess', () => {
  it('prefers the account profile, then the chosen one, then AWS_PROFILE', () => {
    assert.equal(resolveAccess({ profile: 'acct' }, { profile: 'picked' }, { AWS_PROFILE: 'env' }, []).profile, 'acct');
    assert.equal(resolveAccess({}, { profile: 'picked' }, { AWS_PROFILE: 'env' }, []).profile, 'picked');
    assert.equal(resolveAccess({}, {}, { AWS_PROFILE: 'env' }, []).profile, 'env');
    assert.equal(resolveAccess({}, {}, {}, []).profile, undefined);
  });

  it('takes the region from the account, the profile, the setting, the environment, then us-east-1', () => {
    const profiles = [profile('p', { region: 'eu-west-1' })];
    assert.equal(resolveAccess({ profile: 'p', region: 'us-west-2' }, { region: 'ap-south-1' }, {}, profiles).region, 'us-west-2');
    assert.equal(resolveAccess({ profile: 'p' }, { region: 'ap-south-1' }, {}, profiles).region, 'eu-west-1');
    assert.equal(resolveAccess({}, { region: 'ap-south-1' }, { AWS_REGION: 'ca-central-1' }, profiles).region, 'ap-south-1');
    assert.equal(resolveAccess({}, {}, { AWS_REGION: 'ca-central-1' }, []).region, 'ca-central-1');
    assert.equal(resolveAccess({}, {}, {}, []).region, 'us-east-1');
  });

  it('honours the endpoint settings before AWS_ENDPOINT_URL_STS/IAM before AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all', AWS_ENDPOINT_URL_STS: 'http://sts', AWS_ENDPOINT_URL_IAM: 'http://iam' };
    const a = resolveAccess({}, { stsEndpoint: 'http://setting-sts' }, env, []);
    assert.equal(a.stsEndpoint, 'http://setting-sts');
    assert.equal(a.iamEndpoint, 'http://iam');
    const b = resolveAccess({}, {}, { AWS_ENDPOINT_URL: 'http://all' }, []);
    assert.equal(b.stsEndpoint, 'http://all');
    assert.equal(b.iamUrl, 'http://all');
  });

  it('uses the global STS endpoint only for sts_regional_endpoints = legacy', () => {
    assert.equal(resolveAccess({ region: 'us-east-1' }, {}, { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }, []).stsUrl, 'https://sts.amazonaws.com');
    const fromProfile = resolveAccess({ profile: 'p', region: 'eu-west-1' }, {}, {}, [profile('p', { sts_regional_endpoints: 'legacy' })]);
    assert.equal(fromProfile.stsUrl, 'https://sts.amazonaws.com');
    const regional = resolveAccess({ region: 'eu-west-1' }, {}, { AWS_STS_REGIONAL_ENDPOINTS: 'regional' }, []);
    assert.equal(regional.stsEndpoint, undefined);
    assert.equal(regional.stsUrl, 'https://sts.eu-west-1.amazonaws.com');
  });
});

describe('aws endpoints: safety and retry settings', () => {
  it('accepts https anywhere and plain http only to this machine (a signed request carries the session token)', () => {
    for (const ok of [
      'https://sts.eu-west-1.amazonaws.com',
      'https://vpce-1.sts.eu-west-1.vpce.amazonaws.com',
      'http://127.0.0.1:4566',
      'http://127.8.9.10',
      'http://[::1]:9000',
      'http://localhost:4566',
      'http://sts.localhost',
    ]) {
      assert.equal(endpointProblem(ok, 'The STS endpoint'), undefined, ok);
    }
    assert.match(endpointProblem('http://10.0.0.5:4566', 'The STS endpoint')!, /plain http:\/\/ to another machine/);
    assert.match(endpointProblem('http://127.0.0.1.evil.example', 'The STS endpoint')!, /plain http:\/\//);
    assert.match(endpointProblem('ftp://example.com', 'The IAM endpoint')!, /not an http\(s\) URL/);
    assert.match(endpointProblem('sts.amazonaws.com', 'The IAM endpoint')!, /is not a URL/);
  });

  it('orders retry settings as the AWS SDKs and Tools Reference Guide does: environment, then profile, invalid values skipped', () => {
    assert.deepEqual(retrySettings({}, {}), {});
    assert.deepEqual(retrySettings({}, { max_attempts: '4', retry_mode: 'adaptive' }), { maxAttempts: 4, retryMode: 'adaptive' });
    assert.deepEqual(retrySettings({ AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' }, { max_attempts: '4', retry_mode: 'adaptive' }), {
      maxAttempts: 1,
      retryMode: 'standard',
    });
    assert.deepEqual(retrySettings({ AWS_MAX_ATTEMPTS: '0' }, { max_attempts: 'three' }), {});
  });

  it('escapes control characters in names for text output, leaving ordinary paths alone', () => {
    assert.equal(escapeForText('policies\\tenants\\a.json'), 'policies\\tenants\\a.json');
    assert.equal(escapeForText('a\nb.json'), 'a\\nb.json');
    assert.equal(escapeForText('x\u001b[31m'), 'x\\u001b[31m');
  });
});
