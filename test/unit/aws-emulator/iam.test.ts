import assert from 'node:assert/strict';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyVersionCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListPolicyTagsCommand,
  ListRoleTagsCommand,
  SetDefaultPolicyVersionCommand,
  SimulatePrincipalPolicyCommand,
  TagPolicyCommand,
  TagRoleCommand,
  UntagPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListPolicies,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { ADMIN, TENANT, allowIam, awsError, iam, trustAccount } from './helpers';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('aws-emulator IAM', () => {
  let emu: Emulator;
  let client: IAMClient;
  beforeEach(async () => {
    emu = await startEmulator();
    client = iam(emu, emu.createUser(TENANT, 'deployer', [allowIam]));
  });
  afterEach(async () => {
    await emu.close();
  });

  it('creates a managed policy and returns its document URL-encoded, as AWS does', async () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]\n}';
    const created = await client.send(new CreatePolicyCommand({ PolicyName: 'backup-perms', PolicyDocument: text, Description: 'for tests' }));
    assert.equal(created.Policy?.Arn, `arn:aws:iam::${TENANT}:policy/backup-perms`);
    assert.equal(created.Policy?.DefaultVersionId, 'v1');
    assert.match(created.Policy?.PolicyId ?? '', /^ANPA/);
    const v = await client.send(new GetPolicyVersionCommand({ PolicyArn: created.Policy!.Arn, VersionId: 'v1' }));
    assert.match(v.PolicyVersion!.Document!, /^%7B%0A/);
    assert.equal(decodeURIComponent(v.PolicyVersion!.Document!), text);
    assert.equal(v.PolicyVersion?.IsDefaultVersion, true);
    const again = await awsError(client.send(new CreatePolicyCommand({ PolicyName: 'backup-perms', PolicyDocument: text })));
    assert.equal(again.code, 'EntityAlreadyExists');
    assert.equal(again.name, 'EntityAlreadyExistsException');
    assert.equal(again.status, 409);
    assert.equal(again.message, 'A policy called backup-perms already exists. Duplicate names are not allowed.');
  });

  it('keeps at most 5 versions: LimitExceeded, DeleteConflict on the default, then a new default', async () => {
    const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('ec2:A*') }))).Policy!.Arn!;
    for (const a of ['ec2:B*', 'ec2:C*', 'ec2:D*', 'ec2:E*'])
      await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(a), SetAsDefault: true }));
    const limit = await awsError(client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('ec2:F*'), SetAsDefault: true })));
    assert.equal(limit.code, 'LimitExceeded');
    assert.equal(limit.message, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    const versions = (await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!;
    assert.deepEqual(
      versions.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ['v5', true],
        ['v4', false],
        ['v3', false],
        ['v2', false],
        ['v1', false],
      ],
    );
    const conflict = await awsError(client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })));
    assert.equal(conflict.code, 'DeleteConflict');
    assert.equal(conflict.message, 'Cannot delete the default version of a policy.');
    await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    const v6 = await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('ec2:F*'), SetAsDefault: false }));
    assert.equal(v6.PolicyVersion?.VersionId, 'v6');
    await client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
    assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v6');
    assert.deepEqual(emu.state.accounts[TENANT]!.policies[arn]!.document, JSON.parse(doc('ec2:F*')));
    const missing = await awsError(client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })));
    assert.equal(missing.code, 'NoSuchEntity');
    assert.equal(missing.status, 404);
    assert.equal(missing.message, `Policy ${arn} version v1 does not exist or is not attachable.`);
  });

  it('rejects malformed documents with MalformedPolicyDocument and oversized ones with LimitExceeded', async () => {
    const cases: [string, string][] = [
      ['{ not json', 'This policy contains invalid Json'],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Principal: '*' }] }),
        'Policy document should not specify a principal.',
      ],
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: 's3:*', Resource: '*' }] }), ''],
    ];
    for (const [text, message] of cases) {
      const e = await awsError(client.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: text })));
      assert.equal(e.code, 'MalformedPolicyDocument', text);
      if (message) assert.equal(e.message, message);
      else assert.match(e.message, /^Syntax errors in policy\./);
    }
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: Array.from({ length: 400 }, (_, i) => `ec2:Describe${i}Things`), Resource: '*' }],
    });
    assert.equal(
      (await awsError(client.send(new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: big })))).message,
      'Cannot exceed quota for PolicySize: 6144',
    );
  });

  it('lists local policies with paging', async () => {
    for (let i = 0; i < 5; i++) await client.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: doc('s3:GetObject') }));
    const first = await client.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 2 }));
    assert.equal(first.Policies?.length, 2);
    assert.equal(first.IsTruncated, true);
    const names: string[] = [];
    for await (const page of paginateListPolicies({ client, pageSize: 2 }, { Scope: 'Local' })) names.push(...page.Policies!.map((p) => p.PolicyName!));
    assert.deepEqual(names, ['p0', 'p1', 'p2', 'p3', 'p4']);
    assert.equal((await client.send(new ListPoliciesCommand({ Scope: 'AWS' }))).Policies?.length, 0);
  });

  it('creates roles, updates trust, attaches policies, tags', async () => {
    const trust = JSON.stringify(trustAccount(ADMIN, 'ext-1'));
    const created = await client.send(
      new CreateRoleCommand({ RoleName: 'vsa-role', AssumeRolePolicyDocument: trust, MaxSessionDuration: 7200, Tags: [{ Key: 'app', Value: 'backup' }] }),
    );
    assert.equal(created.Role?.Arn, `arn:aws:iam::${TENANT}:role/vsa-role`);
    assert.match(created.Role?.RoleId ?? '', /^AROA/);
    const dup = await awsError(client.send(new CreateRoleCommand({ RoleName: 'vsa-role', AssumeRolePolicyDocument: trust })));
    assert.equal(dup.message, 'Role with name vsa-role already exists.');
    const got = await client.send(new GetRoleCommand({ RoleName: 'vsa-role' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)), JSON.parse(trust));
    assert.equal(got.Role?.MaxSessionDuration, 7200);
    const missing = await awsError(client.send(new GetRoleCommand({ RoleName: 'nope' })));
    assert.equal(missing.code, 'NoSuchEntity');
    assert.equal(missing.message, 'The role with name nope cannot be found.');

    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } });
    const bad = await awsError(client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'vsa-role', PolicyDocument: noPrincipal })));
    assert.equal(bad.code, 'MalformedPolicyDocument');
    const newTrust = JSON.stringify(trustAccount(ADMIN, 'ext-2'));
    await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'vsa-role', PolicyDocument: newTrust }));
    assert.deepEqual(emu.state.accounts[TENANT]!.roles['vsa-role']!.trustPolicy, JSON.parse(newTrust));

    const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'perms', PolicyDocument: doc('ec2:*') }))).Policy!.Arn!;
    await client.send(new AttachRolePolicyCommand({ RoleName: 'vsa-role', PolicyArn: arn }));
    await client.send(new AttachRolePolicyCommand({ RoleName: 'vsa-role', PolicyArn: arn }));
    const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'vsa-role' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'perms', PolicyArn: arn }]);
    assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    const ghost = await awsError(client.send(new AttachRolePolicyCommand({ RoleName: 'vsa-role', PolicyArn: `arn:aws:iam::${TENANT}:policy/ghost` })));
    assert.equal(ghost.message, `Policy arn:aws:iam::${TENANT}:policy/ghost does not exist or is not attachable.`);

    await client.send(new TagRoleCommand({ RoleName: 'vsa-role', Tags: [{ Key: 'owner', Value: 'msp' }] }));
    assert.deepEqual((await client.send(new ListRoleTagsCommand({ RoleName: 'vsa-role' }))).Tags, [
      { Key: 'app', Value: 'backup' },
      { Key: 'owner', Value: 'msp' },
    ]);
  });

  it('tags managed policies on create and with TagPolicy / UntagPolicy / ListPolicyTags (sorted by key), and GetPolicy returns them', async () => {
    const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: doc('ec2:*'), Tags: [{ Key: 'team', Value: 'platform' }] })))
      .Policy!.Arn!;
    assert.deepEqual((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags, [{ Key: 'team', Value: 'platform' }]);
    await client.send(
      new TagPolicyCommand({
        PolicyArn: arn,
        Tags: [
          { Key: 'cross-account-backup:managed', Value: 'true' },
          { Key: 'team', Value: 'backup' },
        ],
      }),
    );
    assert.deepEqual(
      (await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags,
      [
        { Key: 'cross-account-backup:managed', Value: 'true' },
        { Key: 'team', Value: 'backup' },
      ],
      'an existing key is overwritten',
    );
    await client.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['team'] }));
    assert.deepEqual(emu.state.accounts[TENANT]!.policies[arn]!.tags, { 'cross-account-backup:managed': 'true' });
    const missing = await awsError(client.send(new TagPolicyCommand({ PolicyArn: `arn:aws:iam::${TENANT}:policy/ghost`, Tags: [{ Key: 'a', Value: 'b' }] })));
    assert.equal(missing.code, 'NoSuchEntity');
    // Tags on CreatePolicy need iam:TagPolicy as well.
    const creator = iam(
      emu,
      emu.createUser(TENANT, 'creator', [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:CreatePolicy', Resource: '*' }] }]),
    );
    assert.equal(
      (await awsError(creator.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: doc('ec2:*'), Tags: [{ Key: 'a', Value: 'b' }] })))).code,
      'AccessDenied',
    );
  });

  it("attaches managed policies to users, lists them with paging, and counts them in the user's permissions", async () => {
    const backup = emu.createUser(TENANT, 'backup');
    const backupIam = iam(emu, backup);
    const arns: string[] = [];
    for (const a of ['iam:ListAttachedUserPolicies', 'ec2:Describe*', 's3:GetObject']) {
      arns.push((await client.send(new CreatePolicyCommand({ PolicyName: `p-${arns.length}`, PolicyDocument: doc(a) }))).Policy!.Arn!);
    }
    // Without attachments the user may do nothing, not even list its own policies.
    assert.equal((await awsError(backupIam.send(new ListAttachedUserPoliciesCommand({ UserName: 'backup' })))).code, 'AccessDenied');
    for (const arn of arns) await client.send(new AttachUserPolicyCommand({ UserName: 'backup', PolicyArn: arn }));
    await client.send(new AttachUserPolicyCommand({ UserName: 'backup', PolicyArn: arns[0] }));
    assert.deepEqual(emu.state.accounts[TENANT]!.users['backup']!.attachedPolicies, arns, 'attaching twice is a no-op');
    assert.equal(emu.state.accounts[TENANT]!.policies[arns[0]!]!.attachmentCount, 1);
    // The attached policy now authorizes the user's own call.
    const first = await backupIam.send(new ListAttachedUserPoliciesCommand({ UserName: 'backup', MaxItems: 2 }));
    assert.deepEqual(first.AttachedPolicies, [
      { PolicyName: 'p-0', PolicyArn: arns[0] },
      { PolicyName: 'p-1', PolicyArn: arns[1] },
    ]);
    assert.equal(first.IsTruncated, true);
    const rest = await backupIam.send(new ListAttachedUserPoliciesCommand({ UserName: 'backup', Marker: first.Marker }));
    assert.deepEqual(
      rest.AttachedPolicies?.map((p) => p.PolicyArn),
      [arns[2]],
    );
    assert.equal(rest.IsTruncated, false);

    const noUser = await awsError(client.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: arns[0] })));
    assert.equal(noUser.code, 'NoSuchEntity');
    assert.equal(noUser.message, 'The user with name ghost cannot be found.');
    assert.equal((await awsError(client.send(new ListAttachedUserPoliciesCommand({ UserName: 'ghost' })))).code, 'NoSuchEntity');
    const noPolicy = await awsError(client.send(new AttachUserPolicyCommand({ UserName: 'backup', PolicyArn: `arn:aws:iam::${TENANT}:policy/ghost` })));
    assert.equal(noPolicy.code, 'NoSuchEntity');
    assert.equal(noPolicy.message, `Policy arn:aws:iam::${TENANT}:policy/ghost does not exist or is not attachable.`);
    const denied = await awsError(backupIam.send(new AttachUserPolicyCommand({ UserName: 'backup', PolicyArn: arns[1] })));
    assert.equal(
      denied.message,
      `User: arn:aws:iam::${TENANT}:user/backup is not authorized to perform: iam:AttachUserPolicy on resource: arn:aws:iam::${TENANT}:user/backup because no identity-based policy allows the iam:AttachUserPolicy action`,
    );
  });

  it('validates MaxSessionDuration and the trust policy size quota', async () => {
    const e = await awsError(
      client.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trustAccount(ADMIN)), MaxSessionDuration: 60 })),
    );
    assert.equal(e.name, 'ValidationError');
    assert.equal(
      e.message,
      "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    const many = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:root`) },
      },
    };
    assert.equal(
      (await awsError(client.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(many) })))).message,
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
  });

  it('creates instance profiles holding one role', async () => {
    await client.send(new CreateRoleCommand({ RoleName: 'vsa-assume-role', AssumeRolePolicyDocument: JSON.stringify(trustAccount(TENANT)) }));
    const ip = await client.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'vsa-assume-role' }));
    assert.equal(ip.InstanceProfile?.Arn, `arn:aws:iam::${TENANT}:instance-profile/vsa-assume-role`);
    assert.deepEqual(ip.InstanceProfile?.Roles, []);
    await client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'vsa-assume-role', RoleName: 'vsa-assume-role' }));
    const again = await awsError(client.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'vsa-assume-role', RoleName: 'vsa-assume-role' })));
    assert.equal(again.message, 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    const got = await client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'vsa-assume-role' }));
    assert.deepEqual(
      got.InstanceProfile?.Roles?.map((r) => r.RoleName),
      ['vsa-assume-role'],
    );
    const forRole = await client.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'vsa-assume-role' }));
    assert.deepEqual(
      forRole.InstanceProfiles?.map((p) => p.InstanceProfileName),
      ['vsa-assume-role'],
    );
    assert.equal((await awsError(client.send(new GetInstanceProfileCommand({ InstanceProfileName: 'x' })))).message, 'Instance Profile x cannot be found.');
    assert.deepEqual(emu.state.accounts[TENANT]!.instanceProfiles['vsa-assume-role']!.roles, ['vsa-assume-role']);
  });

  it("authorizes IAM calls against the caller's identity policies, with IAM's message", async () => {
    const reader = iam(emu, emu.createUser(TENANT, 'reader', [doc('iam:Get*')]));
    emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN));
    await reader.send(new GetRoleCommand({ RoleName: 'vsa-role' }));
    const e = await awsError(reader.send(new CreatePolicyCommand({ PolicyName: 'x', PolicyDocument: doc('s3:*') })));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.status, 403);
    assert.equal(
      e.message,
      `User: arn:aws:iam::${TENANT}:user/reader is not authorized to perform: iam:CreatePolicy on resource: arn:aws:iam::${TENANT}:policy/x because no identity-based policy allows the iam:CreatePolicy action`,
    );
    // Adding a role to an instance profile also needs iam:PassRole on the role.
    const noPass = iam(
      emu,
      emu.createUser(TENANT, 'no-pass', [
        doc('iam:*Profile*'),
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] }),
      ]),
    );
    await noPass.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'ip' }));
    const pass = await awsError(noPass.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ip', RoleName: 'vsa-role' })));
    assert.match(pass.message, /iam:PassRole on resource: arn:aws:iam::222222222222:role\/vsa-role with an explicit deny in an identity-based policy$/);
    assert.equal(emu.state.accounts[TENANT]!.policies[`arn:aws:iam::${TENANT}:policy/x`], undefined);
  });

  it("simulates a role's policies: allowed, implicit deny with missing context keys, explicit deny", async () => {
    const restricted = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:CreateSnapshot'], Resource: '*' },
        { Effect: 'Allow', Action: 'ec2:DeleteSnapshot', Resource: '*', Condition: { StringLike: { 'ec2:ResourceTag/_GX_BACKUP_': '*' } } },
        { Sid: 'NoKms', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const role = emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN), { policies: { restricted } });
    const out = await client.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: role.arn,
        ActionNames: ['ec2:DescribeInstances', 'ec2:DeleteSnapshot', 'kms:Decrypt', 'ssm:SendCommand'],
      }),
    );
    const byAction = Object.fromEntries(out.EvaluationResults!.map((r) => [r.EvalActionName, r]));
    assert.equal(byAction['ec2:DescribeInstances']?.EvalDecision, 'allowed');
    assert.deepEqual(
      byAction['ec2:DescribeInstances']?.MatchedStatements?.map((s: { SourcePolicyId?: string }) => s.SourcePolicyId),
      ['restricted'],
    );
    assert.equal(byAction['ec2:DeleteSnapshot']?.EvalDecision, 'implicitDeny');
    assert.deepEqual(byAction['ec2:DeleteSnapshot']?.MissingContextValues, ['ec2:ResourceTag/_GX_BACKUP_']);
    assert.equal(byAction['kms:Decrypt']?.EvalDecision, 'explicitDeny');
    assert.equal(byAction['ssm:SendCommand']?.EvalDecision, 'implicitDeny');
    const withTag = await client.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: role.arn,
        ActionNames: ['ec2:DeleteSnapshot'],
        ContextEntries: [{ ContextKeyName: 'ec2:ResourceTag/_GX_BACKUP_', ContextKeyValues: ['1'], ContextKeyType: 'string' }],
      }),
    );
    assert.equal(withTag.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    const missing = await awsError(
      client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TENANT}:role/none`, ActionNames: ['s3:GetObject'] })),
    );
    assert.equal(missing.code, 'NoSuchEntity');
  });
});
