// Apply policies, drift and export against the emulator: plan, idempotency, versions, ownership, partial failure.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { applyPrepared, prepareAccount, withAdoptions, type AccountRef } from '../../../src/core/aws/account-ops';
import { describeStep, foreignMessage, MANAGED_TAG, OWNER_DESCRIPTION, readLocalAccount } from '../../../src/core/aws/apply';
import { testAssumeRole } from '../../../src/core/aws/assume-role-test';
import { cliScript, cloudFormationTemplate } from '../../../src/core/aws/export';
import { makeFixture, type Fixture } from './fixture';

const FINANCE: AccountRef = { kind: 'tenant', name: 'finance' };
const POLICY_ARN = 'arn:aws:iam::222222222222:policy/amazon_restricted_role_permissions';

describe('aws apply policies (emulator)', function () {
  this.timeout(30000);
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture({ seed: { tenantRoles: false } });
    // Applying needs IAM rights: the seeded deployer user, not the access node's role.
    await fx.editAccounts((j) => (j.admins[0].profile = 'msp-admin-deployer'));
  });
  afterEach(() => fx.close());

  const prepare = async (ref: AccountRef = FINANCE) => {
    const r = await prepareAccount(await fx.accounts(), ref, fx.session());
    assert.ok(r.prepared, JSON.stringify(r.failure));
    return r.prepared;
  };

  it('plans the policy, role and attachment for an empty tenant, applies them, and a second plan is empty', async () => {
    const p = await prepare();
    assert.deepEqual(
      p.plan.steps.map((s) => s.op),
      ['CreatePolicy', 'CreateRole', 'AttachRolePolicy'],
    );
    assert.deepEqual(
      p.plan.diffs.map((d) => `${d.resource}:${d.status}`),
      ['policy:missing', 'trust:missing'],
    );
    assert.match(describeStep(p.plan.steps[0]), /^iam:CreatePolicy arn:aws:iam::222222222222:policy\/amazon_restricted_role_permissions/);
    const report = await applyPrepared(p);
    assert.equal(report.failed, undefined);
    assert.equal(report.done.length, 3);
    const tenant = fx.emu.state.accounts['222222222222'];
    assert.equal(tenant.roles['vsa-role'].tags[MANAGED_TAG.key], 'true', 'the role apply created is tagged as ours');
    assert.equal(tenant.policies[POLICY_ARN].tags[MANAGED_TAG.key], 'true', 'the policy apply created is tagged as ours');
    assert.deepEqual(p.plan.foreign, []);
    const again = await prepare();
    assert.deepEqual(again.plan.steps, [], 'idempotent');
    assert.ok(again.drift.items.every((i) => i.status === 'in-sync'));
    // The applied role really works for the admin.
    const t = await testAssumeRole(await fx.accounts(), 'finance', fx.session(), {
      durationSeconds: 3600,
      sessionNamePrefix: 'cab',
      simulatePermissions: true,
    });
    assert.equal(t.ok, true, JSON.stringify(t.failure));
    assert.deepEqual(t.missingActions, []);
  });

  it('finds nothing to do for the admin account seeded from the same files (instance profile included)', async () => {
    const p = await prepare({ kind: 'admin', name: 'msp' });
    assert.deepEqual(p.plan.steps, []);
    assert.ok(p.drift.items.some((i) => i.resource === 'instance-profile' && i.status === 'in-sync'));
  });

  it('creates the instance profile for an iamRole admin when it is missing', async () => {
    const fx2 = await makeFixture({ seed: { tenantRoles: false } });
    try {
      await fx2.editAccounts((j) => {
        j.admins[0].profile = 'msp-admin-deployer';
        j.admins[0].hypervisor.roleArn = 'arn:aws:iam::111111111111:role/new-admin-role';
      });
      const r = await prepareAccount(await fx2.accounts(), { kind: 'admin', name: 'msp' }, fx2.session());
      assert.deepEqual(
        r.prepared!.plan.steps.map((s) => s.op),
        ['CreateRole', 'AttachRolePolicy', 'AttachRolePolicy', 'CreateInstanceProfile', 'AddRoleToInstanceProfile'],
      );
      const rep = await applyPrepared(r.prepared!);
      assert.equal(rep.failed, undefined);
      assert.deepEqual(fx2.emu.state.accounts['111111111111'].instanceProfiles['new-admin-role'].roles, ['new-admin-role']);
    } finally {
      await fx2.close();
    }
  });

  describe('accessKey admin', () => {
    const ADMIN_ID = '111111111111';
    const MSP: AccountRef = { kind: 'admin', name: 'msp' };
    const useUser = (userArn: string) =>
      fx.editAccounts((j) => {
        const a = j.admins[0];
        a.hypervisor.authentication = 'accessKey';
        a.hypervisor.userArn = userArn;
        // An accessKey admin has no role, so no trust policy or instance profile either.
        delete a.hypervisor.roleArn;
        delete a.policies!.trust;
      });

    it('attaches the permissions policies to the IAM user, and a second apply has nothing to do', async () => {
      // The seeded policies already exist in the admin account; the user (under a path) has none attached.
      fx.emu.createUser(ADMIN_ID, 'backup', [], { path: '/division/' });
      await useUser(`arn:aws:iam::${ADMIN_ID}:user/division/backup`);
      const p = await prepare(MSP);
      const policyArns = [`arn:aws:iam::${ADMIN_ID}:policy/amazon_sts_assumerole`, `arn:aws:iam::${ADMIN_ID}:policy/amazon_restricted_role_permissions`];
      assert.deepEqual(
        p.plan.steps.map((s) => [s.op, 'userName' in s ? s.userName : '', 'policyArn' in s ? s.policyArn : '']),
        policyArns.map((arn) => ['AttachUserPolicy', 'backup', arn]),
      );
      assert.deepEqual(p.plan.blocked, []);
      assert.deepEqual(
        p.drift.items.filter((i) => i.resource === 'attachment').map((i) => `${i.name}:${i.status}`),
        ['backup ← amazon_sts_assumerole:missing', 'backup ← amazon_restricted_role_permissions:missing'],
      );
      assert.match(describeStep(p.plan.steps[0]), /^iam:AttachUserPolicy backup — Attach amazon_sts_assumerole to user backup$/);
      const report = await applyPrepared(p);
      assert.equal(report.failed, undefined);
      assert.deepEqual(fx.emu.state.accounts[ADMIN_ID].users['backup'].attachedPolicies, policyArns);
      const again = await prepare(MSP);
      assert.ok(!again.plan.steps.some((s) => s.op === 'AttachUserPolicy'), 'idempotent');
      assert.deepEqual(again.plan.steps, []);
      assert.ok(again.drift.items.every((i) => i.status === 'in-sync'));
    });

    it('resumes user attachments after a failure', async () => {
      fx.emu.createUser(ADMIN_ID, 'backup');
      await useUser(`arn:aws:iam::${ADMIN_ID}:user/backup`);
      fx.emu.faults.set({ http500: 1, actions: ['AttachUserPolicy'] });
      const first = await applyPrepared(await prepare(MSP));
      assert.equal(first.failed?.step.op, 'AttachUserPolicy');
      assert.deepEqual(
        first.notRun.map((s) => s.op),
        ['AttachUserPolicy'],
      );
      fx.emu.faults.clear();
      const rep = await applyPrepared(await prepare(MSP));
      assert.equal(rep.failed, undefined);
      assert.equal(rep.done.length, 2);
      assert.deepEqual((await prepare(MSP)).plan.steps, []);
    });

    it('reports a missing IAM user as drift and blocks its attachments instead of failing', async () => {
      await useUser(`arn:aws:iam::${ADMIN_ID}:user/ghost`);
      const p = await prepare(MSP);
      assert.ok(!p.plan.steps.some((s) => s.op === 'AttachUserPolicy'));
      const item = p.drift.items.find((i) => i.resource === 'attachment' && i.name === 'ghost');
      assert.ok(item, JSON.stringify(p.drift.items));
      assert.equal(item.status, 'missing');
      assert.match(item.detail, /IAM user ghost .*does not exist: create the user .*first/);
      assert.match(p.plan.blocked.join('\n'), /IAM user ghost .*never creates IAM users or keys/);
      const report = await applyPrepared(p);
      assert.equal(report.failed, undefined);
      assert.equal(fx.emu.state.accounts[ADMIN_ID].users['ghost'], undefined, 'never creates the user');
    });
  });

  it('updates a changed trust policy and shows live vs local for the diff', async () => {
    await applyPrepared(await prepare());
    const trustFile = path.join(fx.dir, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json');
    const doc = JSON.parse(await fs.readFile(trustFile, 'utf8'));
    doc.Statement.Condition.StringEquals['sts:ExternalId'] = 'rotated-0001';
    await fs.writeFile(trustFile, JSON.stringify(doc, null, 4));
    const p = await prepare();
    assert.deepEqual(
      p.plan.steps.map((s) => s.op),
      ['UpdateAssumeRolePolicy'],
    );
    const diff = p.plan.diffs[0];
    assert.equal(diff.resource, 'trust');
    assert.match(diff.live!, /msp-finance-7f3a/);
    assert.match(diff.local!, /rotated-0001/);
    await applyPrepared(p);
    assert.deepEqual((await prepare()).plan.steps, []);
  });

  it('adds a default version for a changed policy and deletes the oldest non-default one of its own policy at 5 versions', async () => {
    await applyPrepared(await prepare());
    const file = path.join(fx.dir, 'policies/amazon_restricted_role_permissions.json');
    const original = JSON.parse(await fs.readFile(file, 'utf8'));
    for (let i = 2; i <= 5; i++) fx.emu.createPolicyVersion(POLICY_ARN, { ...original, Statement: original.Statement.slice(0, i) }, false);
    original.Statement = original.Statement.slice(1);
    await fs.writeFile(file, JSON.stringify(original));
    const p = await prepare();
    assert.deepEqual(
      p.plan.steps.map((s) => s.op),
      ['DeletePolicyVersion', 'CreatePolicyVersion'],
    );
    assert.equal((p.plan.steps[0] as { versionId: string }).versionId, 'v2');
    await applyPrepared(p);
    const mp = fx.emu.state.accounts['222222222222'].policies[POLICY_ARN];
    assert.equal(mp.versions.length, 5);
    assert.equal(mp.defaultVersionId, 'v6');
    assert.equal(fx.emu.calls.find((c) => c.action === 'CreatePolicy')?.params.Description, OWNER_DESCRIPTION);
  });

  it('never changes a managed policy it did not create: no new version, no deleted version, and the plan says whose it is', async () => {
    const file = path.join(fx.dir, 'policies/amazon_restricted_role_permissions.json');
    const doc = JSON.parse(await fs.readFile(file, 'utf8'));
    fx.emu.createPolicy(
      '222222222222',
      'amazon_restricted_role_permissions',
      { ...doc, Statement: doc.Statement.slice(0, 1) },
      { description: 'Owned by the platform team' },
    );
    for (let i = 2; i <= 5; i++) fx.emu.createPolicyVersion(POLICY_ARN, { ...doc, Statement: doc.Statement.slice(0, i) }, false);
    const p = await prepare();
    assert.ok(!p.plan.steps.some((s) => s.op === 'DeletePolicyVersion' || s.op === 'CreatePolicyVersion'));
    assert.deepEqual(
      p.plan.foreign.map((f) => [f.kind, f.name, f.adopted, f.changes.length]),
      [['policy', 'amazon_restricted_role_permissions', false, 2]],
    );
    assert.match(
      foreignMessage(p.plan.foreign[0]),
      /Managed policy amazon_restricted_role_permissions exists but apply did not create it .*someone else's.*--adopt amazon_restricted_role_permissions/,
    );
    await applyPrepared(p);
    const mp = fx.emu.state.accounts['222222222222'].policies[POLICY_ARN];
    assert.equal(mp.versions.length, 5);
    assert.equal(mp.defaultVersionId, 'v1');
  });

  it('leaves a role it did not create (owner=security-team) untouched unless adopted by name; adopting tags it, then changes it', async () => {
    const trustFile = path.join(fx.dir, 'policies/tenants/finance/amazon_sts_assumerole_tenant.json');
    const theirs = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::333333333333:root' } } };
    fx.emu.createRole('222222222222', 'vsa-role', theirs, { tags: { owner: 'security-team' } });
    const p = await prepare();
    assert.ok(!p.plan.steps.some((s) => s.op === 'UpdateAssumeRolePolicy' || s.op === 'AttachRolePolicy'), JSON.stringify(p.plan.steps.map((s) => s.op)));
    const role = p.plan.foreign.find((f) => f.kind === 'role')!;
    assert.equal(role.name, 'vsa-role');
    assert.deepEqual(role.changes, [
      'Replace the trust policy of vsa-role with policies/tenants/finance/amazon_sts_assumerole_tenant.json',
      'Attach amazon_restricted_role_permissions to role vsa-role',
    ]);
    await applyPrepared(p);
    const live = fx.emu.state.accounts['222222222222'].roles['vsa-role'];
    assert.deepEqual(live.trustPolicy, theirs, 'the foreign trust policy is untouched');
    assert.deepEqual(live.attachedPolicies, []);
    assert.equal(live.tags[MANAGED_TAG.key], undefined);

    const adopted = withAdoptions(await prepare(), ['vsa-role']);
    assert.deepEqual(
      adopted.plan.steps.map((s) => s.op),
      ['TagRole', 'UpdateAssumeRolePolicy', 'AttachRolePolicy'],
    );
    assert.equal((await applyPrepared(adopted)).failed, undefined);
    const after = fx.emu.state.accounts['222222222222'].roles['vsa-role'];
    assert.equal(after.tags[MANAGED_TAG.key], 'true');
    assert.equal(after.tags.owner, 'security-team', 'adopting adds our tag and keeps theirs');
    assert.deepEqual(after.trustPolicy, JSON.parse(await fs.readFile(trustFile, 'utf8')));
    const next = await prepare();
    assert.deepEqual(next.plan.steps, []);
    assert.deepEqual(next.plan.foreign, [], 'once adopted the role is ours');
  });

  it('stops at a failure with a report, and a re-run completes the rest', async () => {
    fx.emu.faults.set({ http500: 10, actions: ['AttachRolePolicy'] });
    const first = await applyPrepared(await prepare());
    assert.deepEqual(
      first.done.map((s) => s.op),
      ['CreatePolicy', 'CreateRole'],
    );
    assert.equal(first.failed?.step.op, 'AttachRolePolicy');
    assert.equal(first.failed?.failure.kind, 'service-error');
    fx.emu.faults.clear();
    fx.emu.clearCalls();
    const second = await prepare();
    assert.deepEqual(
      second.plan.steps.map((s) => s.op),
      ['AttachRolePolicy'],
    );
    const rep = await applyPrepared(second);
    assert.equal(rep.failed, undefined);
    assert.ok(!fx.emu.calls.some((c) => c.action?.startsWith('Create')));
  });

  it('stops before the next call when cancelled', async () => {
    const controller = new AbortController();
    const p = await prepare();
    const rep = await applyPrepared(p, { signal: controller.signal, onStep: (_s, state) => state === 'done' && controller.abort() });
    assert.equal(rep.cancelled, true);
    assert.equal(rep.done.length, 1);
    assert.deepEqual(
      rep.notRun.map((s) => s.op),
      ['CreateRole', 'AttachRolePolicy'],
    );
  });

  it('reports drift when someone changes the live trust policy', async () => {
    await applyPrepared(await prepare());
    fx.emu.updateAssumeRolePolicy('222222222222', 'vsa-role', {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } },
    });
    const p = await prepare();
    const trust = p.drift.items.find((i) => i.resource === 'trust')!;
    assert.equal(trust.status, 'differs');
    assert.match(trust.live!, /"\*"/);
  });

  it('reports an inline policy added to the role by hand as drift, and leaves it out of the plan', async () => {
    await applyPrepared(await prepare());
    fx.emu.putRolePolicy('222222222222', 'vsa-role', 'added-by-hand', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    const p = await prepare();
    const inline = p.drift.items.find((i) => i.resource === 'inline-policy');
    assert.equal(inline?.status, 'differs');
    assert.equal(inline?.name, 'vsa-role / added-by-hand');
    assert.match(inline!.live!, /"s3:\*"/);
    assert.deepEqual(p.plan.steps, [], 'nothing is deleted');
    assert.equal(p.plan.blocked.length, 1);
    assert.match(p.plan.blocked[0]!, /aws iam delete-role-policy --role-name vsa-role --policy-name added-by-hand/);
  });

  it('reports a denied IAM read as a failure instead of planning', async () => {
    await fx.editAccounts((j) => (j.tenants[0].profile = 'msp-admin'));
    const r = await prepareAccount(await fx.accounts(), FINANCE, fx.session());
    assert.equal(r.prepared, undefined);
    assert.equal(r.failure?.kind, 'access-denied');
  });

  it('exports a CloudFormation template with AdminAccountId and ExternalId parameters, and a valid bash script', async () => {
    const accounts = await fx.accounts();
    const tenant = accounts.topology.tenants[0];
    const local = await readLocalAccount(accounts, tenant, 'tenant');
    const t = JSON.parse(cloudFormationTemplate(local, tenant, accounts.topology.admins[0]));
    assert.equal(t.Parameters.ExternalId.Default, 'msp-finance-7f3a');
    assert.equal(t.Parameters.AdminAccountId.Default, '111111111111');
    const trust = t.Resources.BackupRole.Properties.AssumeRolePolicyDocument;
    assert.deepEqual(trust.Statement.Principal.AWS, { 'Fn::Sub': 'arn:aws:iam::${AdminAccountId}:root' });
    assert.deepEqual(trust.Statement.Condition.StringEquals['sts:ExternalId'], { Ref: 'ExternalId' });
    assert.deepEqual(t.Resources.BackupRole.Properties.ManagedPolicyArns, [{ Ref: 'AmazonRestrictedRolePermissionsPolicy' }]);
    assert.equal(t.Resources.AmazonRestrictedRolePermissionsPolicy.Type, 'AWS::IAM::ManagedPolicy');
    const script = cliScript(local, tenant);
    const file = path.join(fx.dir, 'apply.sh');
    await fs.writeFile(file, script);
    execFileSync('bash', ['-n', file]);
    assert.match(script, /aws iam create-role --role-name 'vsa-role'/);
    assert.match(
      script,
      /attach-role-policy --role-name 'vsa-role' --policy-arn "arn:\$PARTITION:iam::\$ACCOUNT_ID:policy\/amazon_restricted_role_permissions"/,
    );
  });
});
