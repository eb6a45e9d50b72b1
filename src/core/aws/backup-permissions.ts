// The backup/restore permission set (seed `amazon_restricted_role_permissions.json`) as concrete actions, for iam:SimulatePrincipalPolicy.

import { BACKUP_PERMISSION_SET } from '../policy/required';

/**
 * The KMS operations the seed's three `kms:…*` wildcards cover: the simulator wants operation
 * names, and the IAM catalog is not loaded in the AWS commands' path.
 */
const WILDCARD_EXPANSIONS: Readonly<Record<string, readonly string[]>> = {
  'kms:DescribeKey*': ['kms:DescribeKey'],
  'kms:GenerateDataKey*': ['kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext'],
  'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
};

/** Every action the vendor's restricted role permissions allow, as concrete operation names, sorted. */
export const BACKUP_ACTIONS: readonly string[] = [
  ...new Set(
    BACKUP_PERMISSION_SET.flatMap((action) => {
      if (!action.includes('*')) return [action];
      const expanded = WILDCARD_EXPANSIONS[action];
      if (!expanded) throw new Error(`No expansion for the backup permission wildcard ${action}.`);
      return expanded;
    }),
  ),
].sort();

/**
 * The seed allows some deletes only on resources tagged by the backup product; the simulator needs those
 * keys in its request context, or it reports the tag-conditioned actions as denied.
 */
export const BACKUP_SIMULATION_CONTEXT = [
  { key: 'ec2:ResourceTag/_GX_BACKUP_', values: ['true'], type: 'string' as const },
  { key: 'ec2:ResourceTag/CV_Integrity_Snap', values: ['true'], type: 'string' as const },
  { key: 'aws:TagKeys', values: ['_GX_BACKUP_'], type: 'stringList' as const },
];
