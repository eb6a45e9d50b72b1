// The backup permission set every admin and tenant role needs (seed 003's amazon_restricted_role_permissions.json).

/** The actions of the vendor's restricted role permissions, deduplicated and sorted (92 of them). */
export const BACKUP_PERMISSION_SET: readonly string[] = [
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
  'kms:Decrypt', 'kms:DescribeKey*', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ListAliases', 'kms:ListGrants', 'kms:ListKeys', 'kms:ListResourceTags', 'kms:ReEncrypt*', 'kms:TagResource',
  's3:CreateBucket', 's3:DeleteObject', 's3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetObject',
  's3:ListAllMyBuckets', 's3:ListBucket', 's3:PutBucketAcl', 's3:PutObject', 's3:PutObjectAcl',
  's3:PutObjectTagging', 'ssm:CancelCommand', 'ssm:DescribeDocument', 'ssm:DescribeInstanceInformation',
  'ssm:ListCommands', 'ssm:ListDocuments', 'ssm:SendCommand',
];

/** What an admin account's permissions must also allow: its access nodes assume the tenants' roles. */
export const ADMIN_EXTRA_ACTIONS: readonly string[] = ['sts:AssumeRole'];
