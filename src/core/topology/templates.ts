// Starter files for the set-up command: an accounts file and the seed guide's policies (seed 003) with the account ids filled in.
import { ACCOUNTS_FILE_NAME } from './model';

export interface SetUpTenant {
  name: string;
  accountId: string;
  /** The `sts:ExternalId` the tenant's trust policy requires; the caller generates it (randomness stays out of the core). */
  externalId: string;
}

export interface SetUpInput {
  adminName: string;
  adminAccountId: string;
  tenants: SetUpTenant[];
  /** Default region for the accounts; `us-east-1` when omitted. */
  region?: string;
}

export interface TemplateFile {
  /** Path relative to the accounts file's folder, forward slashes. */
  path: string;
  content: string;
}

export const POLICY_PATHS = {
  stsOnly: 'policies/amazon_sts_assumerole.json',
  restricted: 'policies/amazon_restricted_role_permissions.json',
  adminTrust: 'policies/admin/admin-iam-role-policy.json',
  tenantTrust: (tenant: string) => `policies/tenants/${tenant}/amazon_sts_assumerole_tenant.json`,
} as const;

/** The role names the seed guide creates: the admin's instance role and each tenant's assumable role. */
export const ADMIN_ROLE_NAME = 'vsa-assume-role';
export const TENANT_ROLE_NAME = 'vsa-role';

/** The `sts-only` policy: lets the admin's role call `sts:AssumeRole`. */
export function stsOnlyPolicy(): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
}

/** The admin role's trust policy: EC2 (the access node's instance profile) and the admin account itself. */
export function adminTrustPolicy(adminAccountId: string): object {
  return {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'ec2.amazonaws.com', AWS: `arn:aws:iam::${adminAccountId}:root` },
    },
  };
}

/**
 * A tenant role's trust policy: the admin account may assume it. The seed's template also names EC2 as a principal,
 * which a role assumed from another account does not need; the external id guards against the confused deputy.
 */
export function tenantTrustPolicy(adminAccountId: string, externalId: string): object {
  return {
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: `arn:aws:iam::${adminAccountId}:root` },
      Condition: { StringEquals: { 'sts:ExternalId': externalId } },
    },
  };
}

/** The seed's restricted backup and restore permissions (its duplicate `ec2:ModifyImageAttribute` removed). */
export function restrictedPermissionsPolicy(): object {
  const tagged = (sid: string, action: string | string[], resource: string, tag: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Action: action,
    Resource: resource,
    Condition: { StringLike: { [`ec2:ResourceTag/${tag}`]: '*' } },
  });
  return {
    Version: '2012-10-17',
    Statement: [
      tagged('VisualEditor0', ['ec2:DeleteVolume', 'ec2:DeleteSnapshot'], '*', '_GX_BACKUP_'),
      {
        Sid: 'VisualEditor1',
        Effect: 'Allow',
        Action: 'ec2:DeleteTags',
        Resource: '*',
        Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['CV_Retain_Snap', 'CV_Integrity_Snap', '_GX_BACKUP_', '_GX_AMI_', 'Name', 'Description'] } },
      },
      tagged('VisualEditor2', 'ec2:DetachVolume', 'arn:aws:ec2:*:*:volume/*', '_GX_BACKUP_'),
      tagged('VisualEditor3', 'ec2:TerminateInstances', '*', 'CV_Integrity_Snap'),
      tagged('VisualEditor4', 'ec2:TerminateInstances', '*', '_GX_BACKUP_'),
      { Sid: 'VisualEditor5', Effect: 'Allow', Action: 'ec2:DetachVolume', Resource: 'arn:aws:ec2:*:*:instance/*' },
      { Sid: 'VisualEditor6', Effect: 'Allow', Action: [...RESTRICTED_ACTIONS], Resource: '*' },
    ],
  };
}

const RESTRICTED_ACTIONS = [
  'ssm:CancelCommand',
  'ssm:SendCommand',
  'ec2:CopySnapshot',
  'ec2:AuthorizeSecurityGroupIngress',
  'kms:Decrypt',
  'ec2:ModifyVolumeAttribute',
  'ec2:DescribeInstances',
  'ssm:ListCommands',
  'ec2:CreateKeyPair',
  'ec2:DescribeVolumesModifications',
  'ec2:CreateImage',
  'kms:DescribeKey*',
  's3:CreateBucket',
  'ec2:DescribeSnapshots',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'ec2:ModifySnapshotAttribute',
  'ec2:ModifyImageAttribute',
  'ec2:StartInstances',
  'kms:Encrypt',
  'ec2:DescribeVolumes',
  'ec2:DescribeAccountAttributes',
  's3:PutBucketAcl',
  's3:PutObjectTagging',
  'ssm:ListDocuments',
  'iam:GetAccountAuthorizationDetails',
  'ec2:ImportImage',
  'ec2:DescribeKeyPairs',
  's3:DeleteObject',
  'iam:GetRole',
  'ec2:ModifyVolume',
  'ec2:CreateTags',
  'ec2:ModifyNetworkInterfaceAttribute',
  'ec2:DeleteNetworkInterface',
  'ec2:RunInstances',
  'ec2:StopInstances',
  'ec2:DescribeVolumeAttribute',
  'ec2:CreateVolume',
  'ec2:CreateNetworkInterface',
  's3:PutObject',
  's3:GetObject',
  'ec2:DisassociateIamInstanceProfile',
  'ec2:DescribeSubnets',
  'ec2:AttachVolume',
  'ec2:DeregisterImage',
  'ssm:DescribeDocument',
  'ec2:DescribeInstanceAttribute',
  'ec2:DescribeRegions',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ListResourceTags',
  's3:ListBucket',
  'ebs:ListChangedBlocks',
  'ec2:GetConsoleOutput',
  'iam:PassRole',
  'kms:TagResource',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeNetworkInterfaceAttribute',
  'ec2:CreateSecurityGroup',
  'ec2:CreateSnapshot',
  'kms:CreateKey',
  'ec2:ModifyInstanceAttribute',
  'kms:CreateGrant',
  's3:PutObjectAcl',
  'ec2:DescribeInstanceStatus',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:DetachNetworkInterface',
  'ec2:DescribeIamInstanceProfileAssociations',
  'ec2:DescribeTags',
  'iam:ListRoles',
  'ebs:ListSnapshotBlocks',
  'ec2:DescribeImportImageTasks',
  'iam:ListInstanceProfiles',
  's3:GetBucketAcl',
  'kms:ListGrants',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeImages',
  'kms:ListKeys',
  's3:ListAllMyBuckets',
  'ssm:DescribeInstanceInformation',
  'ec2:DescribeVpcs',
  'kms:ListAliases',
  'kms:CreateAlias',
  'ec2:AttachNetworkInterface',
  'iam:GetUser',
  's3:GetBucketLocation',
  'ec2:AssociateIamInstanceProfile',
] as const;

/** The accounts file the set-up writes, as JSONC with a comment saying what to do next. */
export function accountsFileText(input: SetUpInput): string {
  const region = input.region ?? 'us-east-1';
  const admin = {
    name: input.adminName,
    accountId: input.adminAccountId,
    region,
    hypervisor: {
      name: `${input.adminName}-aws`,
      authentication: 'iamRole',
      roleArn: `arn:aws:iam::${input.adminAccountId}:role/${ADMIN_ROLE_NAME}`,
      useAdminAccountResources: false,
      createdAutomatically: false,
      accessNodes: [],
    },
    policies: { permissions: [POLICY_PATHS.stsOnly, POLICY_PATHS.restricted], trust: POLICY_PATHS.adminTrust },
  };
  const tenants = input.tenants.map((t) => ({
    name: t.name,
    accountId: t.accountId,
    admin: input.adminName,
    region,
    hypervisor: {
      name: `${t.name}-aws`,
      authentication: 'stsAssumeRole',
      roleArn: `arn:aws:iam::${t.accountId}:role/${TENANT_ROLE_NAME}`,
      externalId: t.externalId,
      useAdminAccountResources: true,
    },
    policies: { permissions: [POLICY_PATHS.restricted], trust: POLICY_PATHS.tenantTrust(t.name) },
    vmGroups: [],
  }));
  const body = JSON.stringify({ admins: [admin], tenants }, null, 2);
  return (
    '// Cross-account backup: the admin (service) account and the tenant accounts it protects.\n' +
    "// Next: list the admin's access nodes (EC2 instance id, region, availability zone) under `accessNodes`,\n" +
    "// and each tenant's VM groups (regions) under `vmGroups`. The Accounts view checks this file as you type.\n" +
    body +
    '\n'
  );
}

/** Every file the set-up writes: the accounts file first (named `accountsFileName`), then the policies next to it. */
export function setUpFiles(input: SetUpInput, accountsFileName = ACCOUNTS_FILE_NAME): TemplateFile[] {
  const json = (v: object) => JSON.stringify(v, null, 4) + '\n';
  return [
    { path: accountsFileName, content: accountsFileText(input) },
    { path: POLICY_PATHS.stsOnly, content: json(stsOnlyPolicy()) },
    { path: POLICY_PATHS.restricted, content: json(restrictedPermissionsPolicy()) },
    { path: POLICY_PATHS.adminTrust, content: json(adminTrustPolicy(input.adminAccountId)) },
    ...input.tenants.map((t) => ({ path: POLICY_PATHS.tenantTrust(t.name), content: json(tenantTrustPolicy(input.adminAccountId, t.externalId)) })),
  ];
}

/** Why an admin or tenant account id typed in the set-up is not usable, or undefined when it is. */
export function validateAccountIdInput(value: string): string | undefined {
  const v = value.trim();
  if (/^\d{12}$/.test(v)) return undefined;
  if (/^[\d\s-]+$/.test(v) && v.replace(/\D/g, '').length === 12) return 'Type the 12 digits without spaces or dashes.';
  return 'An AWS account id is exactly 12 digits (see the account menu of the AWS console).';
}

/** Why a name typed in the set-up is not usable (it becomes a folder name under policies/tenants), or undefined. */
export function validateNameInput(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Type a name, for example `finance`.';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v))
    return `\`${v}\` cannot be used: a name is 1 to 64 letters, digits, \`.\`, \`_\` or \`-\`, starting with a letter or digit.`;
  return undefined;
}

/**
 * Parses the tenants typed in the set-up: `name=accountId` pairs separated by commas, spaces or semicolons
 * (`finance=222222222222, hr=333333333333`). An empty line means no tenants yet.
 */
export function parseTenantsInput(
  value: string,
  adminName: string,
  adminAccountId: string,
): { tenants: { name: string; accountId: string }[] } | { error: string } {
  const parts = value.split(/[,;\s]+/).filter(Boolean);
  const tenants: { name: string; accountId: string }[] = [];
  for (const part of parts) {
    const m = /^([^=:]+)[=:](.*)$/.exec(part);
    if (!m) return { error: `\`${part}\` is not a \`name=accountId\` pair: write tenants like \`finance=222222222222, hr=333333333333\`.` };
    const name = m[1].trim();
    const accountId = m[2].trim();
    const badName = validateNameInput(name);
    if (badName) return { error: badName };
    const badId = validateAccountIdInput(accountId);
    if (badId) return { error: `Tenant \`${name}\`: ${badId}` };
    if (name === adminName || tenants.some((t) => t.name === name)) return { error: `The name \`${name}\` is used twice: each account needs its own name.` };
    if (accountId === adminAccountId) return { error: `Tenant \`${name}\` has the admin's account id ${accountId}: a tenant is another AWS account.` };
    if (tenants.some((t) => t.accountId === accountId)) return { error: `Account id ${accountId} is used twice: each tenant is its own AWS account.` };
    tenants.push({ name, accountId });
  }
  return { tenants };
}
