// Who owns an IAM role or managed policy: apply changes only what it created (tagged) or what the user adopted by name.
import type { Tag } from '../types';

/** Put on every role and managed policy apply creates, and on a resource the user adopts. */
export const MANAGED_TAG: Tag = { key: 'cross-account-backup:managed', value: 'true' };
/** Earlier versions marked roles and instance profiles with this tag; still recognised. */
export const LEGACY_OWNER_TAG: Tag = { key: 'managed-by', value: 'cross-account-backup' };
/** Earlier versions marked managed policies by this description (still written, for people reading the console). */
export const OWNER_DESCRIPTION = 'Managed by Cross-Account Backup for AWS';

/** True when the resource carries our tag (or an earlier version's mark); anything else is someone else's. */
export function isManaged(tags: readonly Tag[], description?: string): boolean {
  const has = (t: Tag) => tags.some((x) => x.key === t.key && x.value === t.value);
  return has(MANAGED_TAG) || has(LEGACY_OWNER_TAG) || description === OWNER_DESCRIPTION;
}
