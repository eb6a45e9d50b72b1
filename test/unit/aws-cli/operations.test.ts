// Every STS and IAM operation the emulator serves, called by the real AWS CLI v2 (botocore) with the parameters the extension uses.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../aws-emulator';
import { createAwsRuntime } from '../../../src/core/aws/sdk';
import { staticCredentials } from '../../../src/core/aws/session';
import type { IamApi, StsApi } from '../../../src/core/aws/types';
import { ADMIN, TENANT, allowAssumeRole, allowIam, trustAccount } from '../aws-emulator/helpers';
import type { AssumeRoleResponse, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type {
  CreateInstanceProfileResponse,
  CreatePolicyResponse,
  CreatePolicyVersionResponse,
  CreateRoleResponse,
  GetInstanceProfileResponse,
  GetPolicyResponse,
  GetPolicyVersionResponse,
  GetRolePolicyResponse,
  GetRoleResponse,
  GetUserResponse,
  ListAttachedRolePoliciesResponse,
  ListAttachedUserPoliciesResponse,
  ListInstanceProfilesForRoleResponse,
  ListPoliciesResponse,
  ListPolicyVersionsResponse,
  ListRolePoliciesResponse,
  ListRoleTagsResponse,
  SimulatePolicyResponse,
} from '@aws-sdk/client-iam';
import { CliSandbox, requireAwsCli, type Printed } from './aws-cli';

// Response shapes: IAM API Reference (Role, Policy, PolicyVersion, InstanceProfile, AttachedPolicy, EvaluationResult,
// Tag) and STS API Reference (AssumeRole, GetCallerIdentity). Dates as the CLI prints them.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ROLE = `arn:aws:iam::${TENANT}:role/vsa-role`;

function keys(o: object): string[] {
  return Object.keys(o).sort();
}

describe('AWS CLI v2 against the emulator: every STS and IAM operation', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let sb: CliSandbox;
  let deployer: { accessKeyId: string; secretAccessKey: string };
  let mfaSerial: string;
  const cli = <T = unknown>(args: string[]) => sb.json<Printed<T>>(['--profile', 'deployer', ...args]);

  before(async function () {
    const bin = requireAwsCli(this);
    emu = await startEmulator();
    deployer = emu.createUser(TENANT, 'deployer', [allowIam]);
    const admin = emu.createUser(ADMIN, 'backup', [allowAssumeRole]);
    mfaSerial = emu.createMfaDevice(ADMIN, 'backup', 'backup-mfa', '123456');
    emu.createRole(TENANT, 'vsa-role', trustAccount(ADMIN, 'msp-finance-7f3a'), { maxSessionDuration: 7200 });
    sb = await CliSandbox.create(bin, emu);
    await sb.writeFiles(
      '[profile deployer]\nregion = us-east-1\n\n[profile admin]\nregion = us-east-1\n',
      `[deployer]\naws_access_key_id = ${deployer.accessKeyId}\naws_secret_access_key = ${deployer.secretAccessKey}\n\n` +
        `[admin]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`,
    );
  });
  after(async () => {
    await sb?.close();
    await emu?.close();
  });

  /** The extension's own clients (src/core/aws/sdk.ts) for the same caller. */
  function extension(): { iam: IamApi; sts: StsApi } {
    const runtime = createAwsRuntime({ maxAttempts: 1 });
    const target = { credentials: staticCredentials(deployer), region: 'us-east-1', endpoint: emu.url };
    return { iam: runtime.iam(target), sts: runtime.sts(target) };
  }

  describe('STS', () => {
    it('GetCallerIdentity: UserId, Account and Arn, the same the extension sees', async () => {
      const id = await cli<GetCallerIdentityResponse>(['sts', 'get-caller-identity']);
      assert.deepEqual(keys(id), ['Account', 'Arn', 'UserId']);
      const ext = await extension().sts.getCallerIdentity();
      assert.deepEqual(id, { UserId: ext.userId, Account: ext.account, Arn: ext.arn });
    });

    it('AssumeRole with external id, duration, MFA serial and code: Credentials and AssumedRoleUser as documented', async () => {
      const out = await sb.json<Printed<AssumeRoleResponse>>([
        '--profile',
        'admin',
        'sts',
        'assume-role',
        '--role-arn',
        ROLE,
        '--role-session-name',
        'cab-cli',
        '--external-id',
        'msp-finance-7f3a',
        '--duration-seconds',
        '1800',
        '--serial-number',
        mfaSerial,
        '--token-code',
        '123456',
      ]);
      assert.deepEqual(keys(out), ['AssumedRoleUser', 'Credentials']);
      assert.deepEqual(keys(out.Credentials), ['AccessKeyId', 'Expiration', 'SecretAccessKey', 'SessionToken']);
      assert.match(out.Credentials.AccessKeyId, /^ASIA/);
      assert.match(out.Credentials.Expiration, ISO);
      const ttl = Date.parse(out.Credentials.Expiration) - Date.now();
      assert.ok(ttl > 1700_000 && ttl <= 1800_000, `a 30-minute session, got ${ttl} ms`);
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${TENANT}:assumed-role/vsa-role/cab-cli`);
      assert.match(out.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z0-9]+:cab-cli$/);
      const call = emu.calls.at(-1)!;
      assert.deepEqual(
        [call.action, call.params.ExternalId, call.params.DurationSeconds, call.params.SerialNumber, call.params.TokenCode],
        ['AssumeRole', 'msp-finance-7f3a', '1800', mfaSerial, '123456'],
      );
    });

    it('AssumeRole errors reach botocore as AWS words them (wrong external id, wrong MFA code, duration over the role maximum)', async () => {
      const base = ['--profile', 'admin', 'sts', 'assume-role', '--role-arn', ROLE, '--role-session-name', 'cab-cli'];
      const [denied, mfa, tooLong] = await Promise.all([
        sb.error([...base, '--external-id', 'wrong-id']),
        sb.error([...base, '--external-id', 'msp-finance-7f3a', '--serial-number', mfaSerial, '--token-code', '000000']),
        sb.error([...base, '--external-id', 'msp-finance-7f3a', '--duration-seconds', '10800']),
      ]);
      assert.match(
        denied,
        /\(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user\/backup is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role\/vsa-role/,
      );
      assert.match(mfa, /\(AccessDenied\) when calling the AssumeRole operation: MultiFactorAuthentication failed with invalid MFA one time pass code\./);
      assert.match(
        tooLong,
        /\(ValidationError\) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role\./,
      );
    });
  });

  describe('IAM', () => {
    const doc = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    let policyArn: string;

    it('CreatePolicy, GetPolicy, CreatePolicyVersion --set-as-default, ListPolicyVersions (paged), GetPolicyVersion, SetDefaultPolicyVersion, DeletePolicyVersion', async () => {
      const created = (
        await cli<CreatePolicyResponse>([
          'iam',
          'create-policy',
          '--policy-name',
          'backup-perms',
          '--policy-document',
          doc(['ec2:DescribeInstances']),
          '--description',
          'Managed by Cross-Account Backup for AWS',
        ])
      ).Policy;
      assert.deepEqual(keys(created), [
        'Arn',
        'AttachmentCount',
        'CreateDate',
        'DefaultVersionId',
        'Description',
        'IsAttachable',
        'Path',
        'PermissionsBoundaryUsageCount',
        'PolicyId',
        'PolicyName',
        'UpdateDate',
      ]);
      policyArn = created.Arn;
      assert.equal(policyArn, `arn:aws:iam::${TENANT}:policy/backup-perms`);
      assert.equal(created.DefaultVersionId, 'v1');
      assert.match(created.CreateDate, ISO);

      const v2 = (
        await cli<CreatePolicyVersionResponse>([
          'iam',
          'create-policy-version',
          '--policy-arn',
          policyArn,
          '--policy-document',
          doc(['ec2:DescribeSnapshots']),
          '--set-as-default',
        ])
      ).PolicyVersion;
      assert.deepEqual([v2.VersionId, v2.IsDefaultVersion], ['v2', true]);
      await cli(['iam', 'create-policy-version', '--policy-arn', policyArn, '--policy-document', doc(['ec2:DescribeVolumes'])]);

      // Pagination as botocore does it: MaxItems per call, Marker carried in its starting token.
      const page1 = await cli<ListPolicyVersionsResponse>(['iam', 'list-policy-versions', '--policy-arn', policyArn, '--max-items', '2']);
      assert.deepEqual(
        page1.Versions.map((v) => v.VersionId),
        ['v3', 'v2'],
      );
      assert.ok(page1.NextToken, 'a next token when truncated');
      const [page2, byPage, got, extText] = await Promise.all([
        cli<ListPolicyVersionsResponse>(['iam', 'list-policy-versions', '--policy-arn', policyArn, '--max-items', '2', '--starting-token', page1.NextToken]),
        cli<ListPolicyVersionsResponse>(['iam', 'list-policy-versions', '--policy-arn', policyArn, '--page-size', '1']),
        cli<GetPolicyVersionResponse>(['iam', 'get-policy-version', '--policy-arn', policyArn, '--version-id', 'v2']).then((r) => r.PolicyVersion),
        extension().iam.getPolicyVersion(policyArn, 'v2'),
      ]);
      assert.deepEqual(
        page2.Versions.map((v) => [v.VersionId, v.IsDefaultVersion]),
        [['v1', false]],
      );
      assert.equal(page2.NextToken, undefined);
      assert.deepEqual(
        byPage.Versions.map((v) => v.VersionId),
        ['v3', 'v2', 'v1'],
        'the CLI follows Marker across pages of one',
      );
      const calls = emu.calls.filter((c) => c.action === 'ListPolicyVersions' && c.params.MaxItems === '1');
      assert.equal(calls.length, 3, 'three requests of one item each');

      assert.deepEqual(keys(got), ['CreateDate', 'Document', 'IsDefaultVersion', 'VersionId']);
      assert.deepEqual(got.Document, JSON.parse(doc(['ec2:DescribeSnapshots'])), 'the CLI decodes the URL-encoded document');
      assert.equal(extText, doc(['ec2:DescribeSnapshots']), 'the extension reads the same text');

      await Promise.all([
        cli(['iam', 'set-default-policy-version', '--policy-arn', policyArn, '--version-id', 'v3']),
        cli(['iam', 'delete-policy-version', '--policy-arn', policyArn, '--version-id', 'v1']),
      ]);
      const policy = (await cli<GetPolicyResponse>(['iam', 'get-policy', '--policy-arn', policyArn])).Policy;
      assert.equal(policy.DefaultVersionId, 'v3');
      const ext = await extension().iam.listPolicyVersions(policyArn);
      assert.deepEqual(
        ext.map((v) => [v.versionId, v.isDefault, v.createDate?.toISOString()]),
        byPage.Versions.filter((v) => v.VersionId !== 'v1').map((v) => [v.VersionId, v.VersionId === 'v3', new Date(v.CreateDate).toISOString()]),
        'the extension lists the same versions with the same dates',
      );
      const pol = await extension().iam.getPolicy(policyArn);
      assert.deepEqual([pol?.name, pol?.defaultVersionId, pol?.description], [policy.PolicyName, policy.DefaultVersionId, policy.Description]);
    });

    it('ListPolicies --scope Local, paged, lists what CreatePolicy made', async () => {
      await cli(['iam', 'create-policy', '--policy-name', 'sts-only', '--policy-document', doc(['sts:AssumeRole'])]);
      const [all, aws] = await Promise.all([
        cli<ListPoliciesResponse>(['iam', 'list-policies', '--scope', 'Local', '--page-size', '1']),
        cli<ListPoliciesResponse>(['iam', 'list-policies', '--scope', 'AWS']),
      ]);
      assert.deepEqual(all.Policies.map((p) => p.PolicyName).sort(), ['backup-perms', 'sts-only']);
      assert.deepEqual(aws.Policies, []);
    });

    it('CreateRole with tags, path, description and max session duration; GetRole; UpdateRole; UpdateAssumeRolePolicy', async () => {
      const trust = JSON.stringify(trustAccount(ADMIN, 'ext-42'));
      const created = (
        await cli<CreateRoleResponse>([
          'iam',
          'create-role',
          '--role-name',
          'cab-role',
          '--path',
          '/backup/',
          '--assume-role-policy-document',
          trust,
          '--description',
          'Managed by Cross-Account Backup for AWS',
          '--max-session-duration',
          '7200',
          '--tags',
          'Key=managed-by,Value=cross-account-backup',
          'Key=team,Value=storage',
        ])
      ).Role;
      assert.equal(created.Arn, `arn:aws:iam::${TENANT}:role/backup/cab-role`);
      assert.deepEqual(created.AssumeRolePolicyDocument, JSON.parse(trust));
      assert.deepEqual(created.Tags, [
        { Key: 'managed-by', Value: 'cross-account-backup' },
        { Key: 'team', Value: 'storage' },
      ]);

      const newTrust = JSON.stringify(trustAccount(ADMIN, 'ext-43'));
      await Promise.all([
        cli(['iam', 'update-role', '--role-name', 'cab-role', '--max-session-duration', '10800', '--description', 'updated']),
        cli(['iam', 'update-assume-role-policy', '--role-name', 'cab-role', '--policy-document', newTrust]),
      ]);
      const [role, missing] = await Promise.all([
        cli<GetRoleResponse>(['iam', 'get-role', '--role-name', 'cab-role']).then((r) => r.Role),
        sb.error(['--profile', 'deployer', 'iam', 'get-role', '--role-name', 'no-such-role']),
      ]);
      assert.deepEqual(keys(role), [
        'Arn',
        'AssumeRolePolicyDocument',
        'CreateDate',
        'Description',
        'MaxSessionDuration',
        'Path',
        'RoleId',
        'RoleLastUsed',
        'RoleName',
        'Tags',
      ]);
      assert.deepEqual([role.MaxSessionDuration, role.Description, role.Path], [10800, 'updated', '/backup/']);
      assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(newTrust));
      assert.match(role.RoleId, /^AROA/);
      const ext = await extension().iam.getRole('cab-role');
      assert.deepEqual(
        { arn: ext?.arn, name: ext?.name, path: ext?.path, trust: JSON.parse(ext?.trustPolicy ?? 'null'), max: ext?.maxSessionDuration, tags: ext?.tags },
        {
          arn: role.Arn,
          name: role.RoleName,
          path: role.Path,
          trust: role.AssumeRolePolicyDocument,
          max: role.MaxSessionDuration,
          tags: role.Tags.map((t) => ({ key: t.Key, value: t.Value })),
        },
      );
      assert.match(missing, /\(NoSuchEntity\) when calling the GetRole operation: The role with name no-such-role cannot be found\./);
      assert.equal(await extension().iam.getRole('no-such-role'), undefined);
    });

    it('TagRole, ListRoleTags (paged by MaxItems and Marker), UntagRole', async () => {
      await cli(['iam', 'tag-role', '--role-name', 'cab-role', '--tags', 'Key=env,Value=prod', 'Key=team,Value=backup']);
      // CLI 2.9 has no paginator for ListRoleTags: --max-items and --marker are the API's own MaxItems and Marker.
      const tags = await cli<ListRoleTagsResponse>(['iam', 'list-role-tags', '--role-name', 'cab-role', '--max-items', '2']);
      assert.deepEqual(keys(tags), ['IsTruncated', 'Marker', 'Tags']);
      assert.equal(tags.IsTruncated, true);
      const rest = await cli<ListRoleTagsResponse>(['iam', 'list-role-tags', '--role-name', 'cab-role', '--max-items', '2', '--marker', tags.Marker]);
      assert.equal(rest.IsTruncated, false);
      assert.deepEqual(
        [...tags.Tags, ...rest.Tags],
        [
          { Key: 'managed-by', Value: 'cross-account-backup' },
          { Key: 'team', Value: 'backup' },
          { Key: 'env', Value: 'prod' },
        ],
      );
      await cli(['iam', 'untag-role', '--role-name', 'cab-role', '--tag-keys', 'env', 'team']);
      assert.deepEqual((await cli<ListRoleTagsResponse>(['iam', 'list-role-tags', '--role-name', 'cab-role'])).Tags, [
        { Key: 'managed-by', Value: 'cross-account-backup' },
      ]);
    });

    it('AttachRolePolicy, ListAttachedRolePolicies, DetachRolePolicy; PutRolePolicy, GetRolePolicy, ListRolePolicies', async () => {
      const inline = doc(['s3:GetObject']);
      await Promise.all([
        cli(['iam', 'attach-role-policy', '--role-name', 'cab-role', '--policy-arn', policyArn]),
        cli(['iam', 'put-role-policy', '--role-name', 'cab-role', '--policy-name', 'extra', '--policy-document', inline]),
      ]);
      const [attached, got, names] = await Promise.all([
        cli<ListAttachedRolePoliciesResponse>(['iam', 'list-attached-role-policies', '--role-name', 'cab-role']),
        cli<GetRolePolicyResponse>(['iam', 'get-role-policy', '--role-name', 'cab-role', '--policy-name', 'extra']),
        cli<ListRolePoliciesResponse>(['iam', 'list-role-policies', '--role-name', 'cab-role']),
      ]);
      // The CLI follows every page itself and drops IsTruncated/Marker from what it prints.
      assert.deepEqual(attached, { AttachedPolicies: [{ PolicyName: 'backup-perms', PolicyArn: policyArn }] });
      assert.deepEqual(await extension().iam.listAttachedRolePolicies('cab-role'), [policyArn]);

      assert.deepEqual(got, { RoleName: 'cab-role', PolicyName: 'extra', PolicyDocument: JSON.parse(inline) });
      assert.deepEqual(names.PolicyNames, ['extra']);
      assert.deepEqual(await extension().iam.listRolePolicies('cab-role'), ['extra']);
      assert.equal(await extension().iam.getRolePolicy('cab-role', 'extra'), inline);

      await cli(['iam', 'detach-role-policy', '--role-name', 'cab-role', '--policy-arn', policyArn]);
      assert.deepEqual((await cli<ListAttachedRolePoliciesResponse>(['iam', 'list-attached-role-policies', '--role-name', 'cab-role'])).AttachedPolicies, []);
    });

    it('CreateInstanceProfile, AddRoleToInstanceProfile, GetInstanceProfile, ListInstanceProfilesForRole', async () => {
      const ip = (await cli<CreateInstanceProfileResponse>(['iam', 'create-instance-profile', '--instance-profile-name', 'cab-role'])).InstanceProfile;
      assert.deepEqual(keys(ip), ['Arn', 'CreateDate', 'InstanceProfileId', 'InstanceProfileName', 'Path', 'Roles']);
      assert.deepEqual(ip.Roles, []);
      await cli(['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'cab-role', '--role-name', 'cab-role']);
      const [got, forRole] = await Promise.all([
        cli<GetInstanceProfileResponse>(['iam', 'get-instance-profile', '--instance-profile-name', 'cab-role']).then((r) => r.InstanceProfile),
        cli<ListInstanceProfilesForRoleResponse>(['iam', 'list-instance-profiles-for-role', '--role-name', 'cab-role']),
      ]);
      assert.deepEqual(
        got.Roles.map((r) => [r.RoleName, r.Arn]),
        [['cab-role', `arn:aws:iam::${TENANT}:role/backup/cab-role`]],
      );
      assert.deepEqual(got.Roles[0].AssumeRolePolicyDocument, JSON.parse(JSON.stringify(trustAccount(ADMIN, 'ext-43'))));
      assert.deepEqual(
        forRole.InstanceProfiles.map((p) => p.Arn),
        [ip.Arn],
      );
      assert.deepEqual(await extension().iam.getInstanceProfile('cab-role'), { name: 'cab-role', arn: ip.Arn, roleNames: ['cab-role'] });
    });

    it('GetUser, AttachUserPolicy, ListAttachedUserPolicies', async () => {
      const [me] = await Promise.all([
        cli<GetUserResponse>(['iam', 'get-user']).then((r) => r.User),
        cli(['iam', 'attach-user-policy', '--user-name', 'deployer', '--policy-arn', policyArn]),
      ]);
      assert.deepEqual(keys(me), ['Arn', 'CreateDate', 'Path', 'UserId', 'UserName']);
      assert.equal(me.Arn, `arn:aws:iam::${TENANT}:user/deployer`);
      const attached = await cli<ListAttachedUserPoliciesResponse>(['iam', 'list-attached-user-policies', '--user-name', 'deployer']);
      assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'backup-perms', PolicyArn: policyArn }]);
      assert.deepEqual(await extension().iam.listAttachedUserPolicies('deployer'), [policyArn]);
    });

    it('SimulatePrincipalPolicy with context entries, paged; the same decisions the extension reads', async () => {
      await cli([
        'iam',
        'put-role-policy',
        '--role-name',
        'cab-role',
        '--policy-name',
        'tagged-delete',
        '--policy-document',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ec2:DeleteSnapshot', Resource: '*', Condition: { StringEquals: { 'ec2:ResourceTag/_GX_BACKUP_': 'true' } } }],
        }),
      ]);
      const source = `arn:aws:iam::${TENANT}:role/backup/cab-role`;
      const actions = ['ec2:DeleteSnapshot', 'ec2:DeleteVolume', 'iam:CreateRole'];
      const out = await cli<SimulatePolicyResponse>([
        'iam',
        'simulate-principal-policy',
        '--policy-source-arn',
        source,
        '--action-names',
        ...actions,
        '--context-entries',
        'ContextKeyName=ec2:ResourceTag/_GX_BACKUP_,ContextKeyValues=true,ContextKeyType=string',
        '--max-items',
        '2',
      ]);
      assert.ok(out.NextToken);
      const rest = await cli<SimulatePolicyResponse>([
        'iam',
        'simulate-principal-policy',
        '--policy-source-arn',
        source,
        '--action-names',
        ...actions,
        '--context-entries',
        'ContextKeyName=ec2:ResourceTag/_GX_BACKUP_,ContextKeyValues=true,ContextKeyType=string',
        '--max-items',
        '2',
        '--starting-token',
        out.NextToken,
      ]);
      const results = [...out.EvaluationResults, ...rest.EvaluationResults];
      for (const r of results)
        assert.deepEqual(
          keys(r).filter((k) => !['EvalDecisionDetails'].includes(k)),
          ['EvalActionName', 'EvalDecision', 'EvalResourceName', 'MatchedStatements', 'MissingContextValues'],
        );
      const cliDecisions = results.map((r) => ({ action: r.EvalActionName, decision: r.EvalDecision }));
      assert.deepEqual(cliDecisions, [
        { action: 'ec2:DeleteSnapshot', decision: 'allowed' },
        { action: 'ec2:DeleteVolume', decision: 'implicitDeny' },
        { action: 'iam:CreateRole', decision: 'implicitDeny' },
      ]);
      const ext = await extension().iam.simulatePrincipalPolicy({
        policySourceArn: source,
        actionNames: actions,
        contextEntries: [{ key: 'ec2:ResourceTag/_GX_BACKUP_', values: ['true'], type: 'string' }],
      });
      assert.deepEqual(ext, cliDecisions);
    });

    it('DeletePolicy after its attachments and extra versions are gone', async () => {
      await cli(['iam', 'create-policy', '--policy-name', 'short-lived', '--policy-document', doc(['ec2:DescribeTags'])]);
      const arn = `arn:aws:iam::${TENANT}:policy/short-lived`;
      await cli(['iam', 'delete-policy', '--policy-arn', arn]);
      const gone = await sb.error(['--profile', 'deployer', 'iam', 'get-policy', '--policy-arn', arn]);
      assert.match(gone, /\(NoSuchEntity\) when calling the GetPolicy operation/);
      assert.equal(await extension().iam.getPolicy(arn), undefined);
    });
  });

  // In a describe of its own: mocha runs a suite's own tests before its nested suites, and this one must run last.
  describe('all calls', () =>
    it('every operation got a 200 from a call signed as botocore signs (content-type;host;x-amz-date); no secret reached the call log', () => {
      const served = new Set(emu.calls.filter((c) => c.status === 200).map((c) => `${c.service}:${c.action}`));
      const expected = [
        'sts:GetCallerIdentity',
        'sts:AssumeRole',
        'iam:CreatePolicy',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListPolicyVersions',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:ListPolicies',
        'iam:DeletePolicy',
        'iam:CreateRole',
        'iam:GetRole',
        'iam:UpdateRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:PutRolePolicy',
        'iam:GetRolePolicy',
        'iam:ListRolePolicies',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:ListRoleTags',
        'iam:CreateInstanceProfile',
        'iam:GetInstanceProfile',
        'iam:AddRoleToInstanceProfile',
        'iam:ListInstanceProfilesForRole',
        'iam:GetUser',
        'iam:AttachUserPolicy',
        'iam:ListAttachedUserPolicies',
        'iam:SimulatePrincipalPolicy',
      ];
      assert.deepEqual(
        expected.filter((a) => !served.has(a)),
        [],
        'operations the CLI never got a 200 for',
      );
      assert.deepEqual(emu.calls.filter((c) => c.errorCode === 'SignatureDoesNotMatch').length, 0);
      // botocore's signature, not the JS SDK's: no x-amz-content-sha256, no amz-sdk-* headers.
      const cliCalls = emu.calls.filter((c) => !c.signedHeaders?.includes('amz-sdk-invocation-id'));
      assert.ok(cliCalls.length > 40);
      assert.deepEqual([...new Set(cliCalls.map((c) => c.signedHeaders))], ['content-type;host;x-amz-date']);
      const log = JSON.stringify(emu.calls);
      for (const s of emu.seenSecrets()) assert.ok(!log.includes(s), 'a secret in the call log');
    }));
});
