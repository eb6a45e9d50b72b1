// Each vendor rule on the accounts file: fires on the smallest file that breaks it, on the narrowest range, and stays quiet otherwise.
import * as assert from 'node:assert/strict';
import { lint, valid, type Run } from './helpers';

/** Asserts exactly one finding with `code`, on the range of `path`, with the given severity; returns it. */
function one(run: Run, code: string, path: (string | number)[], severity: string, key = false) {
  const found = run.of(code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(run.findings.map((f) => f.code))}`);
  assert.deepEqual(found[0].range, run.at(path, key), `${code} range: underlined ${JSON.stringify(run.text(found[0]))}`);
  assert.equal(found[0].severity, severity);
  assert.match(found[0].message, /: .+\.$/, 'the message says what is wrong, then how to fix it');
  return found[0];
}

describe('topology rules', () => {
  it('the valid fixture has no findings at all', async () => {
    const run = await lint(valid());
    assert.deepEqual(run.findings, []);
  });

  describe('account-id-format', () => {
    it('fires on an 11-digit account id, on the value', async () => {
      const v = valid();
      v.tenants[0].accountId = '22222222222';
      const f = one(await lint(v), 'account-id-format', ['tenants', 0, 'accountId'], 'error');
      assert.match(f.message, /12 digits/);
    });
    it('suggests the digits when the id has dashes', async () => {
      const v = valid();
      v.admins[0].accountId = '1111-1111-1111';
      v.admins[0].hypervisor.roleArn = 'arn:aws:iam::111111111111:role/x';
      const f = one(await lint(v), 'account-id-format', ['admins', 0, 'accountId'], 'error');
      assert.match(f.message, /`111111111111`/);
    });
    it('does not fire on 12 digits with leading zeros', async () => {
      const v = valid();
      v.tenants[0].accountId = '012345678901';
      v.tenants[0].hypervisor.roleArn = 'arn:aws:iam::012345678901:role/vsa-role';
      assert.deepEqual((await lint(v)).findings, []);
    });
  });

  describe('duplicate-account', () => {
    it('fires on the second entry with the same account id', async () => {
      const v = valid();
      v.tenants.push({ ...structuredClone(v.tenants[0]), name: 'hr' });
      const f = one(await lint(v), 'duplicate-account', ['tenants', 1, 'accountId'], 'error');
      assert.match(f.message, /tenant `finance`/);
    });
    it('fires on a tenant named like the admin, on the name', async () => {
      const v = valid();
      v.tenants[0].name = 'msp';
      one(await lint(v), 'duplicate-account', ['tenants', 0, 'name'], 'error');
    });
    it('does not fire for distinct names and ids', async () => {
      const v = valid();
      const hr = structuredClone(v.tenants[0]);
      Object.assign(hr, { name: 'hr', accountId: '333333333333' });
      hr.hypervisor.roleArn = 'arn:aws:iam::333333333333:role/vsa-role';
      v.tenants.push(hr);
      assert.deepEqual((await lint(v)).of('duplicate-account'), []);
    });
  });

  describe('role-arn-account-mismatch', () => {
    it('fires when the tenant role is in another account, on the ARN', async () => {
      const v = valid();
      v.tenants[0].hypervisor.roleArn = 'arn:aws:iam::333333333333:role/vsa-role';
      const f = one(await lint(v), 'role-arn-account-mismatch', ['tenants', 0, 'hypervisor', 'roleArn'], 'error');
      assert.match(f.message, /333333333333/);
    });
    it('fires for an admin too', async () => {
      const v = valid();
      v.admins[0].hypervisor.roleArn = 'arn:aws:iam::999999999999:role/vsa-assume-role';
      one(await lint(v), 'role-arn-account-mismatch', ['admins', 0, 'hypervisor', 'roleArn'], 'error');
    });
    it('does not fire when the accounts match', async () => {
      assert.deepEqual((await lint(valid())).of('role-arn-account-mismatch'), []);
    });
  });

  describe('unknown-admin', () => {
    it('fires on the tenant admin value and suggests the existing admins', async () => {
      const v = valid();
      v.tenants[0].admin = 'mps';
      const f = one(await lint(v), 'unknown-admin', ['tenants', 0, 'admin'], 'error');
      assert.match(f.message, /`msp`/);
    });
    it('does not fire when the admin exists', async () => {
      assert.deepEqual((await lint(valid())).of('unknown-admin'), []);
    });
  });

  describe('admin-uses-admin-resources', () => {
    it('fires on useAdminAccountResources: true of an admin hypervisor', async () => {
      const v = valid();
      v.admins[0].hypervisor.useAdminAccountResources = true;
      one(await lint(v), 'admin-uses-admin-resources', ['admins', 0, 'hypervisor', 'useAdminAccountResources'], 'error');
    });
    it('does not fire on tenants, which use them', async () => {
      assert.deepEqual((await lint(valid())).of('admin-uses-admin-resources'), []);
    });
  });

  describe('tenant-auth-method', () => {
    it('fires on a tenant authenticating with iamRole, on the authentication value', async () => {
      const v = valid();
      v.tenants[0].hypervisor.authentication = 'iamRole';
      one(await lint(v), 'tenant-auth-method', ['tenants', 0, 'hypervisor', 'authentication'], 'error');
    });
    it('does not fire on accessKey or stsAssumeRole', async () => {
      const v = valid();
      v.tenants[0].hypervisor.authentication = 'accessKey';
      assert.deepEqual((await lint(v)).of('tenant-auth-method'), []);
      assert.deepEqual((await lint(valid())).of('tenant-auth-method'), []);
    });
  });

  describe('iam-role-needs-ec2-access-node', () => {
    it('fires when no access node has an instanceId', async () => {
      const v = valid();
      for (const n of v.admins[0].hypervisor.accessNodes) delete n.instanceId;
      one(await lint(v), 'iam-role-needs-ec2-access-node', ['admins', 0, 'hypervisor', 'authentication'], 'error');
    });
    it('fires when there are no access nodes', async () => {
      const v = valid();
      delete v.admins[0].hypervisor.accessNodes;
      v.tenants[0].vmGroups = [];
      v.tenants[0].restores = [];
      one(await lint(v), 'iam-role-needs-ec2-access-node', ['admins', 0, 'hypervisor', 'authentication'], 'error');
    });
    it('does not fire with one EC2 access node, nor for stsAssumeRole', async () => {
      const v = valid();
      delete v.admins[0].hypervisor.accessNodes[1].instanceId;
      assert.deepEqual((await lint(v)).of('iam-role-needs-ec2-access-node'), []);
      const w = valid();
      w.admins[0].hypervisor.authentication = 'stsAssumeRole';
      for (const n of w.admins[0].hypervisor.accessNodes) delete n.instanceId;
      assert.deepEqual((await lint(w)).of('iam-role-needs-ec2-access-node'), []);
    });
  });

  describe('backup-region-mismatch', () => {
    it('fires on the VM group region with no admin access node', async () => {
      const v = valid();
      v.tenants[0].vmGroups[0].regions = ['us-east-1', 'eu-west-1'];
      const f = one(await lint(v), 'backup-region-mismatch', ['tenants', 0, 'vmGroups', 0, 'regions', 1], 'error');
      assert.match(f.message, /same region/);
    });
    it('counts a node known only by its availability zone as being in that region', async () => {
      const v = valid();
      delete v.admins[0].hypervisor.accessNodes[1].region;
      v.tenants[0].vmGroups[0].regions = ['us-west-2'];
      assert.deepEqual((await lint(v)).of('backup-region-mismatch'), []);
    });
    it('does not fire for a tenant that does not use the admin resources', async () => {
      const v = valid();
      v.tenants[0].hypervisor.useAdminAccountResources = false;
      v.tenants[0].vmGroups[0].regions = ['eu-west-1'];
      assert.deepEqual((await lint(v)).of('backup-region-mismatch'), []);
    });
  });

  describe('restore-az-mismatch', () => {
    it('fires on the restore zone with no admin access node and offers the zone that has one', async () => {
      const v = valid();
      v.tenants[0].restores[0].availabilityZone = 'us-east-1b';
      const f = one(await lint(v), 'restore-az-mismatch', ['tenants', 0, 'restores', 0, 'availabilityZone'], 'error');
      assert.match(f.message, /same availability zone/);
      assert.match(f.message, /`us-east-1a`/);
    });
    it('does not fire when a node is in that zone', async () => {
      const v = valid();
      v.tenants[0].restores = [{ availabilityZone: 'us-west-2b' }];
      assert.deepEqual((await lint(v)).of('restore-az-mismatch'), []);
    });
  });

  describe('cross-account-replication', () => {
    for (const transport of ['hotAdd', 'importExport']) {
      it(`fires on ${transport} replication while using admin resources, on the transport`, async () => {
        const v = valid();
        v.tenants[0].replications = [{ transport, source: 'vmware' }];
        one(await lint(v), 'cross-account-replication', ['tenants', 0, 'replications', 0, 'transport'], 'error');
      });
    }
    it('does not fire when the tenant uses its own resources', async () => {
      const v = valid();
      v.tenants[0].hypervisor.useAdminAccountResources = false;
      v.tenants[0].replications = [{ transport: 'hotAdd', source: 'aws' }];
      assert.deepEqual((await lint(v)).of('cross-account-replication'), []);
    });
  });

  describe('cross-account-conversion', () => {
    it('fires on a hotAdd conversion while using admin resources', async () => {
      const v = valid();
      v.tenants[0].conversions = [{ transport: 'hotAdd', source: 'hyperv' }];
      one(await lint(v), 'cross-account-conversion', ['tenants', 0, 'conversions', 0, 'transport'], 'error');
    });
    it('does not fire on importExport conversions', async () => {
      const v = valid();
      v.tenants[0].conversions = [{ transport: 'importExport', source: 'azure' }];
      assert.deepEqual((await lint(v)).of('cross-account-conversion'), []);
    });
  });

  describe('volume-tags-not-restored', () => {
    for (const from of ['streaming', 'backupCopy']) {
      it(`informs on restores from ${from}, on the from value`, async () => {
        const v = valid();
        v.tenants[0].restores[0].from = from;
        one(await lint(v), 'volume-tags-not-restored', ['tenants', 0, 'restores', 0, 'from'], 'info');
      });
    }
    it('does not fire on snapshot restores', async () => {
      assert.deepEqual((await lint(valid())).of('volume-tags-not-restored'), []);
    });
  });

  describe('backup-copy-with-assume-role', () => {
    it('warns on backupCopy: true for an stsAssumeRole tenant, on the value', async () => {
      const v = valid();
      v.tenants[0].vmGroups[0].backupCopy = true;
      one(await lint(v), 'backup-copy-with-assume-role', ['tenants', 0, 'vmGroups', 0, 'backupCopy'], 'warning');
    });
    it('does not fire for an access-key tenant', async () => {
      const v = valid();
      v.tenants[0].hypervisor.authentication = 'accessKey';
      v.tenants[0].vmGroups[0].backupCopy = true;
      assert.deepEqual((await lint(v)).of('backup-copy-with-assume-role'), []);
    });
  });

  describe('automatic-service-hypervisor-no-access-nodes', () => {
    it('warns on createdAutomatically with no access nodes', async () => {
      const v = valid();
      v.admins[0].hypervisor.createdAutomatically = true;
      v.admins[0].hypervisor.authentication = 'accessKey';
      v.admins[0].hypervisor.accessNodes = [];
      v.tenants[0].vmGroups = [];
      v.tenants[0].restores = [];
      one(await lint(v), 'automatic-service-hypervisor-no-access-nodes', ['admins', 0, 'hypervisor', 'createdAutomatically'], 'warning');
    });
    it('does not fire once access nodes are listed', async () => {
      const v = valid();
      v.admins[0].hypervisor.createdAutomatically = true;
      assert.deepEqual((await lint(v)).of('automatic-service-hypervisor-no-access-nodes'), []);
    });
  });

  describe('policy-outside-workspace', () => {
    it('warns on a path that climbs out of the workspace with ../..', async () => {
      const v = valid();
      v.tenants[0].policies.trust = '../../etc/trust.json';
      const f = one(await lint(v), 'policy-outside-workspace', ['tenants', 0, 'policies', 'trust'], 'warning');
      assert.match(f.message, /`\.\.\/\.\.\/etc\/trust\.json` of tenant `finance` is outside the workspace folder.*sent to AWS IAM on apply/);
    });
    it('warns on an absolute path elsewhere, by permissions index', async () => {
      const v = valid();
      v.admins[0].policies.permissions.push('/home/someone/perms.json');
      one(await lint(v), 'policy-outside-workspace', ['admins', 0, 'policies', 'permissions', 1], 'warning');
    });
    it('stays quiet for paths inside the workspace, even through ..', async () => {
      const v = valid();
      v.tenants[0].policies.trust = 'policies/../policies/tenants/finance/trust.json';
      assert.deepEqual((await lint(v)).of('policy-outside-workspace'), []);
    });
  });

  describe('missing-policy-file', () => {
    it('fires on the path of a file that does not exist', async () => {
      const v = valid();
      v.tenants[0].policies.trust = 'policies/tenants/finance/trst.json';
      const f = one(await lint(v), 'missing-policy-file', ['tenants', 0, 'policies', 'trust'], 'error');
      assert.match(f.message, /trst\.json/);
      assert.equal(f.data?.path, 'file:///ws/policies/tenants/finance/trst.json');
    });
    it('fires on the permissions entry, by index', async () => {
      const v = valid();
      v.admins[0].policies.permissions.push('policies/nope.json');
      one(await lint(v), 'missing-policy-file', ['admins', 0, 'policies', 'permissions', 1], 'error');
    });
    it('resolves paths relative to the accounts file, with either slash', async () => {
      const v = valid();
      v.tenants[0].policies.trust = 'policies\\tenants\\finance\\trust.json';
      assert.deepEqual((await lint(v)).of('missing-policy-file'), []);
    });
  });

  describe('missing-permissions-policy', () => {
    it('warns on an empty permissions list, on the list', async () => {
      const v = valid();
      v.tenants[0].policies.permissions = [];
      one(await lint(v), 'missing-permissions-policy', ['tenants', 0, 'policies', 'permissions'], 'warning');
    });
    it('warns on the policies key when it has no permissions', async () => {
      const v = valid();
      delete v.admins[0].policies.permissions;
      one(await lint(v), 'missing-permissions-policy', ['admins', 0, 'policies'], 'warning', true);
    });
    it('warns on the name when there are no policies at all', async () => {
      const v = valid();
      delete v.tenants[0].policies;
      one(await lint(v), 'missing-permissions-policy', ['tenants', 0, 'name'], 'warning');
    });
    it('does not fire when a permissions policy is listed', async () => {
      assert.deepEqual((await lint(valid())).of('missing-permissions-policy'), []);
    });
  });
});
