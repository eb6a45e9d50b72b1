// Session names STS accepts, and which callers count as role chaining.
import assert from 'node:assert/strict';
import { isRoleSession, sessionName } from '../../../src/core/aws/assume-role-test';
import { memoize } from '../../../src/core/aws/session';

describe('aws session names and chaining', () => {
  it('builds a recognizable name within 64 characters of [\\w+=,.@-]', () => {
    const at = new Date('2026-11-22T10:20:30.456Z');
    assert.equal(sessionName('cab-test', 'finance', at), 'cab-test-finance-20261122T102030Z');
    const long = sessionName('p'.repeat(40), 'tenant with spaces/and slashes'.repeat(3), at);
    assert.ok(long.length <= 64, String(long.length));
    assert.match(long, /^[\w+=,.@-]+-20261122T102030Z$/);
  });

  it('counts role sessions as chaining, except EC2 instance-role sessions', () => {
    assert.equal(isRoleSession('arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Admin_abc/me@example.com'), true);
    assert.equal(isRoleSession('arn:aws:sts::111111111111:assumed-role/vsa-assume-role/i-0d6a2d710af044a19'), false);
    assert.equal(isRoleSession('arn:aws:iam::111111111111:user/admin'), false);
  });

  it('resolves credentials once, and again when they are about to expire', async () => {
    let calls = 0;
    let now = new Date('2026-11-22T00:00:00Z');
    const provider = memoize(
      async () => ({ accessKeyId: `k${++calls}`, secretAccessKey: 's', expiration: new Date(now.getTime() + 3600_000) }),
      () => now,
    );
    await Promise.all([provider(), provider()]);
    assert.equal(calls, 1);
    now = new Date(now.getTime() + 3500_000);
    assert.equal((await provider()).accessKeyId, 'k2');
  });
});
