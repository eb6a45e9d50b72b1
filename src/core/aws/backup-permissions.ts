// The backup/restore permission set (seed `amazon_restricted_role_permissions.json`) as concrete actions, for iam:SimulatePrincipalPolicy.

/**
 * Every action the vendor's restricted role permissions allow, duplicates removed and the three `kms:…*`
 * wildcards expanded to the KMS operations they cover (the simulator wants operation names).
 */
export const BACKUP_ACTIONS: readonly string[] = [
  'ebs:ListChangedBlocks', 'ebs:ListSnapshotBlocks', 'ec2:AssociateIamInstanceProfile', 'ec2:AttachNetworkInterface',
  'ec2:AttachVolume', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:CopySnapshot',
  'ec2:CreateImage', 'ec2:CreateKeyPair', 'ec2:CreateNetworkInterface', 'ec2:CreateSecurityGroup',
  'ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:CreateVolume', 'ec2:DeleteNetworkInterface', 'ec2:DeleteSnapshot',
  'ec2:DeleteTags', 'ec2:DeleteVolume', 'ec2:DeregisterImage', 'ec2:DescribeAccountAttributes',
  'ec2:DescribeAvailabilityZones', 'ec2:DescribeIamInstanceProfileAssociations', 'ec2:DescribeImages',
  'ec2:DescribeImportImageTasks', 'ec2:DescribeInstanceAttribute', 'ec2:DescribeInstanceStatus',
  'ec2:DescribeInstances', 'ec2:DescribeKeyPairs', 'ec2:DescribeNetworkInterfaceAttribute',
  'ec2:DescribeNetworkInterfaces', 'ec2:DescribeRegions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSnapshots',
  'ec2:DescribeSubnets', 'ec2:DescribeTags', 'ec2:DescribeVolumeAttribute', 'ec2:DescribeVolumes',
  'ec2:DescribeVolumesModifications', 'ec2:DescribeVpcs', 'ec2:DetachNetworkInterface', 'ec2:DetachVolume',
  'ec2:DisassociateIamInstanceProfile', 'ec2:GetConsoleOutput', 'ec2:ImportImage', 'ec2:ModifyImageAttribute',
  'ec2:ModifyInstanceAttribute', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:ModifySnapshotAttribute',
  'ec2:ModifyVolume', 'ec2:ModifyVolumeAttribute', 'ec2:RunInstances', 'ec2:StartInstances', 'ec2:StopInstances',
  'ec2:TerminateInstances', 'iam:GetAccountAuthorizationDetails', 'iam:GetRole', 'iam:GetUser',
  'iam:ListInstanceProfiles', 'iam:ListRoles', 'iam:PassRole', 'kms:CreateAlias', 'kms:CreateGrant', 'kms:CreateKey',
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ListAliases',
  'kms:ListGrants', 'kms:ListKeys', 'kms:ListResourceTags', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:TagResource',
  's3:CreateBucket', 's3:DeleteObject', 's3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetObject',
  's3:ListAllMyBuckets', 's3:ListBucket', 's3:PutBucketAcl', 's3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging',
  'ssm:CancelCommand', 'ssm:DescribeDocument', 'ssm:DescribeInstanceInformation', 'ssm:ListCommands',
  'ssm:ListDocuments', 'ssm:SendCommand',
];

/**
 * The seed allows some deletes only on resources tagged by the backup product; the simulator needs those
 * keys in its request context, or it reports the tag-conditioned actions as denied.
 */
export const BACKUP_SIMULATION_CONTEXT = [
  { key: 'ec2:ResourceTag/_GX_BACKUP_', values: ['true'], type: 'string' as const },
  { key: 'ec2:ResourceTag/CV_Integrity_Snap', values: ['true'], type: 'string' as const },
  { key: 'aws:TagKeys', values: ['_GX_BACKUP_'], type: 'stringList' as const },
];
