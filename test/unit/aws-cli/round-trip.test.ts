// Round trip with the real AWS CLI: after Apply Policies, `aws iam` shows exactly the local files; after a change made with `aws iam`, Check Drift reports it.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { GetPolicyResponse, GetPolicyVersionResponse, GetRoleResponse, ListAttachedRolePoliciesResponse } from '@aws-sdk/client-iam';
import { parse } from 'jsonc-parser';
import { applyPrepared, prepareAccount, type AccountRef } from '../../../src/core/aws/account-ops';
import { canonical, type Json } from '../../../src/core/aws/policy-compare';
import { makeFixture, type Fixture } from '../aws/fixture';
import { CliSandbox, requireAwsCli, type Printed } from './aws-cli';

const FINANCE: AccountRef = { kind: 'tenant', name: 'finance' };
const POLICY_ARN = 'arn:aws:iam::222222222222:policy/amazon_restricted_role_permissions';

describe('AWS CLI v2 round trip: Apply Policies, then aws iam, then Check Drift', function () {
  this.timeout(120_000);
  let fx: Fixture;
  let sb: CliSandbox;

  before(async function () {
    const bin = requireAwsCli(this);
    // An empty tenant account, applied by the core functions behind "Apply Policies" and "Check Drift".
    fx = await makeFixture({ seed: { tenantRoles: false } });
    await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin-deployer'));
    sb = await CliSandbox.create(bin, fx.emu);
  });
  after(async () => {
    await sb?.close();
    await fx?.close();
  });

  /** `aws … --profile finance` with the fixture's own config and credentials files (the ones the extension read). */
  const aws = <T = unknown>(args: string[]) =>
    sb.json<Printed<T>>(['--profile', 'finance', ...args], { AWS_CONFIG_FILE: fx.configFile, AWS_SHARED_CREDENTIALS_FILE: fx.credentialsFile });
  const local = async (rel: string) => parse(await fs.readFile(path.join(fx.dir, rel), 'utf8')) as unknown;
  const drift = async () => {
    const r = await prepareAccount(await fx.accounts(), FINANCE, fx.session());
    assert.ok(r.prepared, JSON.stringify(r.failure));
    return r.prepared;
  };

  it('after Apply Policies, aws iam get-role and get-policy-version show exactly the local files', async () => {
    const p = await drift();
    const report = await applyPrepared(p);
    assert.equal(report.failed, undefined, JSON.stringify(report.failed));
    assert.deepEqual(
      report.done.map((s) => s.op),
      ['CreatePolicy', 'CreateRole', 'AttachRolePolicy'],
    );

    const [role, policy, attached] = await Promise.all([
      aws<GetRoleResponse>(['iam', 'get-role', '--role-name', 'vsa-role']),
      aws<GetPolicyResponse>(['iam', 'get-policy', '--policy-arn', POLICY_ARN]),
      aws<ListAttachedRolePoliciesResponse>(['iam', 'list-attached-role-policies', '--role-name', 'vsa-role']),
    ]);
    // IAM's Query API returns AssumeRolePolicyDocument URL-encoded; the CLI decodes and parses it.
    assert.deepEqual(role.Role.AssumeRolePolicyDocument, await local('policies/tenants/finance/amazon_sts_assumerole_tenant.json'));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'amazon_restricted_role_permissions', PolicyArn: POLICY_ARN }]);
    const version = await aws<GetPolicyVersionResponse>([
      'iam',
      'get-policy-version',
      '--policy-arn',
      POLICY_ARN,
      '--version-id',
      policy.Policy.DefaultVersionId,
    ]);
    assert.deepEqual(version.PolicyVersion.Document, await local('policies/amazon_restricted_role_permissions.json'));
    assert.equal(version.PolicyVersion.IsDefaultVersion, true);

    const again = await drift();
    assert.deepEqual(again.plan.steps, []);
    assert.deepEqual(
      again.drift.items.filter((i) => i.status !== 'in-sync'),
      [],
    );
  });

  it('a new default policy version made with aws iam create-policy-version --set-as-default shows as drift', async () => {
    const changed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] };
    await aws(['iam', 'create-policy-version', '--policy-arn', POLICY_ARN, '--policy-document', JSON.stringify(changed), '--set-as-default']);
    const p = await drift();
    const item = p.drift.items.find((i) => i.resource === 'policy')!;
    assert.equal(item.status, 'differs');
    assert.match(item.detail, /^The default version \(v2\) of amazon_restricted_role_permissions differs from /);
    // The drift view shows documents in canonical form (single values as lists, sorted).
    assert.deepEqual(JSON.parse(item.live!), canonical(changed as Json));
    assert.deepEqual(
      p.plan.steps.map((s) => s.op),
      ['CreatePolicyVersion'],
    );
  });

  it('a trust policy replaced with aws iam update-assume-role-policy shows as drift', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::999999999999:root' } }] };
    await aws(['iam', 'update-assume-role-policy', '--role-name', 'vsa-role', '--policy-document', JSON.stringify(trust)]);
    const p = await drift();
    const item = p.drift.items.find((i) => i.resource === 'trust')!;
    assert.equal(item.status, 'differs');
    assert.deepEqual(JSON.parse(item.live!), canonical(trust as Json));
    assert.ok(p.plan.steps.some((s) => s.op === 'UpdateAssumeRolePolicy'));
  });

  it('an inline policy added with aws iam put-role-policy shows as drift (apply leaves it, and says so)', async () => {
    const extra = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    await aws(['iam', 'put-role-policy', '--role-name', 'vsa-role', '--policy-name', 'added-by-hand', '--policy-document', JSON.stringify(extra)]);
    const p = await drift();
    const item = p.drift.items.find((i) => i.resource === 'inline-policy');
    assert.ok(item, `no drift item for the inline policy: ${JSON.stringify(p.drift.items.map((i) => `${i.resource}:${i.name}:${i.status}`))}`);
    assert.equal(item.status, 'differs');
    assert.equal(item.name, 'vsa-role / added-by-hand');
    assert.deepEqual(JSON.parse(item.live!), canonical(extra as Json));
    assert.match(item.detail, /aws iam delete-role-policy --role-name vsa-role --policy-name added-by-hand/);
    assert.ok(
      p.plan.blocked.some((b) => b.includes('added-by-hand')),
      'Apply says it leaves the inline policy',
    );
    assert.ok(!p.plan.steps.some((s) => JSON.stringify(s).includes('added-by-hand')), 'Apply never deletes it');
  });
});
